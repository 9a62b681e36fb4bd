"""An upload attack corpus, generated here, sent through every way a file reaches storage: the
assignment's one-request upload, its resumable (chunked) upload, and the competency tracker's
certificate. Each file is refused with a 4xx that says why, or kept neutralised (a clean display
name, served as an attachment the browser never renders); nothing lands outside the storage prefix.
"""

import hashlib
import io
import unicodedata
import zipfile
from urllib.parse import quote

import pytest
from django.utils import timezone

from tests.assignment import samples
from tests.security import office_samples
from tests.security.support import OTHER, STAFF, changed, media_root, snapshot, upload_file, walk

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 48
PDF_HTML = b"%PDF-1.4\n<html><body><script>window.__pwned=1</script></body></html>\n%%EOF\n"
SVG_PDF = b"%PDF-1.4\n" + samples.SVG


def gifar():
    """An image that is also a zip (GIFAR-style): PNG bytes first, a zip with a script appended."""
    return samples.PNG + samples.zipped({"payload.js": "alert(1)", "META-INF/MANIFEST.MF": "x"})


def docx_bomb():
    """A real docx skeleton with one member of 60 MB of zeros: about 60 kB compressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(60):
                member.write(b"\x00" * (1024 * 1024))
    return buffer.getvalue()


REFUSED, KEPT = "refused", "kept"
# (name sent, content, what must happen). All attacks; "kept" ones must come back neutralised.
CORPUS = [
    ("laporan.pdf", samples.EXE, REFUSED),  # PE executable renamed
    ("laporan.pdf", ELF, REFUSED),  # ELF executable renamed
    ("program.exe", samples.EXE, REFUSED),
    ("halaman.pdf", samples.HTML, REFUSED),  # HTML with script renamed
    ("halaman.html", samples.HTML, REFUSED),
    ("gambar.svg", samples.SVG, REFUSED),  # SVG with script
    ("gambar.png", samples.SVG, REFUSED),
    ("poliglot.pdf", PDF_HTML, KEPT),  # PDF header + HTML/JS: a PDF, served as one
    ("poliglot.pdf", SVG_PDF, KEPT),
    ("gifar.png", gifar(), KEPT),  # PNG + zip: an image, served as one
    ("gifar.docx", gifar(), REFUSED),
    ("../../../../etc/cron.d/x.pdf", samples.pdf(), KEPT),  # path traversal
    ("..\\..\\windows\\system32\\x.pdf", samples.pdf(), KEPT),
    ("/var/www/html/x.pdf", samples.pdf(), KEPT),
    ("lap\x00oran\x1b[31m.pdf", samples.pdf(), KEPT),  # control characters
    ("a\r\nContent-Type: text/html\r\n.pdf", samples.pdf(), KEPT),  # header injection attempt
    ("laporan\u202efdp.exe", samples.EXE, REFUSED),  # right-to-left override: shows "laporanexe.pdf"
    ("\u202egnp.pdf", samples.pdf(), KEPT),
    ("kosong.pdf", b"", REFUSED),  # zero bytes
    ("besar.pdf", samples.pdf() + b"0" * (1024 * 1024), REFUSED),  # over the block's 1 MB
    ("bom.docx", docx_bomb(), REFUSED),  # zip bomb presented as docx
    ("makro.docx", samples.docx({"word/vbaProject.bin": "x"}), REFUSED),
    ("lap\u200boran\u200d\u2060.pdf", samples.pdf(), KEPT),  # zero-width characters hide in a name
    ("\u2066laporan\u2069\u200e\u061c.pdf", samples.pdf(), KEPT),  # bidi isolates and marks
    ("laporan\u2028\u00ad\ufeff.pdf", samples.pdf(), KEPT),  # line separator, soft hyphen, BOM
    # Office files with active content: office_samples.ACTIVE, sent through every channel by
    # test_office_file_with_active_content_is_refused (with the office types accepted, and the code)
]
CHANNELS = ("assignment", "assignment-raw", "assignment-chunked", "competency")


def evidence_form(data_field):
    return {
        "title": "Pelatihan Keamanan",
        "organizer": "BDK Jakarta",
        "jp": "2",
        "competency_type": "teknis",
        "completed_on": timezone.localdate().isoformat(),
        "certificate_number": "BDK/2026/0001",
        **data_field,
    }


def chunked(caller, name, data, finish):
    """start -> chunks -> finish, as the browser module does; the first refusal is the answer."""
    start = caller.call(
        OTHER, "upload_start", json_body={"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    )
    if start.status != 200:
        return start
    session = start.json
    for offset in range(0, len(data), session["chunk_size"]):
        part = data[offset : offset + session["chunk_size"]]
        query = f"upload_id={session['upload_id']}&offset={offset}"
        sent = caller.call(OTHER, "upload_chunk", raw=part, content_type="application/octet-stream", query=query)
        if sent.status != 200:
            return sent
    return finish(session["upload_id"])


def send(world, channel, name, data):
    if channel == "assignment":
        return world.assignment.call(OTHER, "upload", form={"file": upload_file(name, data)})
    if channel == "assignment-raw":
        # The body is the file; its name travels percent-encoded in a header.
        headers = {"X-Upload-Name": quote(name, safe="")}
        return world.assignment.call(
            OTHER, "upload", raw=data, content_type="application/octet-stream", headers=headers, follow=False
        )
    if channel == "assignment-chunked":
        return chunked(
            world.assignment,
            name,
            data,
            lambda upload_id: world.assignment.call(OTHER, "upload_finish", json_body={"upload_id": upload_id}),
        )
    return world.competency.call(OTHER, "report_training", form=evidence_form({"evidence": upload_file(name, data)}))


def stored_name_and_download(world, channel, reply):
    """The display name the server kept, and the download as the learner gets it."""
    if channel.startswith("assignment"):
        kept = reply.json["files"][-1]
        return kept["name"], world.assignment.call(OTHER, "download", method="GET", query=f"file={kept['id']}")
    from kemenag_xblocks.competency.models import LedgerEntry

    entry = LedgerEntry.objects.filter(user__username=OTHER).latest("pk")
    return entry.evidence_name, world.competency.call(OTHER, "evidence", method="GET", query=f"entry={entry.pk}")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("name", "data", "outcome"), CORPUS, ids=[f"{i:02d}" for i in range(len(CORPUS))])
def test_attack_file_is_refused_or_neutralised(world, settings, channel, name, data, outcome):
    settings.KEMENAG_UPLOAD_MAX_BYTES = 1024 * 1024  # the certificate's limit, as small as the block's
    var_dir = media_root().parent
    before, state = walk(var_dir), snapshot()
    reply = send(world, channel, name, data)
    created = set(walk(var_dir)) - set(before)
    outside = [path for path in created if not path.startswith("media/kemenag/")]
    assert not outside, f"written outside the storage prefix: {outside}"
    for escape in ("etc/cron.d/x.pdf", "windows/system32/x.pdf", "var/www/html/x.pdf"):
        assert not (var_dir.parent / escape).exists() and not (media_root() / escape).exists()
    if outcome == REFUSED:
        assert 400 <= reply.status < 500, (reply.status, reply.content[:200])
        assert reply.message(), "a refusal says why"
        if channel != "assignment-chunked":  # (a refused resumable upload keeps its session to retry)
            assert not changed(state, snapshot()), changed(state, snapshot())
        return
    assert reply.status == 200, (reply.status, reply.content[:300])
    display, download = stored_name_and_download(world, channel, reply)
    assert not any(c in display for c in "/\\\x00\r\n\x1b\u202e"), f"unsafe display name kept: {display!r}"
    hidden = [c for c in display if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    assert not hidden, f"invisible characters kept in {display!r}: {hidden}"
    assert ".." not in display
    assert download.status == 200 and download.content == data
    headers = {key.lower(): value for key, value in download.headers.items()}
    assert headers["content-disposition"].startswith("attachment")
    assert "\r" not in headers["content-disposition"] and "\n" not in headers["content-disposition"]
    assert headers["x-content-type-options"] == "nosniff" and "sandbox" in headers["content-security-policy"]
    assert headers["content-type"].split(";")[0] in ("application/pdf", "image/png"), headers["content-type"]


def test_over_count_uploads_are_refused_and_keep_what_was_there(world):
    """The block takes two files: the third is refused on every channel, and nothing is stored."""
    for n in range(2):
        assert send(world, "assignment", f"bab{n}.pdf", samples.pdf(f"bab {n}")).status == 200
    for channel in ("assignment", "assignment-chunked"):
        before = walk(media_root())
        reply = send(world, channel, "bab9.pdf", samples.pdf("bab 9"))
        assert reply.status == 413 and reply.message()
        kept = {path for path in set(walk(media_root())) - set(before) if "upload" not in path}
        assert not kept, kept
    files = world.assignment.call(OTHER, "learner_state_json", json_body={}).json["files"]
    assert len(files) == 2


def test_an_oversized_request_is_refused_before_the_file_is_inspected(world):
    """Declared sizes count: a chunked upload announcing more than the limit never starts."""
    too_big = 1024 * 1024 + 1
    reply = world.assignment.call(
        OTHER, "upload_start", json_body={"name": "besar.pdf", "size": too_big, "sha256": "0" * 64}
    )
    assert reply.status == 413 and reply.message()


OFFICE_TYPES = "pdf,png,docx,xlsx,pptx,odt"


@pytest.fixture
def takes_office_files(world, settings):
    """Every channel accepts the office types, so what refuses a file is its inspection, not its type."""
    settings.KEMENAG_JP_EVIDENCE_TYPES = tuple(OFFICE_TYPES.split(","))
    reply = world.assignment.call(
        STAFF, "submit_studio_edits", json_body={"values": {"allowed_types": OFFICE_TYPES}, "defaults": []}
    )
    assert reply.status == 200, reply.content
    return world


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("name", "data"), office_samples.ACTIVE, ids=[n for n, _ in office_samples.ACTIVE])
def test_office_file_with_active_content_is_refused(takes_office_files, channel, name, data):
    state = snapshot()
    reply = send(takes_office_files, channel, name, data)
    assert reply.status == 415, (reply.status, reply.content[:200])
    assert reply.json["code"] == "content_mismatch"
    assert "macros, embedded programs or links" in reply.message()
    if channel != "assignment-chunked":
        assert not changed(state, snapshot())


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("name", "data"), office_samples.PLAIN, ids=[n for n, _ in office_samples.PLAIN])
def test_a_plain_office_file_with_web_links_is_kept(takes_office_files, channel, name, data):
    """Not over-refused: a report citing a web page (an http(s) or mailto hyperlink) is accepted."""
    reply = send(takes_office_files, channel, name, data)
    assert reply.status == 200, (reply.status, reply.content[:200])

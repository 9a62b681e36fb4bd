"""The declared authorization matrix: for every handler of every block, what each actor gets.

One row per handler (several for a handler that serves different things, like ``download``);
``expect`` gives the status for (anonymous, learner, another learner, staff). 2xx and 409 are
"allowed" (409: allowed, but the actor has nothing in that state, e.g. no open attempt of their
own); 403 is refused; 404 is refused without saying whether the thing exists (ids reveal nothing).
The learner is ``peserta_a``, whose work the other learner targets with ``peserta_a``'s ids.

Rows marked ``studio`` are Studio's editor save: in Open edX the CMS authorises them (course authors
only) and the LMS keeps settings read-only; the workbench lets anyone call them, so their cells
record the workbench's answer and the test checks no learner's call writes the plugin's rows.
"""

import functools
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils import timezone

from tests.assignment import samples
from tests.security.support import LEARNER, STAFF, upload_file
from tests.support.quiz_tokens import tokenized

A, Q, C = "kemenag_assignment", "kemenag_moderation_quiz", "kemenag_competency"
R = "kemenag_resources"
STAFF_ONLY = (403, 403, 403, 200)


@dataclass(frozen=True)
class Row:
    request: object  # world -> kwargs of ReplyCaller.call
    expect: tuple  # statuses for (anonymous, learner, other learner, staff)
    arrange: object = None  # world -> None, run before the call (inside the cell's savepoint)
    note: str = ""
    variant: str = ""
    studio: bool = field(default=False)


def json_(payload=None):
    return lambda world: {"json_body": payload(world) if callable(payload) else (payload or {})}


def get(query=None, suffix=None):
    return lambda world: {
        "method": "GET",
        "query": query(world) if callable(query) else (query or ""),
        "suffix": suffix(world) if callable(suffix) else (suffix or ""),
    }


def form(fields):
    return lambda world: {"form": fields(world)}


def reopen(world):
    """Staff give the learner's work back, so its files are editable again."""
    world.assignment.call(STAFF, "return_for_revision", json_body={"submission_id": world.submission_id})


def export_name(world):
    url = world.quiz.call(STAFF, "export_attempts", json_body={}).json["url"]
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def archive_token(world):
    return "token=" + world.assignment.call(STAFF, "download_all", json_body={}).json["token"]


def grades_csv(world):
    text = world.assignment.call(STAFF, "export_grades", method="GET").content
    return {"file": upload_file("grades.csv", text, "text/csv")}


def chunk_data():
    return samples.pdf("bab 3, dikirim per bagian")


def chunk_start(caller, student=LEARNER):
    data = chunk_data()
    body = {"name": "bab3.pdf", "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return caller.call(student, "upload_start", json_body=body).json["upload_id"]


def chunk_session(world, tag=A):
    """A resumable upload of the learner's started, nothing sent yet (assignment: work reopened)."""
    if tag == A:
        reopen(world)
    world.upload_id = chunk_start(world.caller(tag))


def chunk_complete(world, tag=A):
    """...and all of its bytes sent, ready to finish."""
    chunk_session(world, tag)
    query = f"upload_id={world.upload_id}&offset=0"
    world.caller(tag).call(
        LEARNER, "upload_chunk", raw=chunk_data(), content_type="application/octet-stream", query=query
    )


competency_session = functools.partial(chunk_session, tag=C)


def send_chunk(world):
    return {
        "raw": chunk_data(),
        "content_type": "application/octet-stream",
        "query": f"upload_id={world.upload_id}&offset=0",
    }


ITEM_BANK = "id,dimension,type,reverse,prompt\nx1,kk,likert,,Soal satu\nx2,tol,likert,true,Soal dua\n"
ITEMS = {"items": [{"id": "x1", "dimension": "kk", "type": "likert", "prompt": "Soal satu", "options": []}]}
DIMENSIONS = {
    "dimensions": [
        {"id": "kk", "name": "Komitmen Kebangsaan", "weight": "2"},
        {"id": "tol", "name": "Toleransi", "weight": "1"},
    ],
    "bands": [{"min": "0", "name": "Rendah"}, {"min": "50", "name": "Tinggi"}],
}
STUDIO_SAVE = json_({"values": {"display_name": "Renamed"}, "defaults": []})

MATRIX = {
    (Q, "student_view_user_state"): [Row(json_(), (403, 200, 200, 200))],
    (Q, "start_attempt"): [Row(json_(), (403, 200, 200, 200))],
    (Q, "save_answers"): [Row(json_(lambda world: {"answers": tokenized({"kk1": 3}, LEARNER)}), (403, 200, 409, 409))],
    (Q, "submit"): [Row(json_(lambda world: {"answers": tokenized({"kk1": 3}, LEARNER)}), (403, 200, 409, 409))],
    (Q, "staff_report"): [Row(json_(), STAFF_ONLY)],
    (Q, "staff_report_html"): [Row(get(), STAFF_ONLY)],
    (Q, "export_attempts"): [Row(json_(), STAFF_ONLY)],
    (Q, "download_export"): [Row(get(suffix=export_name), STAFF_ONLY, note="another's attempts")],
    (Q, "export_item_bank"): [Row(get(), STAFF_ONLY)],
    (Q, "import_item_bank"): [Row(json_({"csv": ITEM_BANK}), STAFF_ONLY)],
    (Q, "save_dimensions"): [Row(json_(DIMENSIONS), STAFF_ONLY)],
    (Q, "item_rows"): [Row(json_(), STAFF_ONLY)],
    (Q, "save_items"): [Row(json_(ITEMS), STAFF_ONLY)],
    (Q, "submit_studio_edits"): [Row(STUDIO_SAVE, (200, 200, 200, 200), studio=True)],
    (A, "upload"): [
        Row(form(lambda w: {"file": upload_file("bab2.pdf", samples.pdf("bab 2"))}), (403, 200, 200, 200), reopen)
    ],
    (A, "remove_file"): [Row(json_(lambda w: {"file_id": w.file_id}), (403, 200, 404, 404), reopen)],
    (A, "submit"): [Row(json_({"confirm": True}), (403, 200, 409, 409), reopen)],
    (A, "upload_start"): [
        Row(
            json_(
                lambda w: {
                    "name": "bab3.pdf",
                    "size": len(chunk_data()),
                    "sha256": hashlib.sha256(chunk_data()).hexdigest(),
                }
            ),
            (403, 200, 200, 200),
            reopen,
        )
    ],
    (A, "upload_status"): [Row(json_(lambda w: {"upload_id": w.upload_id}), (403, 200, 404, 404), chunk_session)],
    (A, "upload_chunk"): [Row(send_chunk, (403, 200, 404, 404), chunk_session, note="into another's upload")],
    (A, "upload_finish"): [Row(json_(lambda w: {"upload_id": w.upload_id}), (403, 200, 404, 404), chunk_complete)],
    (A, "upload_cancel"): [Row(json_(lambda w: {"upload_id": w.upload_id}), (403, 200, 404, 404), chunk_session)],
    (A, "student_view_user_state"): [Row(get(), (403, 200, 200, 200), note="each gets only their own state")],
    (A, "learner_state_json"): [Row(json_(), (200, 200, 200, 200), note="each gets only their own state")],
    (A, "download"): [
        Row(get(lambda w: f"file={w.file_id}"), (404, 200, 404, 200), variant="file", note="another's file"),
        Row(
            get(lambda w: f"annotated={w.submission_id}"),
            (404, 200, 404, 200),
            variant="annotated",
            note="another's graded file",
        ),
    ],
    (A, "receipt"): [Row(get(), (404, 200, 404, 404), note="only one's own hand-in")],
    (A, "submissions"): [Row(json_(), STAFF_ONLY, note="everyone's grades")],
    (A, "grade"): [Row(form(lambda w: {"submission_id": w.submission_id, "score": "20"}), STAFF_ONLY)],
    (A, "grade_history"): [
        Row(json_(lambda w: {"submission_id": w.submission_id}), STAFF_ONLY, note="another's grades")
    ],
    (A, "return_for_revision"): [Row(json_(lambda w: {"submission_id": w.submission_id}), STAFF_ONLY)],
    (A, "download_all"): [Row(json_(), STAFF_ONLY)],
    (A, "download_archive"): [Row(get(archive_token), STAFF_ONLY, note="everyone's files")],
    (A, "export_grades"): [Row(get(), STAFF_ONLY, note="everyone's grades")],
    (A, "import_grades"): [Row(form(grades_csv), STAFF_ONLY)],
    (A, "submit_studio_edits"): [Row(STUDIO_SAVE, (200, 200, 200, 200), studio=True)],
    (C, "report_training"): [
        Row(
            form(
                lambda w: {
                    "title": "Diklat Kepemimpinan",
                    "organizer": "BDK Bandung",
                    "jp": "4",
                    "competency_type": "manajerial",
                    "completed_on": timezone.localdate().isoformat(),
                    "certificate_number": "BDK-BDG/2026/0007",
                    "evidence": upload_file("bukti.pdf", samples.pdf("bukti")),
                }
            ),
            (403, 200, 200, 200),
        )
    ],
    (C, "evidence"): [
        Row(get(lambda w: f"entry={w.entry_id}"), (404, 200, 404, 200), note="another's evidence: as if missing")
    ],
    (C, "upload_start"): [
        Row(
            json_(
                lambda w: {
                    "name": "bab3.pdf",
                    "size": len(chunk_data()),
                    "sha256": hashlib.sha256(chunk_data()).hexdigest(),
                }
            ),
            (403, 200, 200, 200),
        )
    ],
    (C, "upload_status"): [Row(json_(lambda w: {"upload_id": w.upload_id}), (403, 200, 404, 404), competency_session)],
    (C, "upload_chunk"): [Row(send_chunk, (403, 200, 404, 404), competency_session, note="into another's upload")],
    (C, "upload_cancel"): [Row(json_(lambda w: {"upload_id": w.upload_id}), (403, 200, 404, 404), competency_session)],
    (C, "student_view_user_state"): [Row(get(), (403, 200, 200, 200), note="each gets only their own ledger")],
    (C, "transcript"): [Row(get(), (403, 200, 200, 200), note="each gets only their own ledger")],
    (C, "decide_training"): [
        Row(
            json_(lambda w: {"entry": w.entry_id, "approve": True}),
            (403, 404, 404, 200),
            note="the learner's unit HR officer only (here: the staff user)",
        )
    ],
    (C, "check_transcript"): [
        Row(json_(lambda w: {"code": w.transcript_code}), STAFF_ONLY, note="another's ledger snapshot")
    ],
    (C, "export_csv"): [Row(get(), STAFF_ONLY, note="the cohort's ledger")],
    (C, "submit_studio_edits"): [Row(STUDIO_SAVE, (403, 403, 403, 200), studio=True, note="staff only (14.11)")],
    # Sumber Belajar: items are the author's (anyone enrolled may act on them, each on their own rows);
    # opening is a redirect to the author's link, recorded only for a signed-in learner.
    (R, "open"): [Row(get(query="item=buku"), (303, 303, 303, 303), note="a link out, never the query's")],
    (R, "mark_read"): [Row(json_({"item": "jurnal"}), (403, 200, 200, 200), note="each marks their own")],
    (R, "bookmark"): [Row(json_({"item": "buku"}), (403, 200, 200, 200), note="each keeps their own list")],
    (R, "my_bookmarks"): [Row(json_(), (403, 200, 200, 200), note="each gets only their own list")],
    (R, "student_view_user_state"): [Row(get(), (403, 200, 200, 200), note="each gets only their own reading")],
    (R, "search_catalogue"): [Row(json_({"q": "moderasi"}), STAFF_ONLY)],
    (R, "save_list"): [Row(json_({"items": []}), STAFF_ONLY)],
    (R, "reading_report"): [Row(json_(), STAFF_ONLY, note="everyone's reading")],
    (R, "export_reading"): [Row(get(), STAFF_ONLY, note="everyone's reading")],
}

# What belongs to the learner and must never reach another learner or a visitor.
LEARNER_SECRETS = (LEARNER, "rencana.pdf", "catatan.pdf", "Rahasia Peserta A", "sertifikat.pdf")
# Per-block counters every learner's attempt updates: not "another learner's" record.
SHARED_AGGREGATES = {"kemenag_xblocks.QuizCounter", "kemenag_xblocks.QuizBandCount"}


# ---- the plugin app's own views (``kemenag_xblocks/urls.py``), by URL name ---------------------


@dataclass(frozen=True)
class ViewRow:
    url: object  # world -> the URL path (any query is replaced by the actor's ``?student=``)
    expect: tuple  # statuses for (anonymous, learner, other learner, staff)
    note: str = ""
    variant: str = ""
    html: bool = False  # a page (its refusals are the platform's HTML error pages, not JSON)


def signed_download(world):
    """The learner's own signed link to their hand-in: where the ``download`` handler redirects."""
    reply = world.assignment.call(LEARNER, "download", method="GET", query=f"file={world.file_id}", follow=False)
    assert reply.status == 302, reply.content[:200]
    return reply.headers["Location"]


def officer_unit(world):
    """The learner's work unit, which the staff user oversees as its HR officer (decision 0004)."""
    from kemenag_xblocks.competency.models import WorkUnit

    return WorkUnit.objects.get(code="KK-TEST").pk


# The officers' pages (HTML): a visitor is sent to sign in, anyone who is not the unit's HR officer
# is told the page does not exist (404), the officer sees it; POST-only actions answer any GET with 405.
OFFICER_ONLY = (302, 404, 404, 200)
OFFICER_POST_ONLY = (405, 405, 405, 405)  # refused by method before anything is looked up
PLUGIN_VIEWS = {
    "kemenag_xblocks:download": [
        ViewRow(signed_download, (403, 200, 403, 403), note="a link signed for the learner", variant="signed"),
        ViewRow(lambda w: "/kemenag/download/not-a-token/", (403, 403, 403, 403), variant="forged"),
    ],
    "kemenag_xblocks:officer_home": [ViewRow(lambda w: "/kemenag/officer/", OFFICER_ONLY, html=True)],
    "kemenag_xblocks:officer_unit": [
        ViewRow(lambda w: f"/kemenag/officer/unit/{officer_unit(w)}/", OFFICER_ONLY, html=True),
        ViewRow(lambda w: "/kemenag/officer/unit/999999/", (302, 404, 404, 404), html=True, variant="other unit"),
    ],
    "kemenag_xblocks:officer_people": [
        ViewRow(lambda w: f"/kemenag/officer/unit/{officer_unit(w)}/people/", OFFICER_ONLY, html=True)
    ],
    "kemenag_xblocks:officer_export_start": [
        ViewRow(lambda w: f"/kemenag/officer/unit/{officer_unit(w)}/export/", OFFICER_POST_ONLY, html=True)
    ],
    "kemenag_xblocks:officer_queue": [ViewRow(lambda w: "/kemenag/officer/queue/", OFFICER_ONLY, html=True)],
    "kemenag_xblocks:officer_decide": [
        ViewRow(lambda w: f"/kemenag/officer/queue/{w.entry_id}/decide/", OFFICER_POST_ONLY, html=True)
    ],
    "kemenag_xblocks:officer_evidence": [
        ViewRow(
            lambda w: f"/kemenag/officer/evidence/{w.entry_id}/",
            (302, 404, 404, 200),
            html=True,
            note="only the unit's officer gets the certificate",
        )
    ],
    "kemenag_xblocks:officer_export": [
        ViewRow(
            lambda w: "/kemenag/officer/exports/00000000-0000-0000-0000-000000000000/",
            (302, 404, 404, 404),
            html=True,
            note="no such export",
        )
    ],
    "kemenag_xblocks:officer_export_download": [
        ViewRow(
            lambda w: "/kemenag/officer/exports/00000000-0000-0000-0000-000000000000/download/",
            (302, 404, 404, 404),
            html=True,
            note="no such export",
        )
    ],
    # Public verification: anyone may check a code; the page shows only the documented fields.
    "kemenag_xblocks:verify_form": [ViewRow(lambda w: "/kemenag/verify/", (200, 200, 200, 200), html=True)],
    "kemenag_xblocks:verify": [
        ViewRow(lambda w: f"/kemenag/verify/{w.transcript_code}/", (200, 200, 200, 200), html=True),
        ViewRow(lambda w: "/kemenag/verify/NOT-A-CODE/", (404, 404, 404, 404), html=True, variant="unknown"),
    ],
    # Report runs answer only the user who started them; an unknown token is a 404 for everyone.
    "kemenag_xblocks:report_status": [
        ViewRow(lambda w: "/kemenag/reports/0123456789abcdef0123456789abcdef/", (404, 404, 404, 404))
    ],
    "kemenag_xblocks:report_file": [
        ViewRow(lambda w: "/kemenag/reports/0123456789abcdef0123456789abcdef/file/", (404, 404, 404, 404))
    ],
    "kemenag_xblocks:start_platform_report": [
        ViewRow(lambda w: "/kemenag/reports/platform/siasn/", (405, 405, 405, 405), html=True, note="POST only")
    ],
    # The demo's own shell (not shipped): the LMS's jump_to_id and the favicon.
    "demo_jump_to_id": [
        ViewRow(
            lambda w: "/courses/course-v1:Kemenag+MB101+2026/jump_to_id/unit_toleransi", (200, 200, 200, 200), html=True
        )
    ],
    "demo_favicon": [ViewRow(lambda w: "/favicon.ico", (200, 200, 200, 200))],
}

"""What the security tests share: the blocks' handlers found by introspection, the four actors,
handler calls as the LMS makes them (through the workbench's URLs), and snapshots of every
piece of stored state (block fields, the plugin app's rows, the files in storage).
"""

import contextlib
import json
import os
import secrets
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from xblock.core import XBlock

from tests.support.workbench import handler_url


def package_block_tags():
    """Every block this package installs (its ``xblock.v1`` entry points): a new block is covered by
    every suite that iterates these without anyone listing it."""
    return tuple(sorted(ep.name for ep in entry_points(group="xblock.v1") if ep.value.startswith("kemenag_xblocks.")))


BLOCK_TAGS = package_block_tags()

# The four actors of the authorization matrix. ``ANONYMOUS`` is mapped by the ``lms_anonymous``
# fixture to what the LMS gives a visitor who is not signed in: no user id, no anonymous id.
ANONYMOUS, LEARNER, OTHER, STAFF = "anonymous", "peserta_a", "peserta_b", "staff"
ACTORS = (ANONYMOUS, LEARNER, OTHER, STAFF)

QUIZ_XML = """
<kemenag_moderation_quiz url_name="quiz" display_name="Tes" max_attempts="0">
  <dimension id="kk" weight="1">Komitmen Kebangsaan</dimension>
  <dimension id="tol" weight="1">Toleransi</dimension>
  <item id="kk1" dimension="kk"><prompt>Pancasila sejalan dengan agama.</prompt></item>
  <item id="kk2" dimension="kk" reverse="true"><prompt>Hukum negara boleh diabaikan.</prompt></item>
  <item id="t1" dimension="tol" type="choice"><prompt>Tetangga membangun rumah ibadah.</prompt>
    <option id="a" score="0">Menolak</option>
    <option id="b" score="4">Menghormati</option>
  </item>
</kemenag_moderation_quiz>
"""
ASSIGNMENT_XML = (
    '<kemenag_assignment display_name="Laporan" weight="40" max_files="2" max_file_mb="1" '
    'allowed_types="pdf,png,docx"/>'
)
COMPETENCY_XML = '<kemenag_competency jp="12" competency_type="sosial_kultural" course_title="Moderasi Beragama"/>'
RESOURCES_XML = (
    '<kemenag_resources display_name="Ruang Baca">'
    '<item id="buku" kind="link" url="https://buku.contoh.invalid/" required="true"><title>Buku</title></item>'
    '<item id="jurnal" kind="record" identifier="oai:contoh:1" url="https://jurnal.contoh.invalid/1">'
    "<title>Artikel</title></item></kemenag_resources>"
)
XML_BY_TAG = {
    "kemenag_moderation_quiz": QUIZ_XML,
    "kemenag_assignment": ASSIGNMENT_XML,
    "kemenag_competency": COMPETENCY_XML,
    "kemenag_resources": RESOURCES_XML,
}


def block_xml(tag):
    """The OLX the suites load a block from: the examples above, or the block with its defaults."""
    return XML_BY_TAG.get(tag, f"<{tag}/>")


def block_handlers(tag):
    """Every handler the block class exposes (its own and inherited ones), found by introspection:
    a handler added tomorrow appears here without anyone listing it."""
    cls = XBlock.load_class(tag)
    return sorted(name for name in dir(cls) if getattr(getattr(cls, name, None), "_is_xblock_handler", False))


def all_handlers():
    return [(tag, name) for tag in BLOCK_TAGS for name in block_handlers(tag)]


# ---- calls -----------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    content: bytes
    content_type: str
    headers: dict = field(default_factory=dict)

    @property
    def json(self):
        try:
            return json.loads(self.content)
        except ValueError:
            return None

    def message(self):
        """The user-facing message of a refusal: the JSON ``error`` (or ``message``), or plain text."""
        body = self.json
        if isinstance(body, dict):
            text = body.get("error") or body.get("message")
            if isinstance(text, dict):  # Studio's validation answer: {"error": {"messages": [{"text"}]}}
                text = " ".join(str(m.get("text", "")) for m in text.get("messages", []) if isinstance(m, dict))
            return text if isinstance(text, str) else ""
        return self.content.decode("utf-8", "replace").strip()


class Caller:
    """Calls one scenario's handlers as a given student, the way the LMS's JavaScript does."""

    def __init__(self, client, unit):
        self.client, self.unit = client, unit

    def block(self, student=LEARNER):
        return self.unit.block(student)

    def url(self, handler, student, suffix="", query=""):
        base = handler_url(self.block(student), handler).split("?")[0]
        if suffix:
            base = base.rstrip("/") + "/" + suffix
        return f"{base}?student={student}" + (f"&{query}" if query else "")

    def call(
        self,
        student,
        handler,
        *,
        method="POST",
        json_body=None,
        raw=None,
        content_type="application/json",
        form=None,
        query="",
        suffix="",
        follow=True,
    ):
        """One handler call; a download's redirect to the plugin's signed link is followed as the
        same user (what the browser does), so the status is what the user finally gets."""
        url = self.url(handler, student, suffix, query)
        if form is not None and method == "POST":
            body, multipart_type = multipart(form)
            response = self.client.generic("POST", url, body, content_type=multipart_type)
        elif raw is not None or json_body is not None:
            body = raw if raw is not None else json.dumps(json_body)
            response = self.client.generic(method, url, body, content_type=content_type)
        else:
            response = self.client.generic(method, url)
        if follow and response.status_code in (301, 302) and response["Location"].startswith("/"):
            response = self.client.get(response["Location"])
        content = b"".join(response.streaming_content) if response.streaming else response.content
        # Close a streamed file, not the response: Response.close() sends request_finished, which
        # closes the database connection in the middle of the test's transaction.
        if getattr(response, "file_to_stream", None) is not None:
            response.file_to_stream.close()
        return Reply(response.status_code, content, response.get("Content-Type", ""), dict(response.items()))


# ---- stored state -----------------------------------------------------------------------------


def media_root():
    return Path(settings.STORAGES["default"]["OPTIONS"]["location"])


def walk(root):
    """Every file under ``root`` with its size (a missing root is empty)."""
    root = Path(root)
    if not root.exists():
        return {}
    return {str(path.relative_to(root)): path.stat().st_size for path in root.rglob("*") if path.is_file()}


def plugin_rows():
    """Every row of every model of the plugin app (grades, attempts, files, ledger, audit...)."""
    rows = {}
    for model in apps.get_app_config("kemenag_xblocks").get_models():
        rows[model._meta.label] = sorted(
            (json.dumps(row, sort_keys=True, default=str) for row in model.objects.values()),
        )
    return rows


def block_fields():
    """The workbench's field storage: every scope of every block (settings, content, user state)."""
    from workbench.models import XBlockState

    return sorted(
        json.dumps([row.scope, row.scope_id, row.user_id, row.state], default=str) for row in XBlockState.objects.all()
    )


def snapshot():
    return {"rows": plugin_rows(), "fields": block_fields(), "files": walk(media_root())}


def changed(before, after):
    """What differs between two snapshots, readably (empty when nothing changed)."""
    diff = {}
    for label in set(before["rows"]) | set(after["rows"]):
        if before["rows"].get(label) != after["rows"].get(label):
            diff[label] = {
                "gone": sorted(set(before["rows"].get(label, [])) - set(after["rows"].get(label, [])))[:3],
                "new": sorted(set(after["rows"].get(label, [])) - set(before["rows"].get(label, [])))[:3],
            }
    if before["fields"] != after["fields"]:
        diff["block fields"] = sorted(set(after["fields"]) - set(before["fields"]))[:3]
    if before["files"] != after["files"]:
        diff["files"] = sorted(set(after["files"]) ^ set(before["files"]))[:5]
    return diff


@contextlib.contextmanager
def rolled_back():
    """Run a block of calls in a savepoint and undo them: every example starts from the same state.

    Files written to storage are not in the database: the caller removes new ones (see ``drop_new_files``).
    """
    with transaction.atomic():
        point = transaction.savepoint()
        try:
            yield
        finally:
            transaction.savepoint_rollback(point)


def drop_new_files(before):
    root = media_root()
    for name in set(walk(root)) - set(before):
        with contextlib.suppress(FileNotFoundError):
            os.remove(root / name)


def ensure_users():
    for username in (LEARNER, OTHER, STAFF):
        get_user_model().objects.get_or_create(username=username)


def upload_file(name, data, content_type="application/octet-stream"):
    """A file field for ``Caller.call(form=...)``: sent under exactly this name, hostile or not."""
    return (name, data, content_type)


def _header_text(text):
    # As browsers write a file name into the multipart header: quotes and line breaks escaped.
    return str(text).replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def multipart(fields):
    """A multipart/form-data body built by hand, so file names reach the server exactly as a hostile
    client sends them (Django's test client refuses to send an empty or traversing name)."""
    boundary = "kemenag" + secrets.token_hex(12)
    parts = []
    for key, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{_header_text(key)}"'
        if isinstance(value, tuple):
            name, data, content_type = (*value, "application/octet-stream")[:3]
            file_part = f'{disposition}; filename="{_header_text(name)}"\r\nContent-Type: {content_type}'
            head = f"--{boundary}\r\n{file_part}\r\n\r\n"
            parts.append(head.encode() + data + b"\r\n")
        else:
            parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"

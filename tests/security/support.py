"""What the security tests share: the blocks' handlers found by introspection, the four actors,
handler calls as the LMS makes them (through the workbench's URLs), and snapshots of every
piece of stored state (block fields, the plugin app's rows, the files in storage).
"""

import contextlib
import json
import os
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from xblock.core import XBlock

from tests.support.handlers import Caller, read
from tests.support.olx import olx, small_quiz


def package_block_tags():
    """Every block this package installs (its ``xblock.v1`` entry points): a new block is covered by
    every suite that iterates these without anyone listing it."""
    return tuple(sorted(ep.name for ep in entry_points(group="xblock.v1") if ep.value.startswith("kemenag_xblocks.")))


BLOCK_TAGS = package_block_tags()

# The four actors of the authorization matrix. ``ANONYMOUS`` is mapped by the ``lms_anonymous``
# fixture to what the LMS gives a visitor who is not signed in: no user id, no anonymous id.
ANONYMOUS, LEARNER, OTHER, STAFF = "anonymous", "peserta_a", "peserta_b", "staff"
ACTORS = (ANONYMOUS, LEARNER, OTHER, STAFF)

QUIZ_XML = small_quiz('max_attempts="0"')
ASSIGNMENT_XML = olx("kemenag_assignment/two_small_files")
COMPETENCY_XML = olx("kemenag_competency/tracker")
RESOURCES_XML = olx("kemenag_resources/book_and_article")
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

    @classmethod
    def of(cls, response):
        """The answer as the user finally gets it: its body read (a streamed file closed)."""
        return cls(response.status_code, read(response), response.get("Content-Type", ""), dict(response.items()))

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


class ReplyCaller(Caller):
    """The shared handler caller, answering every call with a ``Reply``."""

    def block(self, student=LEARNER):
        return super().block(student)

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
        headers=None,
        follow=True,
    ):
        """One handler call; ``form`` is sent as a hand-built multipart body (hostile file names
        reach the server as written). A download's redirect to the plugin's signed link is followed
        as the same user (what the browser does), so the status is what the user finally gets."""
        response = self.request(
            student,
            handler,
            method=method,
            json=json_body,
            body=raw,
            content_type=content_type,
            files=form if method == "POST" else None,
            query=query,
            suffix=suffix,
            headers=headers,
            follow=follow,
        )
        return Reply.of(response)


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
    """A file field for ``ReplyCaller.call(form=...)``: sent under exactly this name, hostile or not."""
    return (name, data, content_type)

"""Resumable uploads: a file sent in chunks, kept only once all of it arrived with the declared SHA-256.

Pure protocol and storage; the XBlock handlers are in ``chunked_handlers``. Used by the
assignment block (hand-in files) and the competency tracker (external-training evidence).

Protocol
--------
1. ``start(...)``: the client declares name, size and SHA-256 (computed in the browser). The name,
   type and size are checked against the block's policy at once. A learner who starts the same
   file again (same block, name, size and hash) gets the same session back, with what arrived.
2. ``accept_chunk(...)``: chunk ``n`` is the bytes ``[offset, offset + chunk_size)``. Only the
   next expected offset is accepted (``received``); anything else (a duplicate, a gap, a chunk
   from before a reconnection) is refused with 409 and the current ``received``, so the client
   continues from the last confirmed chunk. Each chunk is stored as its own object under
   ``session.folder`` (any Django storage, S3 included; no append needed).
3. ``finish(...)``: once ``received == size``, the chunks are read back in order through
   ``uploads.store_stream`` (hash, size, magic bytes, container checks; content-addressed path).
   A hash that differs from the declared one, or any other refusal, discards the session: those
   bytes can never become a valid file. Only then does the block attach the file to anything.

Abandoned sessions (no chunk for ``ABANDONED_AFTER``) are removed with their chunks by
``purge_abandoned()``: the ``kemenag_purge_uploads`` management command (run it daily from cron or
a Celery beat task), and opportunistically when the same learner starts another upload.
"""

import contextlib
import os
import re
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kemenag_xblocks.common.models import UploadSession
from kemenag_xblocks.common.uploads import (
    UploadRefused,
    check_extension,
    empty_error,
    open_storage,
    sanitize_display_name,
    store_stream,
    too_large_error,
)

DEFAULT_CHUNK_SIZE = 1024 * 1024
# Unfinished uploads one learner may keep per block; starting another drops the oldest.
MAX_OPEN_PER_LEARNER = 3
ABANDONED_AFTER = timedelta(hours=48)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class UploadConflict(UploadRefused):
    """The chunk is not the one expected next; ``received`` tells the client where to resume."""

    def __init__(self, code, message, received):
        super().__init__(code, message, 409, received=received)
        self.received = received


def unknown_upload():
    return UploadRefused(
        "unknown_upload", _("This upload is unknown or has expired. Choose the file again to start over."), 404
    )


def describe(session):
    """What the client needs to continue: the JSON answer of every protocol handler."""
    return {
        "upload_id": session.id,
        "name": session.display_name,
        "size": session.size,
        "sha256": session.sha256,
        "chunk_size": session.chunk_size,
        "received": session.received,
    }


def _open_sessions(usage_key, owner):
    return UploadSession.objects.filter(usage_key=str(usage_key), owner=owner)


def start(*, course_key, usage_key, owner, name, size, sha256, policy, folder_prefix, chunk_size=DEFAULT_CHUNK_SIZE):
    """A new session for this file, or the learner's unfinished one for the same file."""
    display_name = sanitize_display_name(name)
    check_extension(display_name, policy)
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise UploadRefused("bad_size", _("The file size is missing or invalid. Choose the file again."))
    if size == 0:
        raise empty_error()
    if size > policy.max_bytes:
        raise too_large_error(policy)
    sha256 = sha256.lower() if isinstance(sha256, str) else ""
    if not _SHA256.match(sha256):
        raise UploadRefused("bad_hash", _("The file's SHA-256 is missing or invalid. Choose the file again."))
    sessions = _open_sessions(usage_key, owner)
    existing = sessions.filter(display_name=display_name, size=size, sha256=sha256).first()
    if existing is not None:
        return existing
    purge_abandoned(sessions)
    for stale in sessions.order_by("-updated")[MAX_OPEN_PER_LEARNER - 1 :]:
        discard(stale)
    token = secrets.token_hex(16)
    return UploadSession.objects.create(
        id=token,
        course_key=str(course_key),
        usage_key=str(usage_key),
        owner=owner,
        display_name=display_name,
        size=size,
        sha256=sha256,
        chunk_size=chunk_size,
        folder=f"{folder_prefix.rstrip('/')}/partial/{token}",
    )


def find(upload_id, *, usage_key, owner):
    """The session if it belongs to this learner in this block; otherwise 404 (ids reveal nothing)."""
    if not isinstance(upload_id, str) or not re.fullmatch(r"[0-9a-f]{32}", upload_id):
        raise unknown_upload()
    session = _open_sessions(usage_key, owner).filter(pk=upload_id).first()
    if session is None:
        raise unknown_upload()
    return session


def _locked(upload_id, usage_key, owner):
    """The learner's session, row-locked until the transaction ends; 404 if not theirs."""
    session = (
        _open_sessions(usage_key, owner).select_for_update().filter(pk=upload_id).first()
        if isinstance(upload_id, str)
        else None
    )
    if session is None:
        raise unknown_upload()
    return session


def chunk_path(session, index):
    return f"{session.folder}/{index:06d}.part"


def expected_length(session, offset):
    return min(session.chunk_size, session.size - offset)


def check_chunk_header(session, offset, length):
    """Refuse a chunk by its offset and length alone, before its body is read."""
    if offset != session.received:
        raise UploadConflict(
            "wrong_offset",
            _("This part of the file was not expected now; the upload continues from the last confirmed part."),
            session.received,
        )
    if session.received >= session.size:
        raise UploadConflict("complete", _("The whole file has already arrived."), session.received)
    if length is not None and length > expected_length(session, offset):
        raise chunk_too_large()


def chunk_too_large():
    return UploadRefused("chunk_too_large", _("This part of the file is larger than agreed. Upload it again."), 413)


def accept_chunk(upload_id, *, usage_key, owner, offset, data, storage_alias=None):
    """Store the next chunk and advance ``received``; on the learner's row lock, so retries are safe."""
    with transaction.atomic():
        locked = _locked(upload_id, usage_key, owner)
        check_chunk_header(locked, offset, len(data))
        if len(data) != expected_length(locked, offset):
            raise UploadRefused("short_chunk", _("This part of the file arrived incomplete. Upload it again."))
        storage = open_storage(storage_alias)
        path = chunk_path(locked, offset // locked.chunk_size)
        if storage.exists(path):  # left by a request that failed before confirming it
            storage.delete(path)
        storage.save(path, ContentFile(data))
        locked.received = offset + len(data)
        locked.save(update_fields=["received", "updated"])
    return locked


def read_back(session, storage_alias=None):
    """The stored chunks, in order, as bytes."""
    storage = open_storage(storage_alias)
    for index in range((session.received + session.chunk_size - 1) // session.chunk_size):
        with storage.open(chunk_path(session, index), "rb") as handle:
            yield handle.read()


def finish(upload_id, *, usage_key, owner, policy, path_prefix, storage_alias=None):
    """The checked, stored file (``uploads.StoredFile``) of a complete session, which is then gone."""
    with transaction.atomic():
        session = _locked(upload_id, usage_key, owner)
        if session.received != session.size:
            raise UploadConflict(
                "incomplete",
                _("Part of the file has not arrived yet. Keep this page open until the upload finishes."),
                session.received,
            )
        try:
            stored = store_stream(
                read_back(session, storage_alias),
                session.display_name,
                policy,
                path_prefix=path_prefix,
                expected_size=session.size,
                expected_sha256=session.sha256,
                storage_alias=storage_alias,
            )
        except UploadRefused as error:
            refused = error
        else:
            # The row goes with the transaction; the chunks (files, not rows) only once it is
            # committed (the caller's too, if it holds one): a commit that fails leaves the session
            # and its chunks for the retry to finish.
            folder = session.folder
            session.delete()
            transaction.on_commit(lambda: discard_chunks(folder, storage_alias))
            return stored
    # Outside the transaction, which a raised error would roll back with the deletion.
    discard(session, storage_alias)  # these bytes can never become a valid file
    raise refused


def cancel(upload_id, *, usage_key, owner, storage_alias=None):
    discard(find(upload_id, usage_key=usage_key, owner=owner), storage_alias)


def discard(session, storage_alias=None):
    """Delete a session's chunks and its row."""
    discard_chunks(session.folder, storage_alias)
    session.delete()


def discard_chunks(folder, storage_alias=None):
    storage = open_storage(storage_alias)
    try:
        names = storage.listdir(folder)[1]
    except (FileNotFoundError, NotImplementedError, OSError):
        names = []
    for name in names:
        storage.delete(f"{folder}/{name}")
    if hasattr(storage, "path"):
        with contextlib.suppress(OSError, NotImplementedError):  # FileSystemStorage leaves empty folders
            os.rmdir(storage.path(folder))


def purge_abandoned(sessions=None, *, older_than=ABANDONED_AFTER, now=None, storage_alias=None):
    """Discard sessions with no chunk for ``older_than``; returns how many."""
    cutoff = (now or timezone.now()) - older_than
    stale = list((sessions if sessions is not None else UploadSession.objects.all()).filter(updated__lt=cutoff))
    for session in stale:
        discard(session, storage_alias)
    return len(stale)

"""Uploaded files, treated as hostile: checked, stored through Django's storage API, served safely.

Shared by every block that takes files (the assignment block, evidence for external training).

API
---
``UploadPolicy(extensions, max_bytes, max_files)``
    What a block accepts; ``UploadPolicy.from_settings()`` gives the site defaults
    (``KEMENAG_UPLOAD_ALLOWED_TYPES``, ``KEMENAG_UPLOAD_MAX_BYTES``, ``KEMENAG_UPLOAD_MAX_FILES``).
    ``policy.check_count(already_stored)`` refuses one file too many.

``sanitize_display_name(name)``
    The client's file name reduced to safe display text (no folders, control characters or
    bidirectional overrides, bounded length). Never used to build a storage path.

``storage_prefix(course_key, usage_key, anonymous_id)``
    The folder a learner's files go to: ``kemenag/<course>/<block>/<anonymous id>``.

``store_upload(uploaded_file, policy, *, path_prefix, storage_alias=None) -> StoredFile``
    Reads the file in chunks (hashing and counting, never whole in memory), checks its size, its
    extension and its content (magic bytes via ``filetype``; for docx/xlsx/pptx/odt the zip
    container: required members, no active content, bytes actually inflated bounded, see
    ``common/office.py``), then saves it as
    ``<path_prefix>/<sha256>.<ext>``. Accepts a Django ``UploadedFile`` or a webob/cgi field
    (``.file`` + ``.filename``). On refusal it raises ``UploadRefused`` and stores nothing.

``store_stream(chunks, display_name, policy, *, path_prefix, expected_size=None,
expected_sha256=None, storage_alias=None) -> StoredFile``
    The same checks for a file arriving as an iterable of byte chunks (a raw request body through
    ``read_chunks(stream, length)``, or a resumable upload's chunks): one pass spools it to a local
    temporary file while hashing, counting and keeping the first bytes for sniffing, then the file
    is moved into storage. ``expected_size`` and ``expected_sha256`` refuse a body cut short
    (``incomplete``) or different from what the client declared (``hash_mismatch``, 422).

``store_local_file(path, display_name, policy, *, path_prefix, expected_size=None,
expected_sha256=None, storage_alias=None) -> StoredFile``
    The same checks for a file already whole on the storage's local disk (a resumable upload
    written in place): read once to hash it, then renamed into place, never copied.

``copy_hashing(chunks, write, max_bytes)``
    The one pass itself, in 1 MB chunks hashed and written while in cache. When a core is free
    (``helper_core_free()``: the load right now; then ``helper_kept_its_core``: the overlap both
    threads actually got over the helper's first chunks), SHA-256 runs in a helper thread on chunk
    N while chunk N is written and N + 1 read (hashlib releases the GIL), so hashing overlaps the
    I/O; on a saturated machine it stays inline.

``UploadRefused(code, message, status)``
    A ``permissions.Refused``. ``code`` is stable (``too_large``, ``too_many_files``, ``empty``,
    ``type_not_allowed``, ``content_mismatch`` (also for active content), ``bad_archive``, ``incomplete``,
    ``hash_mismatch``); ``message`` is
    translated and says what to do;
    ``status`` is the HTTP status to answer with (413 for size and count, 415 for type).

Downloads (``attachment_response``, ``safe_headers``, ``content_disposition``) are in
``kemenag_xblocks.common.downloads``.

``open_storage(alias=None)``
    The configured storage (``KEMENAG_STORAGE_ALIAS``).
"""

import hashlib
import os
import queue
import re
import threading
import time
import unicodedata
from dataclasses import dataclass

import filetype
from django.core.files import File
from django.core.files.storage import storages
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from kemenag_xblocks.common import office
from kemenag_xblocks.common.permissions import Refused
from kemenag_xblocks.conf import setting

# Reads from a request body or a spooled file. 1 MB, not more: read, hashed and written while it
# is still in the core's cache (a 4 MB chunk falls out of L2 between the three passes and the upload
# ran 0.6x as fast, measured by benchmarks/bench_assignment.py), and large enough that per-call
# overhead vanishes.
STREAM_CHUNK_SIZE = 1024 * 1024
SNIFF_BYTES = 8192
THREADED_HASH_MIN = 256 * 1024
DISPLAY_NAME_MAX = 120

# Extension -> (MIME type served, what ``filetype`` must detect, container check).
KNOWN_TYPES = {
    "pdf": ("application/pdf", {"pdf"}, None),
    "jpg": ("image/jpeg", {"jpg"}, None),
    "png": ("image/png", {"png"}, None),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {"zip", "docx"},
        ("ooxml", "word/document.xml"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        {"zip", "xlsx"},
        ("ooxml", "xl/workbook.xml"),
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        {"zip", "pptx"},
        ("ooxml", "ppt/presentation.xml"),
    ),
    "odt": (
        "application/vnd.oasis.opendocument.text",
        {"zip", "odt"},
        ("odf", "application/vnd.oasis.opendocument.text"),
    ),
}
EXTENSION_ALIASES = {"jpeg": "jpg"}

# Characters a name may not keep: controls (Cc), format characters (Cf: zero-width space, joiners,
# word joiner, soft hyphen, every bidirectional mark, override and isolate, BOM), line and paragraph
# separators, surrogates and private use, and the Hangul fillers that render as nothing. They make a
# name look like another ("laporan\u202efdp.exe" shows as "laporanexe.pdf"); other spaces become " ".
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
_PATH_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadRefused(Refused):
    """An upload the server will not keep: a ``permissions.Refused`` (answered ``{"error", "code"}``
    by ``permissions.handler``), built with the code first as the upload path always has."""

    def __init__(self, code, message, status=400, **extra):
        super().__init__(status, code, message, **extra)


@dataclass(frozen=True)
class UploadPolicy:
    extensions: frozenset
    max_bytes: int
    max_files: int

    @classmethod
    def from_settings(cls, extensions=None, max_bytes=None, max_files=None):
        """The site's defaults, each overridable (a block's own limits); unknown types are dropped."""
        chosen = extensions if extensions is not None else setting("KEMENAG_UPLOAD_ALLOWED_TYPES")
        normalised = {EXTENSION_ALIASES.get(e.lower().lstrip("."), e.lower().lstrip(".")) for e in chosen}
        return cls(
            extensions=frozenset(normalised & KNOWN_TYPES.keys()),
            max_bytes=int(max_bytes or setting("KEMENAG_UPLOAD_MAX_BYTES")),
            max_files=int(max_files or setting("KEMENAG_UPLOAD_MAX_FILES")),
        )

    def check_count(self, already_stored):
        if already_stored >= self.max_files:
            raise UploadRefused(
                "too_many_files",
                _("You can hand in at most {count} files. Remove a file before adding another.").format(
                    count=self.max_files
                ),
                413,
            )

    def describe_types(self):
        return ", ".join(sorted(self.extensions))


@dataclass(frozen=True)
class StoredFile:
    path: str
    display_name: str
    size: int
    sha256: str
    mime: str


def _visible(char):
    category = unicodedata.category(char)
    if category in _HIDDEN_CATEGORIES or char in _FILLERS:
        return ""
    return " " if category == "Zs" else char


def sanitize_display_name(name, max_length=DISPLAY_NAME_MAX):
    """Display text from a client's file name: last path part, no control, zero-width or bidi
    characters (``_HIDDEN_CATEGORIES``), one kind of space."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(_visible(char) for char in name)
    name = re.sub(r" {2,}", " ", name).strip().strip(".")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: max_length - len(ext) - 2] + "…." + ext
        else:
            name = name[: max_length - 1] + "…"
    return name or "file"


def extension_of(name):
    ext = os.path.splitext(sanitize_display_name(name))[1].lower().lstrip(".")
    return EXTENSION_ALIASES.get(ext, ext)


def storage_prefix(course_key, usage_key, anonymous_id):
    """``kemenag/<course>/<block>/<learner>``: opaque ids only, safe on every storage backend."""
    block = hashlib.sha256(str(usage_key).encode()).hexdigest()[:16]
    course = _PATH_SAFE.sub("_", str(course_key)).strip("_") or "course"
    learner = _PATH_SAFE.sub("_", str(anonymous_id)) or "anonymous"
    return f"kemenag/{course}/{block}/{learner}"


def open_storage(alias=None):
    return storages[alias or setting("KEMENAG_STORAGE_ALIAS")]


def _file_and_name(uploaded_file):
    """A Django UploadedFile, or a webob/cgi field wrapping one (``.file`` + ``.filename``)."""
    if hasattr(uploaded_file, "filename") and hasattr(uploaded_file, "file"):
        return uploaded_file.file, uploaded_file.filename
    return uploaded_file, getattr(uploaded_file, "name", "")


def _hash_and_size(fileobj, max_bytes):
    """One read pass over a file already on disk: SHA-256 and size, stopping once past the limit."""
    fileobj.seek(0)
    result = copy_hashing(iter(lambda: fileobj.read(STREAM_CHUNK_SIZE), b""), None, max_bytes)
    fileobj.seek(0)
    return (None, max_bytes + 1) if result is None else (result[0], result[1])


def _usable_cpus():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _read_loadavg(path="/proc/loadavg"):
    """``(1-minute load average, tasks runnable right now)`` from ``/proc/loadavg``, or None."""
    try:
        with open(path) as handle:
            fields = handle.read().split()
        return float(fields[0]), int(fields[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None


def helper_core_free(cpus=None, loadavg=None):
    """Whether a helper thread hashing beside this one would find a core of its own now.

    ``cpus``: the CPUs this process may use; ``loadavg``: ``(1-minute load, tasks runnable now)``
    (``/proc/loadavg``; the runnable count includes the thread asking). Yes when at least two CPUs
    are usable and, right now, the other runnable tasks leave one of them idle, unless the machine
    has been saturated for the last minute (a load of more than one task per CPU beyond this
    upload's own two threads). Unknown load (not Linux): only with more than two CPUs, as before.
    This cheap check keeps a busy machine from being asked at all; the helper's first chunks then
    show whether it really got its core (``helper_kept_its_core``).
    """
    cpus = _usable_cpus() if cpus is None else cpus
    if cpus < 2:
        return False
    loadavg = _read_loadavg() if loadavg is None else loadavg
    if loadavg is None:
        return cpus > 2
    load1, runnable = loadavg
    others = max(runnable - 1, 0)
    return others <= cpus - 2 and load1 < cpus + 1


def helper_overlap(main_cpu, helper_cpu, wall):
    """How much of the two threads' work ran at the same time: ``(main_cpu + helper_cpu - wall)``
    over the smaller of the two CPU times, over the same stretch of wall-clock time. 1.0: the
    smaller one ran entirely beside the other (a core each); 0 or less: one after the other, as on
    one core shared by both (or with other work on a saturated machine)."""
    smaller = min(main_cpu, helper_cpu)
    if smaller <= 0 or wall <= 0:
        return 0.0
    return (main_cpu + helper_cpu - wall) / smaller


def helper_kept_its_core(main_cpu, helper_cpu, wall):
    """The judgement on a helper's first chunks (``helper_overlap``): kept if at least
    ``HELPER_MIN_OVERLAP`` of the work overlapped. A helper on a free core overlaps nearly all of
    it; one sharing a core overlaps none, and handing chunks over then only costs."""
    return helper_overlap(main_cpu, helper_cpu, wall) >= HELPER_MIN_OVERLAP


# The helper is judged after this many chunks (8 MB: several of the scheduler's time slices), on
# the totals since it started, and again every as many.
HELPER_PROBE_CHUNKS = 8
HELPER_MIN_OVERLAP = 0.5
# Chunks read ahead of the helper at most (memory: this many + two chunks alive at once).
HELPER_QUEUE = 2
# What copy_hashing did, per pass since the process started (``benchmarks/bench_assignment.py``
# prints it): hashed inline from the start, in the helper throughout, or in the helper until
# its first chunks showed that it had no core of its own.
HASH_PASSES = {"inline": 0, "helper": 0, "fell_back": 0}
_STOP = object()


class HashHelper:
    """SHA-256 in a helper thread (hashlib releases the GIL) over a bounded queue of chunks; the
    calling thread judges the overlap (in ``put``) from both threads' CPU times."""

    def __init__(self, digest):
        self.digest = digest
        self.cpu = 0.0  # the helper's CPU time so far (written by the helper only)
        self._given = 0
        self._queue = queue.Queue(HELPER_QUEUE)
        self._error = None
        self._started_wall, self._started_cpu = time.perf_counter(), time.thread_time()
        self._thread = threading.Thread(target=self._run, name="kemenag-sha256", daemon=True)
        self._thread.start()

    def _run(self):
        try:
            while (chunk := self._queue.get()) is not _STOP:
                self.digest.update(chunk)
                self.cpu = time.thread_time()
        except BaseException as error:  # re-raised in the caller's thread by finish()
            self._error = error
            while self._queue.get() is not _STOP:
                pass

    def put(self, chunk):
        """Hand ``chunk`` over; False when the helper is judged not to overlap (then ``finish``)."""
        self._queue.put(chunk)
        self._given += 1
        if self._given % HELPER_PROBE_CHUNKS:
            return True
        wall = time.perf_counter() - self._started_wall
        return helper_kept_its_core(time.thread_time() - self._started_cpu, self.cpu, wall)

    def finish(self):
        """Wait until every chunk given is hashed; the digest is then the caller's again."""
        self._queue.put(_STOP)
        self._thread.join()
        if self._error is not None:
            raise self._error


def copy_hashing(chunks, write, max_bytes, *, threaded=None):
    """Hash and count ``chunks`` (passing each to ``write`` if given) in one pass.

    Returns ``(sha256, size, head)`` (``head``: the first bytes, for type sniffing), or None as soon
    as the size passes ``max_bytes``. Each chunk is hashed and written while it is still in cache.

    From the second large chunk on, SHA-256 runs in a helper thread (``HashHelper``) while this one
    writes and reads on, if a core is free for it: ``helper_core_free()`` then (``threaded=None``;
    ``True`` skips that check, ``False`` never uses the helper), then every
    ``HELPER_PROBE_CHUNKS`` chunks the overlap the two threads actually got (``helper_kept_its_core``):
    below ``HELPER_MIN_OVERLAP`` the rest is hashed inline, as on a saturated machine the handoff
    costs more than it overlaps. At most ``HELPER_QUEUE`` + 2 chunks are alive at once.
    """
    use_helper = threaded is not False  # None: decided at the second large chunk (small files never ask)
    digest, size, head = hashlib.sha256(), 0, b""
    helper = None
    large = 0
    outcome = "inline"
    try:
        for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                return None
            if len(head) < SNIFF_BYTES:
                head += bytes(chunk[: SNIFF_BYTES - len(head)])
            if use_helper and len(chunk) >= THREADED_HASH_MIN:
                large += 1
                if large == 2 and (threaded or helper_core_free()):
                    helper, outcome = HashHelper(digest), "helper"
                elif large == 2:
                    use_helper = False
            if helper is None:
                digest.update(chunk)
            elif not helper.put(chunk):
                helper.finish()
                helper, use_helper, outcome = None, False, "fell_back"
            if write is not None:
                write(chunk)
        if helper is not None:
            helper.finish()
            helper = None
    finally:
        if helper is not None:  # refused or failed midway: stop the helper before leaving
            helper.finish()
    HASH_PASSES[outcome] += 1
    return digest.hexdigest(), size, head


def too_large_error(policy):
    return UploadRefused(
        "too_large",
        _(
            "This file is larger than the limit of {size}. Reduce it (for example, save it as PDF) and try again."
        ).format(size=filesizeformat(policy.max_bytes)),
        413,
    )


def _mismatch(ext):
    return UploadRefused(
        "content_mismatch",
        _("The content of this file is not a real .{ext} file. Save it again from its application and retry.").format(
            ext=ext
        ),
        415,
    )


def _check_container(fileobj, ext, check):
    """Office documents are zip files: the members their format requires, no active content, no
    zip bomb (``common/office.py``: every member read through a bounded stream)."""
    kind, expected = check
    try:
        office.check_container(fileobj, kind, expected)
    except office.OfficeRefused as refused:
        if refused.code == "bad_archive":
            raise UploadRefused(
                "bad_archive",
                _("This document expands to an unusually large size and was refused. Save it again and retry."),
                415,
            ) from None
        if refused.code == "active_content":
            # The code macros always had: not the plain document the extension promises.
            raise UploadRefused(
                "content_mismatch",
                _(
                    "Documents with macros, embedded programs or links that load outside content are not "
                    "accepted. Save the document without them (or as PDF) and retry."
                ),
                415,
            ) from None
        raise _mismatch(ext) from None


def check_extension(display_name, policy):
    """The file's extension if the policy allows it (checked before a byte of content is read)."""
    ext = extension_of(display_name)
    if ext not in policy.extensions:
        raise UploadRefused(
            "type_not_allowed",
            _("Files of this type are not accepted. Allowed types: {types}.").format(types=policy.describe_types()),
            415,
        )
    return ext


def check_upload(fileobj, display_name, policy, head=None):
    """Refuse a file whose extension is not allowed or whose content is not what it claims."""
    ext = check_extension(display_name, policy)
    mime, detected_as, container = KNOWN_TYPES[ext]
    if head is None:
        fileobj.seek(0)
        head = fileobj.read(SNIFF_BYTES)
        fileobj.seek(0)
    kind = filetype.guess(head[:SNIFF_BYTES])
    if kind is None or kind.extension not in detected_as:
        raise _mismatch(ext)
    if container:
        _check_container(fileobj, ext, container)
    return ext, mime


def empty_error():
    return UploadRefused("empty", _("This file is empty. Choose the file again."), 400)


def _check_and_keep(fileobj, display_name, policy, sha256, size, path_prefix, storage_alias, head=None):
    """Check the content, then save it under ``<prefix>/<sha256>.<ext>`` (once: identical content
    is shared)."""
    ext, mime = check_upload(fileobj, display_name, policy, head=head)
    storage = open_storage(storage_alias)
    path = f"{path_prefix.rstrip('/')}/{sha256}.{ext}"
    if not storage.exists(path):
        # A file with ``temporary_file_path`` is moved, not copied, by FileSystemStorage.
        content = fileobj if hasattr(fileobj, "temporary_file_path") else File(fileobj, name=display_name)
        path = storage.save(path, content)
    return StoredFile(path=path, display_name=display_name, size=size, sha256=sha256, mime=mime)


def store_upload(uploaded_file, policy, *, path_prefix, storage_alias=None):
    """Check one uploaded file and save it under its content hash; see the module docstring."""
    fileobj, client_name = _file_and_name(uploaded_file)
    display_name = sanitize_display_name(client_name)
    declared = getattr(fileobj, "size", None)
    if declared is not None and declared > policy.max_bytes:
        raise too_large_error(policy)
    check_extension(display_name, policy)
    sha256, size = _hash_and_size(fileobj, policy.max_bytes)
    if sha256 is None:
        raise too_large_error(policy)
    if size == 0:
        raise empty_error()
    return _check_and_keep(fileobj, display_name, policy, sha256, size, path_prefix, storage_alias)


def read_chunks(stream, length, chunk_size=STREAM_CHUNK_SIZE):
    """Chunks of a readable ``stream`` (a request body), at most ``length`` bytes in total."""
    left = length
    while left > 0:
        chunk = stream.read(min(chunk_size, left))
        if not chunk:
            return
        left -= len(chunk)
        yield chunk


def _check_arrived(result, policy, expected_size, expected_sha256):
    """``(sha256, size, head)`` of what arrived, or the refusal: too large, empty, cut short, altered."""
    if result is None:
        raise too_large_error(policy)
    sha256, size, head = result
    if size == 0:
        raise empty_error()
    if expected_size is not None and size != expected_size:
        raise UploadRefused("incomplete", _("The upload was interrupted before the whole file arrived. Try again."))
    if expected_sha256 is not None and sha256 != expected_sha256:
        raise UploadRefused(
            "hash_mismatch",
            _("The file that arrived is not the file that was sent (its SHA-256 differs). Upload it again."),
            422,
        )
    return sha256, size, head


def store_stream(
    chunks, display_name, policy, *, path_prefix, expected_size=None, expected_sha256=None, storage_alias=None
):
    """Check and keep a file arriving as ``chunks`` (a raw request body, or reassembled upload chunks).

    One pass spools it to a local temporary file while hashing, counting and keeping the first bytes
    for type sniffing; then the same checks as ``store_upload`` run, plus ``expected_size`` (the body
    was cut short: ``incomplete``) and ``expected_sha256`` (the client's hash: ``hash_mismatch``), and
    the spooled file is moved into storage. Nothing is stored on refusal.
    """
    display_name = sanitize_display_name(display_name)
    check_extension(display_name, policy)
    if expected_size is not None and expected_size > policy.max_bytes:
        raise too_large_error(policy)
    spool = TemporaryUploadedFile(display_name, "application/octet-stream", 0, None)
    try:
        result = copy_hashing(chunks, spool.file.write, policy.max_bytes)
        sha256, size, head = _check_arrived(result, policy, expected_size, expected_sha256)
        spool.file.flush()
        spool.size = size
        return _check_and_keep(spool, display_name, policy, sha256, size, path_prefix, storage_alias, head=head)
    finally:
        spool.close()  # deletes the spool unless it was moved into storage


class _LocalFile(File):
    """A file already on the storage's disk: ``FileSystemStorage`` moves it (``temporary_file_path``)."""

    def temporary_file_path(self):
        return self.file.name


def store_local_file(
    path, display_name, policy, *, path_prefix, expected_size=None, expected_sha256=None, storage_alias=None
):
    """Check and keep a file that is already whole on local disk (a resumable upload written in place).

    Read once to hash it (no second copy is written); the same checks as ``store_stream``; then it
    is renamed into its content-addressed place (identical content already stored: ``path`` is left
    for the caller to delete). Nothing is stored on refusal.
    """
    display_name = sanitize_display_name(display_name)
    check_extension(display_name, policy)
    with open(path, "rb") as handle:
        result = copy_hashing(read_chunks(handle, policy.max_bytes + 1), None, policy.max_bytes)
        sha256, size, head = _check_arrived(result, policy, expected_size, expected_sha256)
        handle.seek(0)
        content = _LocalFile(handle, name=display_name)
        content.size = size
        return _check_and_keep(content, display_name, policy, sha256, size, path_prefix, storage_alias, head=head)

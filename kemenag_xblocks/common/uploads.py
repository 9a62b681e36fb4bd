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
    container's members and declared sizes, against zip bombs), then saves it as
    ``<path_prefix>/<sha256>.<ext>``. Accepts a Django ``UploadedFile`` or a webob/cgi field
    (``.file`` + ``.filename``). On refusal it raises ``UploadRefused`` and stores nothing.

``UploadRefused(code, message, status)``
    ``code`` is stable (``too_large``, ``too_many_files``, ``empty``, ``type_not_allowed``,
    ``content_mismatch``, ``bad_archive``); ``message`` is translated and says what to do;
    ``status`` is the HTTP status to answer with (413 for size and count, 415 for type).

``attachment_response(stored_path, display_name, mime, *, storage_alias=None) -> webob.Response``
    A download streamed from storage in chunks, as an attachment (RFC 5987 file name) with
    ``X-Content-Type-Options: nosniff`` and ``Content-Security-Policy: sandbox``.

``open_storage(alias=None)``
    The configured storage (``KEMENAG_STORAGE_ALIAS``).
"""

import hashlib
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

import filetype
from django.core.files import File
from django.core.files.storage import storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from webob import Response

from kemenag_xblocks.conf import setting

CHUNK_SIZE = 1024 * 1024
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
# Office files carrying macros are not what these extensions promise.
MACRO_MEMBERS = ("vbaproject.bin",)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
_PATH_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadRefused(Exception):
    """An upload the server will not keep; ``message`` is for the user, ``code`` for programs."""

    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


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


def sanitize_display_name(name, max_length=DISPLAY_NAME_MAX):
    """Display text from a client's file name: last path part, no control or bidi characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = _BIDI.sub("", _CONTROL.sub("", name)).strip().strip(".")
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
    """One pass in chunks: SHA-256 and size, stopping as soon as the size passes the limit."""
    fileobj.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := fileobj.read(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            return None, size
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size


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
    """Office documents are zip files: the members their format requires, no macros, no zip bomb."""
    kind, expected = check
    max_total = setting("KEMENAG_UPLOAD_MAX_UNCOMPRESSED_BYTES")
    max_ratio = setting("KEMENAG_UPLOAD_MAX_COMPRESSION_RATIO")
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            compressed = sum(m.compress_size for m in members) or 1
            if len(members) > 10000 or total > max_total or total / compressed > max_ratio:
                raise UploadRefused(
                    "bad_archive",
                    _("This document expands to an unusually large size and was refused. Save it again and retry."),
                    415,
                )
            names = {m.filename for m in members}
            lower = {n.lower().rsplit("/", 1)[-1] for n in names}
            if any(macro in lower for macro in MACRO_MEMBERS):
                raise UploadRefused(
                    "content_mismatch",
                    _("Documents with macros are not accepted. Save the document without macros and retry."),
                    415,
                )
            if kind == "ooxml":
                valid = "[Content_Types].xml" in names and expected in names
            else:
                valid = (
                    "mimetype" in names
                    and "content.xml" in names
                    and archive.read("mimetype", pwd=None)[:100].strip() == expected.encode()
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError):
        valid = False
    finally:
        fileobj.seek(0)
    if not valid:
        raise _mismatch(ext)


def check_upload(fileobj, display_name, policy):
    """Refuse a file whose extension is not allowed or whose content is not what it claims."""
    ext = extension_of(display_name)
    if ext not in policy.extensions:
        raise UploadRefused(
            "type_not_allowed",
            _("Files of this type are not accepted. Allowed types: {types}.").format(types=policy.describe_types()),
            415,
        )
    mime, detected_as, container = KNOWN_TYPES[ext]
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in detected_as:
        raise _mismatch(ext)
    if container:
        _check_container(fileobj, ext, container)
    return ext, mime


def store_upload(uploaded_file, policy, *, path_prefix, storage_alias=None):
    """Check one uploaded file and save it under its content hash; see the module docstring."""
    fileobj, client_name = _file_and_name(uploaded_file)
    display_name = sanitize_display_name(client_name)
    declared = getattr(fileobj, "size", None)
    if declared is not None and declared > policy.max_bytes:
        raise too_large_error(policy)
    sha256, size = _hash_and_size(fileobj, policy.max_bytes)
    if sha256 is None:
        raise too_large_error(policy)
    if size == 0:
        raise UploadRefused("empty", _("This file is empty. Choose the file again."), 400)
    ext, mime = check_upload(fileobj, display_name, policy)
    storage = open_storage(storage_alias)
    path = f"{path_prefix.rstrip('/')}/{sha256}.{ext}"
    if not storage.exists(path):
        # A Django TemporaryUploadedFile is moved rather than copied by FileSystemStorage.
        content = fileobj if hasattr(fileobj, "temporary_file_path") else File(fileobj, name=display_name)
        saved = storage.save(path, content)
        path = saved
    return StoredFile(path=path, display_name=display_name, size=size, sha256=sha256, mime=mime)


class _StorageIterator:
    """Chunks of a stored file for a webob ``app_iter``; closes the file when the server is done."""

    def __init__(self, handle, chunk_size):
        self.handle, self.chunk_size = handle, chunk_size

    def __iter__(self):
        while chunk := self.handle.read(self.chunk_size):
            yield chunk

    def close(self):
        self.handle.close()


def content_disposition(display_name):
    """``attachment`` with an ASCII fallback and the RFC 5987 UTF-8 name."""
    name = sanitize_display_name(display_name)
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    fallback = re.sub(r"[^A-Za-z0-9._ ()-]", "_", fallback) or "file"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def safe_headers(response, display_name):
    response.headers["Content-Disposition"] = content_disposition(display_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def attachment_response(stored_path, display_name, mime, *, storage_alias=None, chunk_size=64 * 1024):
    """Serve a stored file as a download, streamed in chunks, never rendered by the browser."""
    storage = open_storage(storage_alias)
    handle = storage.open(stored_path, "rb")
    response = Response(content_type=mime or "application/octet-stream")
    response.app_iter = _StorageIterator(handle, chunk_size)
    response.content_length = storage.size(stored_path)
    return safe_headers(response, display_name)

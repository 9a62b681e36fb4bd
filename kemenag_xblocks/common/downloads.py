"""Serving stored files as downloads: safely (attachment, nosniff, sandbox) and streamed.

XBlock handler responses cannot stream: the workbench and the LMS turn them into Django
responses with ``webob_to_django_response()``, which joins the body into one bytes object. So a
handler only *decides* (owner or staff?) and answers with a redirect; the bytes come from
elsewhere, with constant memory:

* storage that signs its own URLs (S3 through django-storages, ``querystring_auth``): a
  presigned URL that expires, asking the storage to answer as an attachment;
* any other storage (disk): the plugin app's view ``kemenag_xblocks:download``
  (``kemenag_xblocks/views.py``), a ``FileResponse`` read from storage in chunks, reached with a
  short-lived signed token bound to the storage path and the user id (``TimestampSigner``; its
  timestamp plus ``KEMENAG_DOWNLOAD_TOKEN_SECONDS`` is the expiry). The view checks that the
  user asking is the user the token was issued to, so a copied link is useless to anyone else.

API
---
``handler_download(block, handler, stored_path, display_name, mime, *, storage_alias=None)``
    What a download handler returns after its own owner/staff check: a webob 302 response.
``issue_token(stored_path, user_id, display_name, mime, *, storage_alias=None) -> str``
``read_token(token, user_id) -> Grant``
    Raises ``DownloadRefused`` (``message`` translated) when the token is tampered with, expired
    or issued to someone else.
``file_response(grant) -> django.http.FileResponse``
``content_disposition(name)``, ``safe_headers(response, name)``
    The attachment headers, for webob and Django responses alike.
``attachment_response(stored_path, display_name, mime)``
    A webob response streaming a stored file (for small files served by a handler directly).
"""

import inspect
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from django.core import signing
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from webob import Response

from kemenag_xblocks.common.uploads import open_storage, sanitize_display_name
from kemenag_xblocks.common.user import current_user
from kemenag_xblocks.conf import setting

SALT = "kemenag_xblocks.download"
STREAM_CHUNK = 64 * 1024
SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # A file opened anyway (some viewers ignore "attachment") runs no script and loads nothing.
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cache-Control": "private, no-store",
}


class DownloadRefused(Exception):
    """A download link that does not open the file; ``message`` is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Grant:
    """What a valid token allows: one stored file, for one user, under a display name."""

    path: str
    user_id: int
    display_name: str
    mime: str
    storage_alias: str | None


# ---- headers ------------------------------------------------------------------------------------


def content_disposition(display_name):
    """``attachment`` with an ASCII fallback and the RFC 5987 UTF-8 name."""
    name = sanitize_display_name(display_name)
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    fallback = re.sub(r"[^A-Za-z0-9._ ()-]", "_", fallback) or "file"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def safe_headers(response, display_name):
    """Make ``response`` (webob or Django) an attachment the browser never renders or sniffs."""
    response.headers["Content-Disposition"] = content_disposition(display_name)
    for name, value in SAFE_HEADERS.items():
        response.headers[name] = value
    return response


class _StorageIterator:
    """Chunks of a stored file for a webob ``app_iter``; closes the file when the server is done."""

    def __init__(self, handle, chunk_size):
        self.handle, self.chunk_size = handle, chunk_size

    def __iter__(self):
        while chunk := self.handle.read(self.chunk_size):
            yield chunk

    def close(self):
        self.handle.close()


def attachment_response(stored_path, display_name, mime, *, storage_alias=None, chunk_size=STREAM_CHUNK):
    """A webob download of a stored file, read in chunks (joined again by a non-streaming runtime)."""
    storage = open_storage(storage_alias)
    handle = storage.open(stored_path, "rb")
    response = Response(content_type=mime or "application/octet-stream")
    response.app_iter = _StorageIterator(handle, chunk_size)
    response.content_length = storage.size(stored_path)
    return safe_headers(response, display_name)


# ---- tokens -------------------------------------------------------------------------------------


def token_seconds():
    return int(setting("KEMENAG_DOWNLOAD_TOKEN_SECONDS"))


def issue_token(stored_path, user_id, display_name, mime, *, storage_alias=None):
    """A URL-safe signed token naming one stored file for one user; valid ``token_seconds()``."""
    payload = {"p": stored_path, "u": user_id, "n": display_name, "m": mime, "s": storage_alias}
    return signing.TimestampSigner(salt=SALT).sign_object(payload, compress=True)


def read_token(token, user_id):
    """The ``Grant`` in ``token`` if it is intact, unexpired and issued to ``user_id``."""
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=token_seconds())
    except signing.SignatureExpired:
        raise DownloadRefused(
            _("This download link has expired. Go back to the page and open the file again.")
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise DownloadRefused(_("This download link is not valid.")) from None
    if user_id is None or payload.get("u") != user_id:
        # Same answer whether signed out or someone else: the link reveals nothing.
        raise DownloadRefused(_("This download link was made for another user. Open the file from the page."))
    return Grant(
        path=payload["p"],
        user_id=payload["u"],
        display_name=payload["n"],
        mime=payload["m"],
        storage_alias=payload.get("s"),
    )


# ---- serving ------------------------------------------------------------------------------------


def file_response(grant):
    """The granted file as a streamed Django ``FileResponse`` (sendfile where the server has it)."""
    storage = open_storage(grant.storage_alias)
    handle = storage.open(grant.path, "rb")
    response = FileResponse(handle, content_type=grant.mime or "application/octet-stream")
    response.block_size = STREAM_CHUNK
    response["Content-Length"] = str(storage.size(grant.path))
    return safe_headers(response, grant.display_name)


def presigned_url(storage, stored_path, display_name, mime):
    """A signed, expiring URL from storage that signs its own (django-storages S3), else None.

    The storage serves the file itself, so the attachment disposition and type travel as
    response-override parameters of the signed URL.
    """
    url = getattr(storage, "url", None)
    if url is None or not getattr(storage, "querystring_auth", False):
        return None  # unsigned URLs would be public links
    try:
        accepted = inspect.signature(url).parameters
    except (TypeError, ValueError):
        return None
    if "parameters" not in accepted or "expire" not in accepted:
        return None
    parameters = {
        "ResponseContentDisposition": content_disposition(display_name),
        "ResponseContentType": mime or "application/octet-stream",
        "ResponseCacheControl": SAFE_HEADERS["Cache-Control"],
    }
    return url(stored_path, parameters=parameters, expire=token_seconds())


def download_url(token, carry_query=""):
    """The plugin view's URL for ``token``; ``carry_query`` keeps the runtime's own query (the
    workbench names its user there; the LMS uses the session and has none)."""
    url = reverse("kemenag_xblocks:download", kwargs={"token": token})
    return f"{url}?{carry_query}" if carry_query else url


def redirect(location):
    response = Response(status=302)
    response.location = location
    response.headers["Cache-Control"] = "private, no-store"  # the token inside is personal
    return response


def handler_download(block, handler, stored_path, display_name, mime, *, storage_alias=None):
    """The answer of a download handler that has checked who may read ``stored_path``."""
    storage = open_storage(storage_alias)
    signed = presigned_url(storage, stored_path, display_name, mime)
    if signed:
        return redirect(signed)
    token = issue_token(stored_path, current_user(block).user_id, display_name, mime, storage_alias=storage_alias)
    carry = block.runtime.handler_url(block, handler).partition("?")[2]
    return redirect(download_url(token, carry))

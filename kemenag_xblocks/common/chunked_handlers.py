"""The resumable-upload handlers (``kemenag_xblocks.common.chunked``) for any block that takes files.

A block mixes in ``ChunkedUploadMixin`` and provides three hooks:

``chunked_upload_policy()``
    The ``UploadPolicy`` the file must meet.
``chunked_upload_prefix(user)``
    The storage folder of the learner's files in this block (``uploads.storage_prefix``).
``check_may_add_file(user)``
    Raise ``UploadRefused`` if the learner may not add a file now (hand-in closed, too many files).

It then has the handlers ``upload_start``, ``upload_status``, ``upload_chunk`` and
``upload_cancel`` (documented in docs/assignment.md), and finishes a session in its own handler
with ``self.finish_chunked_upload(upload_id, user)``, which returns the stored file.

The shared browser module ``public/common/chunked_upload.js`` (``kemenag_xblocks/common/public``)
is served through each block's resource URL by ``_open_resource``.
"""

import importlib.resources
import json

from django.utils.translation import gettext as _
from xblock.core import XBlock

from kemenag_xblocks.common import chunked
from kemenag_xblocks.common.responses import error, json_response
from kemenag_xblocks.common.uploads import UploadRefused

SHARED_PUBLIC = "public/common/"


def refusal(refused):
    """The JSON error answer for a refused request; a conflict says where to resume."""
    extra = {"received": refused.received} if isinstance(refused, chunked.UploadConflict) else {}
    return error(refused.status, refused.message, code=refused.code, **extra)


def json_body(request):
    try:
        data = json.loads(request.body.decode("utf-8") or "{}")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: JSON nested ~1000 deep
        data = None
    if not isinstance(data, dict):
        raise UploadRefused("bad_request", _("The request could not be read. Reload the page and try again."))
    return data


class ChunkedUploadMixin:
    def chunked_upload_policy(self):
        raise NotImplementedError

    def chunked_upload_prefix(self, user):
        raise NotImplementedError

    def check_may_add_file(self, user):
        """Nothing to refuse by default."""

    def _chunked_uploader(self, request):
        if request.method != "POST":
            raise UploadRefused("method", _("Use POST to upload a file."), 405)
        user = self.user
        if not user.anonymous_id:
            raise UploadRefused("sign_in", _("Sign in to upload files."), 403)
        return user

    def _chunked_scope(self, user):
        return {"usage_key": self.usage_key, "owner": user.anonymous_id}

    @XBlock.handler
    def upload_start(self, request, suffix=""):
        """JSON ``{"name", "size", "sha256"}`` (optionally ``"chunk_size"``: whole MB, at most 8) -> the
        session (a new one, or the unfinished one for this file)."""
        try:
            user = self._chunked_uploader(request)
            data = json_body(request)
            self.check_may_add_file(user)
            session = chunked.start(
                course_key=self.course_key,
                usage_key=self.usage_key,
                owner=user.anonymous_id,
                name=data.get("name"),
                size=data.get("size"),
                sha256=data.get("sha256"),
                chunk_size=data.get("chunk_size"),
                policy=self.chunked_upload_policy(),
                folder_prefix=self.chunked_upload_prefix(user),
            )
        except UploadRefused as refused:
            return refusal(refused)
        return json_response(chunked.describe(session))

    @XBlock.handler
    def upload_status(self, request, suffix=""):
        """JSON ``{"upload_id"}`` -> the session: how many bytes the server has confirmed."""
        try:
            user = self._chunked_uploader(request)
            session = chunked.find(json_body(request).get("upload_id"), **self._chunked_scope(user))
        except UploadRefused as refused:
            return refusal(refused)
        return json_response(chunked.describe(session))

    @XBlock.handler
    def upload_chunk(self, request, suffix=""):
        """Raw body (``application/octet-stream``), ``?upload_id=&offset=`` -> the session after it.
        ``&pipelined=1``: the client has the previous chunk still in flight (see ``chunked``)."""
        try:
            user = self._chunked_uploader(request)
            scope = self._chunked_scope(user)
            upload_id = request.GET.get("upload_id", "")
            try:
                offset = int(request.GET.get("offset", ""))
            except ValueError:
                raise UploadRefused("bad_offset", _("The position of this part of the file is missing.")) from None
            length = request.content_length or 0
            # Bounded before the body is read; offset and exact length are checked under the row lock.
            if length > chunked.MAX_CHUNK_SIZE:
                raise chunked.chunk_too_large()
            # The body is read by accept_chunk, straight into place as it arrives.
            session = chunked.accept_chunk(
                upload_id,
                offset=offset,
                stream=request.body_file,
                length=length,
                pipelined=request.GET.get("pipelined") == "1",
                **scope,
            )
        except UploadRefused as refused:
            return refusal(refused)
        return json_response(chunked.describe(session))

    @XBlock.handler
    def upload_cancel(self, request, suffix=""):
        """JSON ``{"upload_id"}``: forget an unfinished upload and its chunks."""
        try:
            user = self._chunked_uploader(request)
            chunked.cancel(json_body(request).get("upload_id"), **self._chunked_scope(user))
        except UploadRefused as refused:
            return refusal(refused)
        return json_response({"cancelled": True})

    def finish_chunked_upload(self, upload_id, user):
        """The stored file of a complete, verified session (raises ``UploadRefused`` otherwise)."""
        self.check_may_add_file(user)
        return chunked.finish(
            upload_id,
            policy=self.chunked_upload_policy(),
            path_prefix=self.chunked_upload_prefix(user),
            **self._chunked_scope(user),
        )

    @classmethod
    def _open_resource(cls, uri):
        """``public/common/*``: the browser modules shared by the blocks (one file, cached once)."""
        if uri.startswith(SHARED_PUBLIC):
            shared = importlib.resources.files("kemenag_xblocks.common").joinpath("public")
            return shared.joinpath(uri[len(SHARED_PUBLIC) :]).open("rb")
        return super()._open_resource(uri)

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

Refusals are ``UploadRefused`` (a ``permissions.Refused``), answered by ``permissions.handler`` as
``{"error", "code"}``; a chunk that is not the next one also carries ``received`` (409).

The shared browser module ``public/common/chunked_upload.js`` is served by every block's resource
URL (``KemenagBlockMixin.open_local_resource``, ``common/assets.py``).
"""

from django.utils.translation import gettext as _

from kemenag_xblocks.common import chunked, permissions
from kemenag_xblocks.common.responses import json_response
from kemenag_xblocks.common.uploads import UploadRefused


def json_body(request):
    """The JSON object of the body; a 400 ``bad_request`` otherwise (``permissions.read_json``), as an
    ``UploadRefused`` for the callers that catch those."""
    try:
        return permissions.read_json(request)
    except permissions.Refused as refused:
        raise UploadRefused(refused.code, refused.message, refused.status) from None


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

    @permissions.handler
    def upload_start(self, request, suffix=""):
        """JSON ``{"name", "size", "sha256"}`` (optionally ``"chunk_size"``: whole MB, at most 8) -> the
        session (a new one, or the unfinished one for this file)."""
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
        return json_response(chunked.describe(session))

    @permissions.handler
    def upload_status(self, request, suffix=""):
        """JSON ``{"upload_id"}`` -> the session: how many bytes the server has confirmed."""
        user = self._chunked_uploader(request)
        session = chunked.find(json_body(request).get("upload_id"), **self._chunked_scope(user))
        return json_response(chunked.describe(session))

    @permissions.handler
    def upload_chunk(self, request, suffix=""):
        """Raw body (``application/octet-stream``), ``?upload_id=&offset=`` -> the session after it.
        ``&pipelined=1``: the client has the previous chunk still in flight (see ``chunked``)."""
        user = self._chunked_uploader(request)
        scope = self._chunked_scope(user)
        query = request.GET  # converted from Django's request on every access: once per chunk
        upload_id = query.get("upload_id", "")
        try:
            offset = int(query.get("offset", ""))
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
            pipelined=query.get("pipelined") == "1",
            **scope,
        )
        return json_response(chunked.describe(session))

    @permissions.handler
    def upload_cancel(self, request, suffix=""):
        """JSON ``{"upload_id"}``: forget an unfinished upload and its chunks."""
        user = self._chunked_uploader(request)
        chunked.cancel(json_body(request).get("upload_id"), **self._chunked_scope(user))
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

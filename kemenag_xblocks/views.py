"""The plugin app's views: file downloads, streamed, for links a block handler has signed.

Block handlers cannot stream a response (see ``kemenag_xblocks.common.downloads``); they check
who may read a file and redirect here with a short-lived token bound to that file and user.
"""

from django.http import JsonResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kemenag_xblocks.common.downloads import DownloadRefused, file_response, read_token
from kemenag_xblocks.conf import setting


def signed_in_user_id(request):
    """The LMS's answer to "who asks": the session's user (None when signed out)."""
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def requester_id(request):
    dotted = setting("KEMENAG_DOWNLOAD_REQUESTER")
    return (import_string(dotted) if dotted else signed_in_user_id)(request)


@require_safe
def download(request, token):
    """GET/HEAD ``download/<token>/``: the file, or 403 with the reason in the user's language."""
    try:
        grant = read_token(token, requester_id(request))
    except DownloadRefused as refused:
        return JsonResponse({"error": refused.message}, status=403)
    try:
        return file_response(grant)
    except FileNotFoundError:
        return JsonResponse({"error": _("This file does not exist or is no longer available.")}, status=404)

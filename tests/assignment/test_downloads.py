"""Downloads: handlers check who may read a file, then the plugin view streams it for that user only."""

import json
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import RequestFactory, override_settings
from django.urls import resolve
from edx_django_utils.plugins import get_plugin_url_patterns

from kemenag_xblocks import views
from kemenag_xblocks.assignment.models import AssignmentSubmission
from kemenag_xblocks.common import downloads
from kemenag_xblocks.common.uploads import open_storage
from tests.assignment import samples
from tests.support.handlers import as_student, read


def body(response):
    return json.loads(response.content)


def streamed(response):
    assert response.streaming, "a download must be streamed, never joined in memory"
    return read(response)


def link(calls, student_id, handler="download", **params):
    """The handler's redirect: where the browser goes next to fetch the file."""
    response = calls.get(student_id, handler, **params)
    assert response.status_code == 302, response.content
    assert response["Cache-Control"] == "private, no-store"
    return response["Location"]


def test_the_owner_gets_their_file_streamed_as_a_safe_attachment(calls, client):
    file_id = calls.hand_in("student_1", "Rencana Aksi \u2013 Satker.pdf")["files"][0]["id"]
    url = link(calls, "student_1", file=file_id)
    assert resolve(url.partition("?")[0]).view_name == "kemenag_xblocks:download"
    response = client.get(url)
    assert response.status_code == 200 and streamed(response) == samples.pdf()
    assert response["Content-Type"] == "application/pdf" and response["Content-Length"] == str(len(samples.pdf()))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Rencana Aksi  Satker.pdf\"; filename*=UTF-8''Rencana%20Aksi%20%E2%80%93%20Satker.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_staff_download_a_learners_file_and_other_learners_cannot(calls, client):
    file_id = calls.hand_in("student_1")["files"][0]["id"]
    assert streamed(client.get(link(calls, "staff", file=file_id))) == samples.pdf()
    # The handler refuses before any link exists: same answer as for a file that does not exist.
    refused = calls.get("student_2", "download", file=file_id)
    assert refused.status_code == 404 and body(refused)["error"]


def test_a_link_made_for_one_learner_is_403_for_another(calls, client):
    file_id = calls.hand_in("student_1")["files"][0]["id"]
    calls.upload("student_2")  # student_2 exists and is signed in, in workbench terms
    url = link(calls, "student_1", file=file_id)
    response = client.get(as_student(url, "student_2"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and "another user" in body(response)["error"]
    assert not response.has_header("Content-Disposition")


def test_an_expired_link_is_403_with_a_message_in_the_learners_language(calls, client, monkeypatch):
    file_id = calls.hand_in("student_1")["files"][0]["id"]
    url = link(calls, "student_1", file=file_id)
    later = time.time() + downloads.token_seconds() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and "expired" in body(response)["error"]
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 403 and "kedaluwarsa" in body(response)["error"]


def test_a_tampered_link_is_403(calls, client):
    file_id = calls.hand_in("student_1")["files"][0]["id"]
    url = link(calls, "student_1", file=file_id)
    path, _, query = url.partition("?")
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.get(path.replace(token, forged) + "?" + query)
    assert response.status_code == 403 and body(response)["error"]
    # A well-formed token signed with another key (someone making their own links): refused too.
    user_id = get_user_model().objects.get(username="student_1").pk
    own = signing.TimestampSigner(key="guessed", salt=downloads.SALT).sign_object(
        {"p": "kemenag/x.pdf", "u": user_id, "n": "x.pdf", "m": "application/pdf", "s": None}
    )
    assert client.get(path.replace(token, own) + "?" + query).status_code == 403


def test_in_the_lms_the_view_asks_the_session_who_is_signed_in(db, settings):
    settings.KEMENAG_DOWNLOAD_REQUESTER = ""  # the LMS: no workbench ?student=
    storage = open_storage()
    path = storage.save("kemenag/test/lms.pdf", ContentFile(samples.pdf()))
    owner, other = (get_user_model().objects.create(username=name) for name in ("peserta", "lain"))
    token = downloads.issue_token(path, owner.pk, "lms.pdf", "application/pdf")
    factory = RequestFactory()

    def ask(user):
        request = factory.get(f"/kemenag/download/{token}/")
        if user is not None:
            request.user = user
        return views.download(request, token)

    assert streamed(ask(owner)) == samples.pdf()
    assert ask(other).status_code == 403
    assert ask(None).status_code == 403


def test_the_view_refuses_to_change_anything(calls, client):
    file_id = calls.hand_in("student_1")["files"][0]["id"]
    url = link(calls, "student_1", file=file_id)
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


def test_a_file_gone_from_storage_is_404(calls, client):
    file_id = calls.hand_in("student_1")["files"][0]["id"]
    url = link(calls, "student_1", file=file_id)
    storage = open_storage()
    storage.delete(AssignmentSubmission.objects.get().files.get().path)
    assert client.get(url).status_code == 404


def test_the_annotated_file_and_the_zip_are_served_the_same_way(calls, client):
    calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    graded = calls.form(
        "staff",
        "grade",
        {"submission_id": submission.pk, "score": "30", "annotated": samples.upload("catatan.pdf", samples.pdf("c"))},
    )
    assert graded.status_code == 200
    annotated = link(calls, "student_1", annotated=submission.pk)
    assert streamed(client.get(annotated)) == samples.pdf("c")
    assert client.get(as_student(annotated, "staff")).status_code == 403
    started = body(calls.json("staff", "download_all"))
    archive = client.get(started["url"])
    assert archive.status_code == 302
    response = client.get(archive["Location"])
    assert response["Content-Type"] == "application/zip" and streamed(response)[:2] == b"PK"


class PresigningStorage(FileSystemStorage):
    """Stands in for django-storages' S3Storage: signs its own expiring URLs."""

    querystring_auth = True
    calls = []

    def url(self, name, parameters=None, expire=None, http_method=None):
        self.calls.append((name, parameters, expire))
        return f"https://bucket.example/{name}?X-Amz-Signature=abc"


@pytest.fixture
def presigning_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.PresigningStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    PresigningStorage.calls.clear()
    return PresigningStorage.calls


def test_storage_that_presigns_urls_serves_the_file_itself(calls, presigning_storage):
    file_id = calls.hand_in("student_1", "laporan.pdf")["files"][0]["id"]
    location = link(calls, "student_1", file=file_id)
    assert location.startswith("https://bucket.example/kemenag/")
    [(_name, parameters, expire)] = presigning_storage
    assert parameters["ResponseContentDisposition"].startswith('attachment; filename="laporan.pdf"')
    assert parameters["ResponseContentType"] == "application/pdf" and expire == downloads.token_seconds()


def test_unsigned_storage_urls_are_never_handed_out(tmp_path):
    class PublicStorage(FileSystemStorage):
        querystring_auth = False

        def url(self, name, parameters=None, expire=None):
            return "https://public.example/" + name

    assert downloads.presigned_url(PublicStorage(location=tmp_path), "a.pdf", "a.pdf", "application/pdf") is None
    assert downloads.presigned_url(FileSystemStorage(location=tmp_path), "a.pdf", "a.pdf", "application/pdf") is None


def test_the_lms_and_studio_mount_the_view_through_the_plugin_app():
    for project in ("lms.djangoapp", "cms.djangoapp"):
        [resolver] = get_plugin_url_patterns(project)
        assert resolver.namespace == "kemenag_xblocks" and resolver.pattern.regex.pattern == "^kemenag/"


@override_settings(KEMENAG_DOWNLOAD_TOKEN_SECONDS=60)
def test_the_token_lifetime_is_a_setting(db):
    token = downloads.issue_token("p", 7, "n", "application/pdf")
    assert downloads.read_token(token, 7).path == "p"
    with pytest.raises(downloads.DownloadRefused):
        downloads.read_token(token, 8)

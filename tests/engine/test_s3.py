"""Files on S3 for real: moto's S3 server, reached through django-storages' ``S3Storage`` by
gunicorn and the Celery worker. Uploads land as private objects, downloads are presigned,
expiring URLs that answer as attachments with the file's type, and nothing is ever public."""

import hashlib
import io
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.engine.flows import pdf_bytes, resumable_upload, upload_file

pytestmark = pytest.mark.engine


def uploaded_key(stack, state):
    """Every key in the bucket (a test compares before and after its upload)."""
    listing = stack.s3_client().list_objects_v2(Bucket=stack.bucket)
    return [item["Key"] for item in listing.get("Contents", [])]


def test_an_upload_is_a_private_object_in_the_bucket(stack, blocks):
    data = pdf_bytes(1_200_000, "s3-private")
    before = set(uploaded_key(stack, None))
    state = upload_file(stack, blocks["assignment"], "s3_learner_1", data, name="Rencana Aksi.pdf")
    (key,) = set(uploaded_key(stack, state)) - before
    client = stack.s3_client()
    stored = client.get_object(Bucket=stack.bucket, Key=key)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(data).hexdigest()
    grants = client.get_object_acl(Bucket=stack.bucket, Key=key)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner only
    assert all(g["Grantee"].get("Type") == "CanonicalUser" for g in grants)  # no AllUsers/AuthenticatedUsers
    # Unsigned, the object is refused to anyone.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://127.0.0.1:{stack.s3_server_port}/{stack.bucket}/{key}", timeout=10)
    assert refused.value.code == 403
    # The bucket blocks public ACLs and policies, and has no policy.
    block = client.get_public_access_block(Bucket=stack.bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values())
    with pytest.raises(client.exceptions.ClientError):
        client.get_bucket_policy(Bucket=stack.bucket)


def test_a_resumable_upload_assembles_one_object(stack, blocks):
    data = pdf_bytes(2_500_000, "s3-resumable")
    before = set(uploaded_key(stack, None))
    resumable_upload(stack, blocks["assignment"], "s3_learner_2", data, chunk=1024 * 1024)
    new = set(uploaded_key(stack, None)) - before
    final = [k for k in new if k.endswith(".pdf")]
    assert len(final) == 1
    body = stack.s3_client().get_object(Bucket=stack.bucket, Key=final[0])["Body"].read()
    assert body == data


def test_download_is_a_presigned_expiring_attachment(stack, blocks):
    data = pdf_bytes(800_000, "s3-download")
    state = upload_file(stack, blocks["assignment"], "s3_learner_3", data, name="Laporan Akhir.pdf")
    (mine,) = [f for f in state["files"] if f["name"] == "Laporan Akhir.pdf"]
    link = mine["url"].replace("http://testserver", "")
    status, headers, _body = stack.get(link)
    assert status == 302
    signed = headers["Location"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["120"]  # KEMENAG_DOWNLOAD_TOKEN_SECONDS
    signed_at = time.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
    assert abs(time.mktime(signed_at) - time.mktime(time.gmtime())) < 120
    assert "X-Amz-Signature" in query
    assert query["response-content-disposition"][0].startswith("attachment;")
    with urllib.request.urlopen(signed, timeout=30) as response:
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert "Laporan" in response.headers["Content-Disposition"]
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Cache-Control"] == "private, no-store"
        received = b"".join(iter(lambda: response.read(64 * 1024), b""))  # streamed in chunks
    assert received == data
    # Someone else asking for the same file gets nothing signed.
    status, _headers, _body = stack.get(link.replace("student=s3_learner_3", "student=s3_learner_1"))
    assert status == 404


def test_django_storage_reads_an_object_in_chunks(stack, blocks):
    """The storage API the blocks use, against the same server: open, read in chunks, size."""
    import django
    from django.conf import settings

    if not settings.configured:  # pragma: no cover - pytest-django configures settings
        django.setup()
    from storages.backends.s3 import S3Storage

    storage = S3Storage(
        bucket_name=stack.bucket,
        endpoint_url=f"http://127.0.0.1:{stack.s3_server_port}",
        access_key="testing",
        secret_key="testing",
        region_name="us-east-1",
        default_acl=None,
        file_overwrite=False,
        addressing_style="path",
    )
    data = pdf_bytes(3_000_000, "s3-chunks")
    name = storage.save("kemenag/engine-test/chunks.pdf", io.BytesIO(data))
    assert storage.size(name) == len(data)
    with storage.open(name, "rb") as handle:
        parts = list(iter(lambda: handle.read(256 * 1024), b""))
    assert b"".join(parts) == data and len(parts) == 12
    # file_overwrite=False: a second save under the same name never replaces the first object.
    other = storage.save("kemenag/engine-test/chunks.pdf", io.BytesIO(b"%PDF-other"))
    assert other != name and storage.open(name).read() == data
    storage.delete(other)
    storage.delete(name)

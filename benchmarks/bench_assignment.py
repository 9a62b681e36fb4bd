"""Assignment uploads, downloads and download-all: memory of the serving process, throughput.

Requests go through the whole Django stack (``WSGIHandler``: middleware, the workbench's handler
view, its Django-to-webob conversion, our handler), with the request body read from a file as a
server reads it from its socket, so nothing in the client inflates the figures.

Memory is measured twice: the Python heap peak (``tracemalloc``) and the process's peak resident
set (``VmHWM``, reset through ``/proc/self/clear_refs`` before each step). Throughput is measured
in a separate pass without tracemalloc, against a plain disk copy of the same file in the same run.

Downloads go the way a browser follows a link: the handler's 302, then the plugin view streaming
the file (``kemenag_xblocks.common.downloads``); the body is drained chunk by chunk.

Sizes: ``KEMENAG_BENCH_UPLOAD_MB`` and ``KEMENAG_BENCH_DOWNLOAD_MB`` (default 200, the issue's
figure) and ``KEMENAG_BENCH_ZIP_FILES`` x ``KEMENAG_BENCH_ZIP_FILE_MB`` (default 300 x 1). Full size is the default:
``.venv/bin/python -m benchmarks bench_assignment``.
"""

import hashlib
import io
import os
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.harness import report

UPLOAD_MB = int(os.environ.get("KEMENAG_BENCH_UPLOAD_MB", "200"))
DOWNLOAD_MB = int(os.environ.get("KEMENAG_BENCH_DOWNLOAD_MB", "200"))
ZIP_FILES = int(os.environ.get("KEMENAG_BENCH_ZIP_FILES", "300"))
ZIP_FILE_MB = float(os.environ.get("KEMENAG_BENCH_ZIP_FILE_MB", "1"))
MB = 1024 * 1024
CSRF = "k" * 32
BOUNDARY = "----kemenagbenchboundary"


def peak_rss_reset():
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def current_rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def measured(fn):
    """``(result, python heap peak, RSS peak growth)`` of ``fn()``."""
    resettable = peak_rss_reset()
    before = current_rss()
    tracemalloc.start()
    try:
        result = fn()
        _, heap_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth = peak_rss() - before if resettable else None
    return result, heap_peak, rss_growth


def wsgi_call(method, path, query, *, body=None, length=0, content_type="", extra=None):
    """One request through Django's WSGI handler, as runserver/gunicorn would make it."""
    from django.core.handlers.wsgi import WSGIHandler

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(length),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": f"csrftoken={CSRF}",
        "HTTP_X_CSRFTOKEN": CSRF,
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": None,
        **(extra or {}),
    }
    status = []
    chunks = WSGIHandler()(environ, lambda s, h, *a: status.append(s))
    size = 0
    for chunk in chunks:
        size += len(chunk)
    getattr(chunks, "close", lambda: None)()
    return status[0], size


def write_file(path, size):
    """A PDF-looking file of ``size`` bytes, written in 1 MB chunks (random-ish, not sparse)."""
    block = (b"%PDF-1.4\n" + os.urandom(MB))[:MB]
    with open(path, "wb") as handle:
        handle.write(block)
        written = len(block)
        filler = os.urandom(MB)
        while written < size:
            handle.write(filler[: min(MB, size - written)])
            written += min(MB, size - written)


def write_multipart(source, target, name="laporan.pdf"):
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    with open(target, "wb") as out, open(source, "rb") as src:
        out.write(head)
        shutil.copyfileobj(src, out, MB)
        out.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return os.path.getsize(target)


def handler_path(block, handler):
    url = block.runtime.handler_url(block, handler)
    path, _, query = url.partition("?")
    return path, query


def upload_request(path, query, body, length, raw, name="laporan.pdf"):
    """One upload through the WSGI stack: multipart field ``file``, or the raw body the page sends."""
    from urllib.parse import quote

    extra = {"HTTP_X_UPLOAD_NAME": quote(name)} if raw else {}
    content_type = "application/octet-stream" if raw else f"multipart/form-data; boundary={BOUNDARY}"
    with open(body, "rb") as stream:
        return wsgi_call("POST", path, query, body=stream, length=length, content_type=content_type, extra=extra)


def reset_uploads():
    from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission
    from kemenag_xblocks.common.models import UploadSession
    from kemenag_xblocks.common.uploads import open_storage

    AssignmentFile.objects.all().delete()
    AssignmentSubmission.objects.all().delete()
    UploadSession.objects.all().delete()
    storage = open_storage()
    if storage.exists("kemenag"):
        shutil.rmtree(storage.path("kemenag"))


def fastest(fn, runs=3):
    timings = []
    for _ in range(runs):
        reset_uploads()
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return min(timings)


def disk_copies(source, workdir):
    """The baselines: a kernel copy (shutil.copyfile) and a 1 MB read/write copy, fastest of 3 each."""
    copies, chunked = [], []
    for _ in range(3):
        start = time.perf_counter()
        shutil.copyfile(source, workdir / "copy.pdf")
        copies.append(time.perf_counter() - start)
        os.remove(workdir / "copy.pdf")
        start = time.perf_counter()
        with open(source, "rb") as src, open(workdir / "copy.pdf", "wb") as dst:
            shutil.copyfileobj(src, dst, MB)
        chunked.append(time.perf_counter() - start)
        os.remove(workdir / "copy.pdf")
    return min(copies), min(chunked)


def sha256_seconds(source):
    """Fastest of 3: SHA-256 of the file read in the handler's 4 MB chunks (read from page cache)."""
    timings = []
    for _ in range(3):
        digest = hashlib.sha256()
        start = time.perf_counter()
        with open(source, "rb") as stream:
            for chunk in iter(lambda: stream.read(4 * MB), b""):
                digest.update(chunk)
        timings.append(time.perf_counter() - start)
    return min(timings)


def bench_upload(stack, workdir):
    from kemenag_xblocks.assignment.models import AssignmentFile

    size = UPLOAD_MB * MB
    source, body = workdir / "source.pdf", workdir / "body.multipart"
    write_file(source, size)
    length = write_multipart(source, body)
    max_mb = UPLOAD_MB + 1
    block = stack.block(f'<kemenag_assignment max_file_mb="{max_mb}" max_files="20" allowed_types="pdf"/>', "bench_up")
    path, query = handler_path(block, "upload")

    def upload(raw):
        def run():
            status, _ = upload_request(path, query, source if raw else body, size if raw else length, raw)
            assert status.startswith("200"), status
            assert AssignmentFile.objects.get().size == size

        return run

    variants = {}
    for raw, label in ((True, "raw body (what the page sends)"), (False, "multipart field `file`")):
        reset_uploads()
        upload(raw)()  # warm-up: imports, templates, first queries
        reset_uploads()
        _, heap, rss = measured(upload(raw))
        variants[label] = (heap, rss, fastest(upload(raw)))
    copy_s, chunked_s = disk_copies(source, workdir)
    hash_s = sha256_seconds(source)
    print(f"upload {UPLOAD_MB} MB through the handler (disk copy {size / MB / copy_s:.0f} MB/s, same run):")
    # The receipt needs every file's SHA-256, so no upload can beat hashing it: the bound, measured.
    print(
        f"  SHA-256 of the file alone: {size / MB / hash_s:.0f} MB/s = {copy_s / hash_s:.2f} of the disk copy "
        "(the best any hashing upload can reach)"
    )
    for label, (heap, rss, upload_s) in variants.items():
        print(f"  {label}:")
        print(f"    python heap peak      {heap / MB:8.1f} MB")
        print(
            f"    process RSS peak grew {rss / MB:8.1f} MB   (target <= 32 MB)" if rss is not None else "    RSS: n/a"
        )
        print(
            f"    throughput            {size / MB / upload_s:8.1f} MB/s = {copy_s / upload_s:5.2f} of the disk copy"
            f"   (target >= 0.50); {chunked_s / upload_s:.2f} of a 1 MB read/write copy"
        )
        report(f"assignment: upload {UPLOAD_MB} MB, {label.split(' (')[0]}", upload_s, copy_s, baseline="disk copy")
    for leftover in (source, body):
        os.remove(leftover)


def bench_download_all(stack, workdir):
    from django.core.files import File
    from django.utils import timezone

    from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission
    from kemenag_xblocks.common.uploads import open_storage

    block = stack.block("<kemenag_assignment/>", "staff")
    usage, course = block.usage_key, block.course_key
    storage = open_storage()
    file_size = int(ZIP_FILE_MB * MB)
    source = workdir / "one.pdf"
    write_file(source, file_size)
    now = timezone.now()
    for number in range(ZIP_FILES):
        submission = AssignmentSubmission.objects.create(
            course_key=course,
            usage_key=usage,
            anonymous_id=f"{number:032x}",
            username=f"peserta{number:04d}",
            status="submitted",
            submitted_at=now,
            attempt=1,
        )
        with open(source, "rb") as handle:
            path = storage.save(f"kemenag/bench/{number}.pdf", File(handle))
        AssignmentFile.objects.create(
            submission=submission,
            path=path,
            display_name="rencana aksi.pdf",
            size=file_size,
            sha256="0" * 64,
            mime="application/pdf",
        )
    path, query = handler_path(block, "download_all")

    def build():
        import json

        payload = json.dumps({}).encode()
        import io

        status, _ = wsgi_call(
            "POST", path, query, body=io.BytesIO(payload), length=len(payload), content_type="application/json"
        )
        assert status.startswith("200"), status

    start = time.perf_counter()
    _, heap, rss = measured(build)
    seconds = time.perf_counter() - start
    total = ZIP_FILES * file_size / MB
    print(f"download-all of {ZIP_FILES} x {ZIP_FILE_MB:g} MB ({total:.0f} MB), zip built and saved to storage:")
    print(f"  python heap peak      {heap / MB:8.1f} MB")
    print(f"  process RSS peak grew {rss / MB:8.1f} MB   (target <= 64 MB)" if rss is not None else "  RSS: n/a")
    print(f"  time                  {seconds:8.1f} s")
    report(f"assignment: download-all {ZIP_FILES} x {ZIP_FILE_MB:g} MB", seconds)

    # Fetching the finished zip as the page does: the handler's redirect, then the streamed view.
    archive_path, archive_query = handler_path(block, "download_archive")
    from kemenag_xblocks.assignment import archive

    [zip_name] = storage.listdir(archive.archive_folder(course, usage))[1]
    zip_token = zip_name.rsplit("-", 1)[1].split(".")[0]
    (status, served), heap, rss = measured(lambda: follow_download(archive_path, f"{archive_query}&token={zip_token}"))
    assert status.startswith("200"), status
    print(
        f"  fetching the {served / MB:.0f} MB zip (handler redirect + streamed view): heap peak {heap / MB:.1f} MB, "
        f"RSS peak grew {rss / MB:.1f} MB"
    )


def wsgi_get(path, query):
    """A GET through Django's WSGI handler: ``(status, headers, bytes received)``, the body drained
    chunk by chunk as a server sends it (no ``wsgi.file_wrapper``: the pure-Python path)."""
    from django.core.handlers.wsgi import WSGIHandler

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": None,
    }
    started = []
    chunks = WSGIHandler()(environ, lambda status, headers, *a: started.append((status, dict(headers))))
    size = 0
    for chunk in chunks:
        size += len(chunk)
    getattr(chunks, "close", lambda: None)()
    return started[0][0], started[0][1], size


def follow_download(path, query):
    """A download link as a browser follows it: the handler answers 302, the plugin view streams."""
    status, headers, _ = wsgi_get(path, query)
    assert status.startswith("302"), status
    location = headers["Location"]
    view_path, _, view_query = location.partition("?")
    status, headers, size = wsgi_get(view_path, view_query)
    assert headers.get("X-Content-Type-Options") == "nosniff", headers
    return status, size


def bench_download(stack, workdir):
    """A learner downloads their own large file: memory stays flat whatever the size."""
    from django.core.files import File
    from django.utils import timezone

    from demo.services import anonymous_id_for
    from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission
    from kemenag_xblocks.common.downloads import attachment_response
    from kemenag_xblocks.common.uploads import open_storage

    size = DOWNLOAD_MB * MB
    source = workdir / "download.pdf"
    write_file(source, size)
    block = stack.block("<kemenag_assignment/>", "bench_dl")
    storage = open_storage()
    with open(source, "rb") as handle:
        stored = storage.save("kemenag/bench-download/large.pdf", File(handle))
    os.remove(source)
    submission = AssignmentSubmission.objects.create(
        course_key="workbench",
        usage_key=str(block.scope_ids.usage_id),
        anonymous_id=anonymous_id_for("bench_dl"),
        username="bench_dl",
        status="submitted",
        submitted_at=timezone.now(),
        attempt=1,
    )
    row = AssignmentFile.objects.create(
        submission=submission,
        path=stored,
        display_name="laporan besar.pdf",
        size=size,
        sha256="0" * 64,
        mime="application/pdf",
    )
    path, query = handler_path(block, "download")
    query = f"{query}&file={row.pk}"
    follow_download(path, query)  # warm-up
    (status, served), heap, rss = measured(lambda: follow_download(path, query))
    timings = []
    for _ in range(3):  # not ``fastest()``: it clears the stored files between runs
        start = time.perf_counter()
        follow_download(path, query)
        timings.append(time.perf_counter() - start)
    seconds = min(timings)
    assert status.startswith("200") and served == size, (status, served)
    print(f"download {DOWNLOAD_MB} MB (learner's own file: handler redirect, then the plugin view's FileResponse):")
    print(f"  python heap peak      {heap / MB:8.1f} MB")
    print(f"  process RSS peak grew {rss / MB:8.1f} MB   (target <= 32 MB)" if rss is not None else "  RSS: n/a")
    print(f"  throughput            {size / MB / seconds:8.1f} MB/s")
    report(f"assignment: download {DOWNLOAD_MB} MB", seconds)

    # What a handler serving the bytes itself costs: the runtime joins the app_iter into one object.
    from xblock.django.request import webob_to_django_response

    def through_handler():
        return len(webob_to_django_response(attachment_response(stored, "x.pdf", "application/pdf")).content)

    _, heap, rss = measured(through_handler)
    print(
        f"  (for comparison, the same file returned by a handler: RSS peak grew {rss / MB:.0f} MB, "
        f"heap {heap / MB:.0f} MB, as webob_to_django_response() joins it)"
    )
    storage.delete(stored)


def run(stack, floor=None):
    workdir = Path(tempfile.mkdtemp(prefix="kemenag-bench-assignment-"))
    try:
        bench_upload(stack, workdir)
        bench_download(stack, workdir)
        bench_download_all(stack, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

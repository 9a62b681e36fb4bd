"""Assignment uploads and download-all: memory of the serving process and upload throughput.

Requests go through the whole Django stack (``WSGIHandler``: middleware, the workbench's handler
view, its Django-to-webob conversion, our handler), with the request body read from a file as a
server reads it from its socket, so nothing in the client inflates the figures.

Memory is measured twice: the Python heap peak (``tracemalloc``) and the process's peak resident
set (``VmHWM``, reset through ``/proc/self/clear_refs`` before each step). Throughput is measured
in a separate pass without tracemalloc, against a plain disk copy of the same file in the same run.

Sizes: ``KEMENAG_BENCH_UPLOAD_MB`` (default 200, the issue's figure) and ``KEMENAG_BENCH_ZIP_FILES``
x ``KEMENAG_BENCH_ZIP_FILE_MB`` (default 300 x 1). Full size is the default:
``.venv/bin/python -m benchmarks bench_assignment``.
"""

import os
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.harness import report

UPLOAD_MB = int(os.environ.get("KEMENAG_BENCH_UPLOAD_MB", "200"))
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


def wsgi_call(method, path, query, *, body=None, length=0, content_type=""):
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


def bench_upload(stack, workdir):
    from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission

    size = UPLOAD_MB * MB
    source, body = workdir / "source.pdf", workdir / "body.multipart"
    write_file(source, size)
    length = write_multipart(source, body)
    max_mb = UPLOAD_MB + 1
    block = stack.block(f'<kemenag_assignment max_file_mb="{max_mb}" max_files="20" allowed_types="pdf"/>', "bench_up")
    path, query = handler_path(block, "upload")

    def upload():
        AssignmentFile.objects.all().delete()
        AssignmentSubmission.objects.all().delete()
        from kemenag_xblocks.common.uploads import open_storage

        storage = open_storage()
        for folder in ("kemenag",):
            if storage.exists(folder):
                shutil.rmtree(storage.path(folder))
        with open(body, "rb") as stream:
            status, _ = wsgi_call(
                "POST",
                path,
                query,
                body=stream,
                length=length,
                content_type=f"multipart/form-data; boundary={BOUNDARY}",
            )
        assert status.startswith("200"), status
        assert AssignmentFile.objects.get().size == size

    upload()  # warm-up: imports, templates, first queries
    _, heap, rss = measured(upload)

    def fastest():
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            upload()
            timings.append(time.perf_counter() - start)
        return min(timings)

    upload_s = fastest()
    copies = []
    for _ in range(3):
        start = time.perf_counter()
        shutil.copyfile(source, workdir / "copy.pdf")
        copies.append(time.perf_counter() - start)
        os.remove(workdir / "copy.pdf")
    copy_s = min(copies)
    # A user-space copy in 1 MB chunks (what any server-side code that reads the body must at least do).
    chunked = []
    for _ in range(3):
        start = time.perf_counter()
        with open(source, "rb") as src, open(workdir / "copy.pdf", "wb") as dst:
            shutil.copyfileobj(src, dst, MB)
        chunked.append(time.perf_counter() - start)
        os.remove(workdir / "copy.pdf")
    chunked_s = min(chunked)
    print(f"upload {UPLOAD_MB} MB through the handler:")
    print(f"  python heap peak      {heap / MB:8.1f} MB")
    print(f"  process RSS peak grew {rss / MB:8.1f} MB   (target <= 32 MB)" if rss is not None else "  RSS: n/a")
    print(
        f"  throughput            {size / MB / upload_s:8.1f} MB/s vs disk copy {size / MB / copy_s:8.1f} MB/s "
        f"= {copy_s / upload_s:5.2f} of the copy   (target >= 0.50)"
    )
    print(
        f"  (kernel copy: shutil.copyfile; a 1 MB-chunk read/write copy runs at {size / MB / chunked_s:.1f} MB/s, "
        f"the upload = {chunked_s / upload_s:.2f} of it)"
    )
    report(f"assignment: upload {UPLOAD_MB} MB", upload_s)
    for leftover in (source, body):
        os.remove(leftover)


def bench_download_all(stack, workdir):
    from django.core.files import File
    from django.utils import timezone

    from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission
    from kemenag_xblocks.common.uploads import open_storage

    block = stack.block("<kemenag_assignment/>", "staff")
    usage, course = str(block.scope_ids.usage_id), "workbench"
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

    # Serving the finished zip: our handler streams it in 64 KB chunks (webob app_iter).
    from kemenag_xblocks.assignment import archive

    zips = [name for name in storage.listdir(archive.archive_folder(course, usage))[1]]
    zip_path = f"{archive.archive_folder(course, usage)}/{zips[0]}"

    def stream():
        from kemenag_xblocks.common.uploads import attachment_response

        response = attachment_response(zip_path, "semua.zip", "application/zip")
        served = sum(len(chunk) for chunk in response.app_iter)
        response.app_iter.close()
        return served

    served, heap, rss = measured(stream)
    print(
        f"  streaming the {served / MB:.0f} MB zip from the handler's app_iter: heap peak {heap / MB:.1f} MB, "
        f"RSS peak grew {rss / MB:.1f} MB"
    )
    print("  note: the workbench and the LMS wrap handler responses with webob_to_django_response(), which joins")
    print("  app_iter into one bytes object; see docs/assignment.md for what that means for large downloads.")


def run(stack, floor=None):
    workdir = Path(tempfile.mkdtemp(prefix="kemenag-bench-assignment-"))
    try:
        bench_upload(stack, workdir)
        bench_download_all(stack, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

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

import functools
import hashlib
import io
import os
import shutil
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from benchmarks.harness import report, target

UPLOAD_MB = int(os.environ.get("KEMENAG_BENCH_UPLOAD_MB", "200"))
DOWNLOAD_MB = int(os.environ.get("KEMENAG_BENCH_DOWNLOAD_MB", "200"))
ZIP_FILES = int(os.environ.get("KEMENAG_BENCH_ZIP_FILES", "300"))
ZIP_FILE_MB = float(os.environ.get("KEMENAG_BENCH_ZIP_FILE_MB", "1"))
ROUNDS = int(os.environ.get("KEMENAG_BENCH_UPLOAD_ROUNDS", "5"))
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


@functools.cache
def wsgi_application():
    """Django's WSGI handler, built once (its middleware chain loaded once) as a server builds it."""
    from django.core.handlers.wsgi import WSGIHandler

    return WSGIHandler()


def wsgi_call(method, path, query, *, body=None, length=0, content_type="", extra=None):
    """One request through Django's WSGI handler, as runserver/gunicorn would make it."""
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
    chunks = wsgi_application()(environ, lambda s, h, *a: status.append(s))
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


def sha256_hot_seconds(size, threads=1):
    """The bound of issue 18: SHA-256 of ``size`` bytes of one cache-hot 1 MB buffer (no I/O at all);
    with ``threads`` > 1, that many threads hash ``size`` bytes each at once (is a second core free?)."""
    import threading

    buffer = os.urandom(MB)

    def work():
        digest = hashlib.sha256()
        for _ in range(size // len(buffer)):
            digest.update(buffer)

    start = time.perf_counter()
    if threads == 1:
        work()
    else:
        workers = [threading.Thread(target=work) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    return time.perf_counter() - start


def memcpy_hot_seconds(size):
    """Copying ``size`` bytes between two cache-hot 1 MB buffers: faster than any copy an upload
    makes (page cache to user space, user space to page cache), so a generous floor for each."""
    source, target_buffer = os.urandom(MB), bytearray(MB)
    view = memoryview(target_buffer)
    start = time.process_time()
    for _ in range(size // MB):
        view[:] = source
    return time.process_time() - start


def both_clocks(fn):
    """``(wall seconds, CPU seconds of this process)`` of ``fn()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def read_write_seconds(source, workdir):
    """The I/O an upload cannot avoid, done as cheaply as Python can: the body read into one reused
    1 MB buffer and written once. ``(wall, CPU)`` seconds, the file's removal not counted."""
    buffer = bytearray(MB)
    view = memoryview(buffer)
    target_path = workdir / "copy.pdf"
    wall, cpu = time.perf_counter(), time.process_time()
    with open(source, "rb", buffering=0) as src, open(target_path, "wb", buffering=0) as dst:
        while read := src.readinto(buffer):
            dst.write(view[:read])
    result = time.perf_counter() - wall, time.process_time() - cpu
    os.remove(target_path)
    return result


def sga_upload(stack, workdir, body, length, size):
    """edx-sga's ``upload_assignment`` through the same stack: a callable, or None without edx-sga."""
    from benchmarks import peer_sga
    from tests.support.blocks import temporary_block_type

    block_class = peer_sga.block_class()
    if block_class is None:
        return None, None
    sga_body = workdir / "sga.multipart"
    with open(body, "rb") as src, open(sga_body, "wb") as out:
        head = src.read(512).replace(b'name="file"', b'name="assignment"', 1)
        out.write(head)
        shutil.copyfileobj(src, out, MB)
    length = os.path.getsize(sga_body)
    registered = temporary_block_type(block_class, "bench_edx_sga")
    registered.__enter__()
    block = stack.block("<bench_edx_sga/>", "bench_sga")
    path, query = handler_path(block, "upload_assignment")
    content_type = f"multipart/form-data; boundary={BOUNDARY}"

    def upload():
        from submissions.models import Submission

        Submission.objects.all().delete()
        with open(sga_body, "rb") as stream:
            status, _ = wsgi_call("POST", path, query, body=stream, length=length, content_type=content_type)
        assert status.startswith("200"), status

    return upload, registered


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

    labels = {True: "raw body (what the page sends)", False: "multipart field `file` (streamed parser)"}
    memory = {}
    for raw in (True, False):
        reset_uploads()
        upload(raw)()  # warm-up: imports, templates, first queries
        reset_uploads()
        _, heap, rss = measured(upload(raw))
        memory[raw] = (heap, rss)
    sga, registered = sga_upload(stack, workdir, body, length, size)
    if sga is not None:
        sga()  # warm-up
    # Interleaved rounds, fastest of each: the bound and the uploads see the same machine state.
    best = {key: [] for key in ("hash", "hash2", "copy", "memcpy", True, False, "sga")}

    from kemenag_xblocks.common import uploads

    passes = {True: Counter(), False: Counter()}  # how each timed upload hashed (uploads.HASH_PASSES)

    def timed_upload(raw):
        reset_uploads()
        before = dict(uploads.HASH_PASSES)
        timing = both_clocks(upload(raw))
        passes[raw].update({key: uploads.HASH_PASSES[key] - before[key] for key in before})
        return timing

    for _ in range(ROUNDS):
        best["hash"].append(both_clocks(lambda: sha256_hot_seconds(size)))
        best["hash2"].append(sha256_hot_seconds(size, threads=2))
        # Right after the previous upload's file is deleted, as every upload below is: on the VM
        # this was measured on, page-cache pages freed seconds earlier have gone back to the host
        # and cost about 4x as much CPU to write again (3000 against 700 MB/s), so the copy must
        # start from the same state as the uploads it is compared with.
        reset_uploads()
        best["copy"].append(read_write_seconds(source, workdir))
        best["memcpy"].append((0, memcpy_hot_seconds(size)))
        best[True].append(timed_upload(True))
        best[False].append(timed_upload(False))
        if sga is not None:
            best["sga"].append(both_clocks(sga))
    if registered is not None:
        registered.__exit__(None, None, None)
    wall = {key: min(v[0] if isinstance(v, tuple) else v for v in values) for key, values in best.items() if values}
    cpu = {key: min(v[1] for v in values) for key, values in best.items() if values and isinstance(values[0], tuple)}
    rate = lambda seconds: size / MB / seconds  # noqa: E731
    # Hashing can only overlap the I/O on a second core that is free: two threads hashing at once
    # take as long as one. Without one (a machine shared with other work), wall-clock time measures
    # the scheduler, and the figures that mean something are CPU times: the work done per byte.
    spare = wall["hash"] * 2 / wall["hash2"]
    clock, times = ("wall clock", wall) if spare >= 1.6 else ("CPU time", cpu)
    hash_s, raw_s, multipart_s = times["hash"], times[True], times[False]
    # On one core an upload hashes the body and copies it twice (into this process, out to the
    # file): at best SHA-256 plus two cache-hot memory copies per byte, both measured here.
    serial_bound = 1 / (1 / rate(cpu["hash"]) + 2 / rate(cpu["memcpy"]))
    print(f"upload {UPLOAD_MB} MB through the handler, fastest of {ROUNDS} interleaved rounds:")
    print(f"  two threads hashing at once: {spare:.2f} cores' worth (2.00 = a free second core); ratios by {clock}")
    print(f"  {'':<44}{'wall':>10}{'CPU time':>12}")
    rows = [
        ("SHA-256 of a cache-hot 1 MB buffer (the bound)", "hash"),
        ("read + write of the body, 1 MB chunks", "copy"),
    ]
    rows += [(labels[True], True), (labels[False], False)] + (
        [("edx-sga upload_assignment (peer)", "sga")] if sga else []
    )
    for label, key in rows:
        print(f"  {label:<44}{rate(wall[key]):8.0f} MB/s{rate(cpu[key]):8.0f} MB/s")
    print(
        f"  cache-hot memory copy {rate(cpu['memcpy']):.0f} MB/s: on one core no upload can pass "
        f"{serial_bound:.0f} MB/s = {serial_bound / rate(cpu['hash']):.2f}x SHA-256 (hash + two copies)"
    )
    # The same with the kernel's copies as they cost here (the read + write row, CPU time): what one
    # core can do with the body's read and write as cheap as Python makes them.
    io_bound = 1 / (1 / rate(cpu["hash"]) + 1 / rate(cpu["copy"]))
    print(
        f"  with the read + write measured above: on one core {io_bound:.0f} MB/s = "
        f"{io_bound / rate(cpu['hash']):.2f}x SHA-256; the raw body reached {rate(wall[True]) / io_bound:.2f}x "
        f"of that by wall clock (above 1 only with the hash overlapped), {rate(cpu[True]) / io_bound:.2f}x in CPU time"
    )
    for raw in (True, False):
        counts = passes[raw]
        print(
            f"  {labels[raw].split(' (')[0]}: SHA-256 in the helper thread in {counts['helper']} of {ROUNDS} "
            f"uploads, given up after its first chunks in {counts['fell_back']}, inline from the start "
            f"in {counts['inline']} (load when the rounds ended: {os.getloadavg()[0]:.2f})"
        )
    for raw in (True, False):
        heap, rss = memory[raw]
        print(f"  {labels[raw]}: python heap peak {heap / MB:.1f} MB, process RSS peak grew {(rss or 0) / MB:.1f} MB")
        report(
            f"assignment: upload {UPLOAD_MB} MB, {labels[raw].split(' (')[0]}",
            wall[raw],
            wall["hash"],
            baseline="SHA-256",
        )
    if sga is not None:
        report(f"edx-sga: upload_assignment {UPLOAD_MB} MB (peer)", wall["sga"], wall[True], baseline="our raw body")
        print(f"    ours (multipart, the same body) is {times['sga'] / multipart_s:.2f}x faster than edx-sga ({clock})")
    met = target(
        f"upload {UPLOAD_MB} MB raw body / SHA-256 rate",
        hash_s / raw_s,
        0.8,
        at_most=False,
        bound=f"of SHA-256, {clock}",
    )
    if not met and spare < 1.6:
        # Without a free core the target needs more than one core can give (proved by the bound
        # above when it is below 0.8); the closest honest target: near what one core can do.
        target(
            f"upload {UPLOAD_MB} MB raw body / one-core bound (no free core: {spare:.2f})",
            rate(cpu[True]) / serial_bound,
            0.8,
            at_most=False,
            bound=f"of {serial_bound:.0f} MB/s = SHA-256 + two memory copies, CPU time",
        )
    target(
        f"upload {UPLOAD_MB} MB multipart / raw body",
        raw_s / multipart_s,
        0.8,
        at_most=False,
        bound=f"of the raw body, {clock}",
    )
    if sga is not None:
        target(
            f"upload {UPLOAD_MB} MB edx-sga / ours (multipart)",
            times["sga"] / multipart_s,
            1,
            at_most=False,
            bound=f"(ours faster), {clock}",
        )
    for raw in (True, False):
        rss = memory[raw][1]
        if rss is not None:
            target(
                f"upload {UPLOAD_MB} MB {labels[raw].split(' (')[0]}: RSS growth",
                rss / MB,
                16,
                unit=" MB",
                bound="(memory is constant in the file's size: 1 MB chunks)",
            )
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
    chunks = wsgi_application()(environ, lambda status, headers, *a: started.append((status, dict(headers))))
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

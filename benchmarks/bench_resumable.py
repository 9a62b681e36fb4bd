"""Resumable uploads (issue 9): a file in 1 MB chunks against the same file in one request, same run.

Every request goes through Django's WSGI handler as in ``bench_assignment`` (middleware, the
workbench's handler view, our handlers), each chunk's body read from the file at its offset as a
server reads it from its socket. The chunked upload is the whole protocol the page runs:
``upload_start``, one ``upload_chunk`` per MB, ``upload_finish`` (reassembly, SHA-256 check, type
checks, move into storage). The single request is the raw-body ``upload`` the page uses for small
files. Both run against local disk storage, with no network: the figure is the server's own cost.

Size: ``KEMENAG_BENCH_RESUMABLE_MB`` (default 50, the issue's figure).
"""

import hashlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from benchmarks.bench_assignment import (
    MB,
    disk_copies,
    fastest,
    handler_path,
    measured,
    reset_uploads,
    upload_request,
    write_file,
)
from benchmarks.harness import report

UPLOAD_MB = int(os.environ.get("KEMENAG_BENCH_RESUMABLE_MB", "50"))
ORDER = 20
# (Mbit/s, round-trip seconds): a rural 4G line and an office line.
LINKS = ((10, 0.1), (100, 0.02))


def chunked_upload(paths, source, size, sha256, captured):
    """The page's protocol, chunk by chunk; ``captured`` receives the last JSON answer."""
    from django.core.handlers.wsgi import WSGIHandler

    def call(handler, body, length, content_type, extra_query=""):
        path, query = paths[handler]
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "QUERY_STRING": query + extra_query,
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(length),
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": "csrftoken=" + "k" * 32,
            "HTTP_X_CSRFTOKEN": "k" * 32,
            "wsgi.input": body,
            "wsgi.url_scheme": "http",
            "wsgi.errors": None,
        }
        status = []
        chunks = WSGIHandler()(environ, lambda s, h, *a: status.append(s))
        payload = b"".join(chunks)
        assert status[0].startswith("200"), (handler, status[0], payload[:200])
        return json.loads(payload)

    def post(handler, data):
        body = json.dumps(data).encode()
        return call(handler, io.BytesIO(body), len(body), "application/json")

    session = post("upload_start", {"name": "laporan.pdf", "size": size, "sha256": sha256})
    chunk = session["chunk_size"]
    with open(source, "rb") as stream:
        offset = session["received"]
        while offset < size:
            length = min(chunk, size - offset)
            stream.seek(offset)
            extra = f"&upload_id={session['upload_id']}&offset={offset}"
            session = call("upload_chunk", stream, length, "application/octet-stream", extra)
            offset = session["received"]
    captured.append(post("upload_finish", {"upload_id": session["upload_id"]}))


def run(stack, floor=None):
    from kemenag_xblocks.assignment.models import AssignmentFile

    workdir = Path(tempfile.mkdtemp(prefix="kemenag-bench-resumable-"))
    try:
        size = UPLOAD_MB * MB
        source = workdir / "source.pdf"
        write_file(source, size)
        sha256 = hashlib.sha256(source.read_bytes()).hexdigest()
        block = stack.block(
            f'<kemenag_assignment max_file_mb="{UPLOAD_MB + 1}" max_files="20" allowed_types="pdf"/>', "bench_resume"
        )
        paths = {
            name: handler_path(block, name) for name in ("upload", "upload_start", "upload_chunk", "upload_finish")
        }

        def single():
            status, _ = upload_request(*paths["upload"], source, size, True)
            assert status.startswith("200"), status
            assert AssignmentFile.objects.get().size == size

        def resumable():
            captured = []
            chunked_upload(paths, source, size, sha256, captured)
            assert AssignmentFile.objects.get().sha256 == sha256

        for fn in (single, resumable):  # warm-up
            reset_uploads()
            fn()
        reset_uploads()
        _, heap, rss = measured(resumable)
        # Interleaved, fastest of 5 each: both see the same machine state.
        single_s, chunked_s = [], []
        for _ in range(5):
            single_s.append(fastest(single, runs=1))
            chunked_s.append(fastest(resumable, runs=1))
        single_best, chunked_best = min(single_s), min(chunked_s)
        copy_s, _ = disk_copies(source, workdir)
        requests = (size + MB - 1) // MB + 2
        print(f"resumable upload of {UPLOAD_MB} MB in 1 MB chunks ({requests} requests) vs one request, same run:")
        print(f"  disk copy             {copy_s * 1000:8.1f} ms")
        print(f"  single request        {single_best * 1000:8.1f} ms")
        ratio = chunked_best / single_best
        print(f"  chunked {chunked_best * 1000:14.1f} ms = {ratio:5.2f}x the single request (target <= 1.30)")
        per_request = (chunked_best - single_best) / requests
        print(f"  per chunk overhead    {per_request * 1000:8.2f} ms (no-op handler floor: see bench_floor)")
        # With no network the ratio is the server's per-request cost alone. On a learner's line the
        # transfer time is the same for both and each chunk adds one round trip: projected, not measured.
        for mbit, rtt in LINKS:
            transfer = size * 8 / (mbit * 1e6)
            single_t = transfer + rtt + single_best
            chunked_t = transfer + requests * rtt + chunked_best
            print(
                f"  projected on {mbit:g} Mbit/s, {rtt * 1000:.0f} ms round trip: {chunked_t / single_t:4.2f}x "
                f"({single_t:.1f} s vs {chunked_t:.1f} s)"
            )
        print(f"  python heap peak      {heap / MB:8.1f} MB")
        print(f"  process RSS peak grew {rss / MB:8.1f} MB   (target <= 16 MB)" if rss is not None else "  RSS: n/a")
        report(f"resumable: {UPLOAD_MB} MB, single request", single_best, copy_s, baseline="disk copy")
        report(f"resumable: {UPLOAD_MB} MB in 1 MB chunks", chunked_best, single_best, baseline="single request")
        reset_uploads()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

"""The learner's side of the weak-line benchmark: one upload, timed, as the page sends it.

``python -m benchmarks.link_client MODE URLS_JSON FILE SHA256 CC`` inside the client's namespace,
MODE one of ``single`` (the raw-body ``upload``, one request), ``chunked`` (the resumable protocol
as ``common/public/chunked_upload.js`` runs it: one chunk at a time, about an eighth of the file
each; ``KEMENAG_BENCH_LINK_WINDOW=2`` keeps a second chunk in flight, ``pipelined=1``, started once
the whole of the first was sent, which the server supports and the page does not use yet) or
``cut`` (the same, every connection cut when half the file has been sent, then resumed as the page
does after a reload: ``upload_start`` again, on fresh connections, after the page's first retry
delay). Prints ``{"seconds": ...}``.

Sockets use the congestion control ``CC`` (``TCP_CONGESTION``), the sender's choice.
"""

import http.client
import json
import os
import socket
import struct
import sys
import threading
import time
from urllib.parse import quote

SERVER = ("10.77.0.2", 8000)
CSRF = "k" * 32
PIECE = 64 * 1024
RETRY_DELAY = 1.0  # chunked_upload.js: whenOnline(0)
TCP_NOTSENT_LOWAT = getattr(socket, "TCP_NOTSENT_LOWAT", 25)
NOTSENT_LOWAT = 128 * 1024
HEADERS = {"Cookie": f"csrftoken={CSRF}", "X-CSRFToken": CSRF}


class Cut(Exception):
    """The line dropped (the benchmark cut every connection)."""


class Connection(http.client.HTTPConnection):
    def __init__(self, cc):
        super().__init__(*SERVER, timeout=120, blocksize=PIECE)
        self.cc = cc

    def connect(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, self.cc.encode())
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # send() returns once the bytes are on their way, not when they sit in a large send buffer:
        # "the chunk has been sent" then means what the page's upload-progress event means.
        sock.setsockopt(socket.IPPROTO_TCP, TCP_NOTSENT_LOWAT, NOTSENT_LOWAT)
        sock.settimeout(self.timeout)
        sock.connect((self.host, self.port))
        self.sock = sock


def post_json(conn, url, payload):
    body = json.dumps(payload).encode()
    conn.request("POST", url, body=body, headers={**HEADERS, "Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, json.loads(response.read() or b"{}")


def single(urls, path, sha256, cc):
    conn = Connection(cc)
    size = os.path.getsize(path)
    with open(path, "rb") as body:
        headers = {
            **HEADERS,
            "Content-Type": "application/octet-stream",
            "Content-Length": str(size),
            "X-Upload-Name": quote("laporan.pdf"),
        }
        conn.request("POST", urls["upload"], body=body, headers=headers)
        response = conn.getresponse()
        response.read()
    assert response.status == 200, response.status
    conn.close()


class Pipeline:
    """chunked_upload.js's ``sendFrom``: a window of two chunks over two keep-alive connections."""

    WINDOW = int(os.environ.get("KEMENAG_BENCH_LINK_WINDOW", "1"))  # the page sends one at a time

    def __init__(self, urls, path, session, cc, cut_at=None):
        self.urls, self.path, self.session, self.cc = urls, path, session, cc
        self.size = session["size"]
        self.chunk = session["chunk_size"]
        self.next = self.confirmed = session["received"]
        self.in_flight = 0
        self.half_sent = True
        self.restart_at = None
        self.cond = threading.Condition()
        self.sent = 0
        self.cut_at = cut_at
        self.cut = False
        self.failure = None
        self.connections = [Connection(cc) for _ in range(self.WINDOW)]

    def run(self):
        workers = [threading.Thread(target=self.worker, args=(conn,)) for conn in self.connections]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        if self.failure:
            raise self.failure
        if self.cut:
            raise Cut()
        return self.confirmed

    def _take(self):
        with self.cond:
            while True:
                if self.cut or self.failure:
                    return None
                if self.restart_at is not None and self.in_flight == 0:
                    self.next = self.confirmed = self.restart_at
                    self.restart_at = None
                if self.confirmed >= self.size and self.in_flight == 0:
                    self.cond.notify_all()
                    return None
                ready = self.restart_at is None and self.next < self.size
                if ready and (self.in_flight == 0 or self.half_sent) and self.in_flight < self.WINDOW:
                    offset = self.next
                    self.next = min(self.size, offset + self.chunk)
                    pipelined = self.in_flight > 0
                    self.in_flight += 1
                    self.half_sent = False
                    return offset, self.next, pipelined
                self.cond.wait(0.05)

    def _cut_all(self):
        """As a page closed mid-upload: every connection reset (RST), what was unsent is lost."""
        self.cut = True
        for conn in self.connections:
            if conn.sock is not None:
                try:
                    conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    conn.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def worker(self, conn):
        with open(self.path, "rb") as source:
            while True:
                taken = self._take()
                if taken is None:
                    return
                offset, end, pipelined = taken
                try:
                    status, answer = self.send(conn, source, offset, end, pipelined)
                except (OSError, http.client.HTTPException) as error:
                    with self.cond:
                        self.in_flight -= 1
                        if not self.cut:
                            self.failure = error
                        self.cond.notify_all()
                    return
                with self.cond:
                    self.in_flight -= 1
                    self.half_sent = True
                    if status == 200:
                        self.confirmed = max(self.confirmed, answer["received"])
                    elif status == 409 and isinstance(answer.get("received"), int):
                        self.restart_at = answer["received"]
                    else:
                        self.failure = RuntimeError(f"chunk at {offset}: {status} {answer}")
                    self.cond.notify_all()

    def send(self, conn, source, offset, end, pipelined):
        query = f"&upload_id={self.session['upload_id']}&offset={offset}" + ("&pipelined=1" if pipelined else "")
        conn.putrequest("POST", self.urls["upload_chunk"] + query)
        for name, value in {**HEADERS, "Content-Type": "application/octet-stream"}.items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(end - offset))
        conn.endheaders()
        source.seek(offset)
        left, half = end - offset, end - offset
        sent_here = 0
        while left:
            piece = source.read(min(PIECE, left))
            conn.send(piece)
            left -= len(piece)
            sent_here += len(piece)
            with self.cond:
                self.sent += len(piece)
                if not self.half_sent and sent_here >= half and left == 0:
                    self.half_sent = True
                    self.cond.notify_all()
                if self.cut_at is not None and self.sent >= self.cut_at and not self.cut:
                    self._cut_all()
                    self.cond.notify_all()
            if self.cut:
                raise OSError("cut")
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")

    def close(self):
        for conn in self.connections:
            conn.close()


def chunk_for(size):
    """chunked_upload.js's ``chunkFor``: about an eighth of the file, whole MB, 1 to 8 MB."""
    mb = 1024 * 1024
    return min(8, max(1, -(-size // 8 // mb))) * mb


def chunked(urls, path, sha256, cc, cut=False):
    size = os.path.getsize(path)
    control = Connection(cc)
    start = {"name": "laporan.pdf", "size": size, "sha256": sha256, "chunk_size": chunk_for(size)}
    status, session = post_json(control, urls["upload_start"], start)
    assert status == 200, session
    pipeline = Pipeline(urls, path, session, cc, cut_at=size // 2 if cut else None)
    try:
        pipeline.run()
    except Cut:
        pipeline.close()
        control.close()
        time.sleep(RETRY_DELAY)  # the page notices, waits its first retry delay, starts the same file again
        control = Connection(cc)
        status, session = post_json(control, urls["upload_start"], start)
        assert status == 200, session
        pipeline = Pipeline(urls, path, session, cc)
        pipeline.run()
    pipeline.close()
    status, answer = post_json(control, urls["upload_finish"], {"upload_id": session["upload_id"]})
    assert status == 200, answer
    control.close()


def main(mode, urls_json, path, sha256, cc):
    urls = json.loads(urls_json)
    started = time.perf_counter()
    if mode == "single":
        single(urls, path, sha256, cc)
    else:
        chunked(urls, path, sha256, cc, cut=mode == "cut")
    print(json.dumps({"seconds": time.perf_counter() - started}), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:6])

"""A TCP proxy on loopback that can refuse connections for a while: a database or S3 "outage"
without stopping the shared server behind it.

``refuse()`` closes the listening socket (new connections get ECONNREFUSED) and cuts every open
connection (clients see them drop mid-request); ``accept()`` listens again on the same port.
"""

import contextlib
import selectors
import socket
import threading


class TcpProxy:
    def __init__(self, target_port, target_host="127.0.0.1", port=0):
        self.target = (target_host, target_port)
        self.port = port
        self._lock = threading.Lock()
        self._pairs = set()
        self._listener = None
        self._thread = None
        self.accepting = False

    def start(self):
        self.accept()
        return self

    def accept(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(512)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self.accepting = True
        self._thread = threading.Thread(target=self._serve, args=(listener,), daemon=True)
        self._thread.start()

    def refuse(self):
        self.accepting = False
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            pairs, self._pairs = self._pairs, set()
        for pair in pairs:
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    stop = refuse

    def _serve(self, listener):
        while self.accepting:
            try:
                client, _addr = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            pair = (client, upstream)
            with self._lock:
                self._pairs.add(pair)
            threading.Thread(target=self._pump, args=(pair,), daemon=True).start()

    def _pump(self, pair):
        client, upstream = pair
        selector = selectors.DefaultSelector()
        try:
            selector.register(client, selectors.EVENT_READ, upstream)
            selector.register(upstream, selectors.EVENT_READ, client)
            while True:
                for key, _events in selector.select(timeout=1):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
                with self._lock:
                    if pair not in self._pairs:
                        return
        except (OSError, ValueError):
            return
        finally:
            selector.close()
            with self._lock:
                self._pairs.discard(pair)
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.close()


def main():
    """``python -m tests.engine.proxy LISTEN_PORT TARGET_PORT``: SIGUSR1 refuses, SIGUSR2 accepts."""
    import signal
    import sys

    proxy = TcpProxy(int(sys.argv[2]), port=int(sys.argv[1])).start()
    signal.signal(signal.SIGUSR1, lambda *_: proxy.refuse())
    signal.signal(signal.SIGUSR2, lambda *_: proxy.accepting or proxy.accept())
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"proxy 127.0.0.1:{proxy.port} -> {proxy.target[1]}", flush=True)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()

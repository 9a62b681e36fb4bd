"""An emulated weak line in user space: two network namespaces joined by TUN devices and a forwarder.

The kernel here has no ``netem``, so the line is made by hand: namespace ``<name>-c`` (the learner)
and ``<name>-s`` (the server) each get a TUN device (10.77.0.1 and 10.77.0.2, point to point, only
inside those namespaces), and a forwarder process reads every IP packet from one device and writes
it to the other after the line's serialisation time at ``rate`` (a drop-tail queue of ``queue``
packets), a one-way ``delay`` and a random ``loss`` (seeded, so two transfers meet the same luck).
TCP's congestion control (cubic, bbr) is chosen by the sending client per socket (``TCP_CONGESTION``):
a namespace's default cannot be changed to cubic on this kernel.

Needs root (network namespaces, /dev/net/tun); ``available()`` says why not, and the benchmark then
skips with that message.

``python -m benchmarks.weaklink forward --rate-mbit 10 --delay-ms 25 --loss 0.01 --seed 1 NAME``
runs the forwarder (started by ``WeakLink``).
"""

import argparse
import contextlib
import fcntl
import heapq
import os
import random
import select
import shutil
import struct
import subprocess
import sys
import time

CLIENT_ADDR, SERVER_ADDR = "10.77.0.1", "10.77.0.2"
TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000


def available():
    """None when the line can be built here, else the reason."""
    if os.geteuid() != 0:
        return "needs root (network namespaces and TUN devices)"
    if not os.path.exists("/dev/net/tun"):
        return "no /dev/net/tun"
    if shutil.which("ip") is None:
        return "no `ip` command (iproute2)"
    if not hasattr(os, "setns"):
        return "Python without os.setns"
    return None


def _ip(*args, check=True):
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True)


def _in_ns(ns, *args, check=True):
    return subprocess.run(["ip", "netns", "exec", ns, *args], check=check, capture_output=True, text=True)


def open_tun(ns, name):
    """A file descriptor on TUN device ``name`` inside namespace ``ns`` (the fd stays bound to it)."""
    with open("/proc/self/ns/net") as home, open(f"/run/netns/{ns}") as target:
        os.setns(target.fileno(), os.CLONE_NEWNET)
        try:
            fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
            fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
        finally:
            os.setns(home.fileno(), os.CLONE_NEWNET)
    return fd


def forward(name, rate_mbit, delay_ms, loss, seed, queue):
    """Move packets between the two devices for ever, as a line of the given quality would."""
    ends = [open_tun(f"{name}-c", "ktun"), open_tun(f"{name}-s", "ktun")]
    rng = random.Random(seed)
    bytes_per_s = rate_mbit * 1e6 / 8
    delay = delay_ms / 1000
    free_at = [0.0, 0.0]  # when each direction's line finishes sending what it has
    queued = [0, 0]
    pending = []  # (deliver at, sequence, direction, packet)
    sequence = 0
    while True:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, direction, packet = heapq.heappop(pending)
            queued[direction] -= 1
            with contextlib.suppress(BlockingIOError, OSError):
                os.write(ends[1 - direction], packet)
        timeout = max(0.0, pending[0][0] - now) if pending else 1.0
        readable, _, _ = select.select(ends, [], [], timeout)
        now = time.monotonic()
        for direction, fd in enumerate(ends):
            if fd not in readable:
                continue
            for _ in range(64):
                try:
                    packet = os.read(fd, 65536)
                except BlockingIOError:
                    break
                if queued[direction] >= queue or rng.random() < loss:
                    continue  # drop-tail queue full, or lost on the line
                start = max(now, free_at[direction])
                free_at[direction] = start + len(packet) / bytes_per_s
                sequence += 1
                queued[direction] += 1
                heapq.heappush(pending, (free_at[direction] + delay, sequence, direction, packet))


class WeakLink:
    """``with WeakLink(...) as link:`` two namespaces and the forwarder; ``link.client(*cmd)`` and
    ``link.server(*cmd)`` run commands inside them (``subprocess.Popen`` arguments)."""

    def __init__(self, rate_mbit=10, rtt_ms=50, loss=0.01, seed=1, queue=None, name=None):
        self.name = name or f"kbench{os.getpid() % 100000}"
        self.rate_mbit, self.rtt_ms, self.loss, self.seed = rate_mbit, rtt_ms, loss, seed
        # A queue of about one bandwidth-delay product, as a home router's buffer.
        bdp_packets = int(rate_mbit * 1e6 / 8 * rtt_ms / 1000 / 1500) + 1
        self.queue = queue or max(16, bdp_packets)
        self.forwarder = None

    def __enter__(self):
        self.close()
        try:
            self._build()
        except BaseException:
            self.close()
            raise
        return self

    def _build(self):
        for side, addr, peer in (("c", CLIENT_ADDR, SERVER_ADDR), ("s", SERVER_ADDR, CLIENT_ADDR)):
            ns = f"{self.name}-{side}"
            _ip("netns", "add", ns)
            _in_ns(ns, "ip", "link", "set", "lo", "up")
            _in_ns(ns, "ip", "tuntap", "add", "dev", "ktun", "mode", "tun")
            _in_ns(ns, "ip", "addr", "add", addr, "peer", peer, "dev", "ktun")
            _in_ns(ns, "ip", "link", "set", "ktun", "up")
        self.restart_forwarder(self.seed)

    def restart_forwarder(self, seed):
        """A fresh forwarder seeded ``seed``: each transfer meets the same losses."""
        if self.forwarder is not None:
            self.forwarder.kill()
            self.forwarder.wait()
        command = [sys.executable, "-m", "benchmarks.weaklink", "forward", self.name]
        command += ["--rate-mbit", str(self.rate_mbit), "--delay-ms", str(self.rtt_ms / 2), "--loss", str(self.loss)]
        command += ["--seed", str(seed), "--queue", str(self.queue)]
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        self.forwarder = subprocess.Popen(command, cwd=root)
        time.sleep(0.2)

    def client(self, *command, **kwargs):
        return subprocess.Popen(["ip", "netns", "exec", f"{self.name}-c", *command], **kwargs)

    def server(self, *command, **kwargs):
        return subprocess.Popen(["ip", "netns", "exec", f"{self.name}-s", *command], **kwargs)

    def close(self):
        if self.forwarder is not None:
            self.forwarder.kill()
            self.forwarder.wait()
            self.forwarder = None
        for side in ("c", "s"):
            _ip("netns", "del", f"{self.name}-{side}", check=False)

    def __exit__(self, *exc):
        self.close()


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["forward"])
    parser.add_argument("name")
    parser.add_argument("--rate-mbit", type=float, default=10)
    parser.add_argument("--delay-ms", type=float, default=25)
    parser.add_argument("--loss", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queue", type=int, default=64)
    args = parser.parse_args(argv)
    forward(args.name, args.rate_mbit, args.delay_ms, args.loss, args.seed, args.queue)


if __name__ == "__main__":
    main(sys.argv[1:])

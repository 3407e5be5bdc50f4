"""A small HTTP/1.1 load generator with keep-alive connections, for when `wrk` is not on PATH.

Runs in its own process (so it does not share the server's interpreter or event loop):

    python loadgen.py HOST PORT PATH --connections 32 --duration 3 --max-requests 200000 \
        [--header "Authorization: Token ..."]

prints one JSON line: requests, seconds, rps, p50_ms, p99_ms, statuses, errors.
Raw asyncio protocols (uvloop when installed): no HTTP library on the hot path, so one core
drives many thousands of requests per second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time


class _Conn(asyncio.Protocol):
    def __init__(self, shared: _Shared) -> None:
        self.s = shared
        self.buf = bytearray()
        self.t0 = 0.0
        self.transport = None
        self.closed = asyncio.get_event_loop().create_future()

    def connection_made(self, transport) -> None:
        self.transport = transport
        self._send()

    def _send(self) -> None:
        s = self.s
        if s.stop or time.perf_counter() >= s.deadline or s.sent >= s.max_requests:
            self.transport.close()
            return
        s.sent += 1
        self.t0 = time.perf_counter()
        self.transport.write(s.request)

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buf[:end])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:].strip())
                    break
            total = end + 4 + length
            if len(self.buf) < total:
                return
            status = int(head[9:12])
            del self.buf[:total]
            now = time.perf_counter()
            s = self.s
            s.latencies.append(now - self.t0)
            s.statuses[status] = s.statuses.get(status, 0) + 1
            self._send()

    def connection_lost(self, exc) -> None:
        if exc is not None:
            self.s.errors += 1
        if not self.closed.done():
            self.closed.set_result(None)


class _Shared:
    def __init__(self, request: bytes, deadline: float, max_requests: int) -> None:
        self.request = request
        self.deadline = deadline
        self.max_requests = max_requests
        self.sent = 0
        self.stop = False
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.errors = 0


async def _run(host, port, path, headers, connections, duration, max_requests) -> dict:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: keep-alive", *headers]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    shared = _Shared(request, start + duration, max_requests)
    conns = []
    for _ in range(connections):
        _, proto = await loop.create_connection(lambda: _Conn(shared), host, port)
        conns.append(proto)
    await asyncio.gather(*(c.closed for c in conns))
    elapsed = time.perf_counter() - start
    lat = sorted(shared.latencies)

    def pct(p):
        if not lat:
            return None
        return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] * 1000

    done = len(lat)
    return {
        "requests": done,
        "seconds": elapsed,
        "rps": done / elapsed if elapsed else 0.0,
        "p50_ms": pct(50),
        "p99_ms": pct(99),
        "statuses": {str(k): v for k, v in sorted(shared.statuses.items())},
        "errors": shared.errors,
        "tool": "python-loadgen",
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("path")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--duration", type=float, default=3.0)
    ap.add_argument("--max-requests", type=int, default=200_000)
    ap.add_argument("--header", action="append", default=[])
    a = ap.parse_args(argv)
    coro = _run(a.host, a.port, a.path, a.header, a.connections, a.duration, a.max_requests)
    try:
        import uvloop

        result = uvloop.run(coro)
    except ImportError:
        result = asyncio.run(coro)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

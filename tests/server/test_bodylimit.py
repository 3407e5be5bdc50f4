"""Request bodies over the limit answer 413 problem+json before they are read: from the declared
Content-Length, and while a body without one streams in."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import httpx
import pytest

from tests.live_server import live_server

from .helpers import bearer, is_problem

LIMIT = 64 * 1024


@pytest.fixture
def srv(sqlite_url, clock):
    with live_server(sqlite_url, clock=clock) as server:
        yield server


def test_a_declared_length_over_the_limit_is_refused_before_the_body_arrives(srv):
    host, port = urlsplit(srv.url).hostname, urlsplit(srv.url).port
    with socket.create_connection((host, port), timeout=10) as sock:
        # 200 MB announced, nothing sent: the answer must come without waiting for the body
        sock.sendall(
            b"POST /t/acme/api/v1/introspect HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 209715200\r\n\r\n"
        )
        head = sock.recv(65536).decode("latin-1")
    assert head.startswith("HTTP/1.1 413")
    assert "application/problem+json" in head
    body = json.loads(head.split("\r\n\r\n", 1)[1])
    assert body["status"] == 413 and str(LIMIT) in body["detail"]


@pytest.mark.parametrize(
    "path", ["/t/acme/api/v1/introspect", "/t/acme/api/v1/session", "/t/acme/api/v1/tokens"]
)
def test_a_streamed_body_over_the_limit_is_refused_as_it_arrives(srv, path):
    session = srv.sign_in("acme", "alice")
    sent = []

    def chunks():
        for _ in range(400):  # 400 × 16 KiB = 6.4 MB if it were all read
            sent.append(1)
            yield b" " * 16384

    with httpx.Client(base_url=srv.url, timeout=30) as http:
        response = http.post(
            path, content=chunks(), headers={**bearer(session), "Content-Type": "application/json"}
        )
    assert is_problem(response, 413)["type"].endswith("/request-too-large")


def test_bodies_under_the_limit_still_work_and_the_limit_is_configurable(sqlite_url, clock):
    with (
        live_server(sqlite_url, clock=clock, max_body_bytes=100) as srv,
        httpx.Client(base_url=srv.url) as http,
    ):
        session = srv.sign_in("acme", "alice")
        small = http.post(
            "/t/acme/api/v1/tokens", headers=bearer(session), json={"name": "a", "privileges": "read"}
        )
        assert small.status_code == 201
        big = http.post(
            "/t/acme/api/v1/tokens",
            headers=bearer(session),
            json={"name": "a" * 60, "privileges": "read", "kind": "api", "x": "y" * 50},
        )
        assert is_problem(big, 413)

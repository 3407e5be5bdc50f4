"""Password verification runs a few at a time; beyond the queue, sign-ins answer 503 with
Retry-After at once, and token checks stay fast meanwhile."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from argon2 import PasswordHasher

from tests.live_server import live_server

from .helpers import generate, is_problem, token_auth


class CountingHasher(PasswordHasher):
    """argon2id that records how many verifications ran at once."""

    def __init__(self) -> None:
        super().__init__(time_cost=2, memory_cost=16 * 1024, parallelism=1)
        self._lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.calls = 0

    def verify(self, hash, password):
        with self._lock:
            self.running += 1
            self.calls += 1
            self.most = max(self.most, self.running)
        try:
            return super().verify(hash, password)
        finally:
            with self._lock:
                self.running -= 1


def test_a_sign_in_flood_is_verified_a_few_at_a_time_and_the_rest_told_to_retry(db_url, clock):
    hasher = CountingHasher()
    with live_server(
        db_url,
        clock=clock,
        password_hasher=hasher,
        sign_in_failures=1000,
        password_checks=2,
        password_queue=2,
    ) as srv:
        srv.store.ensure_tenant("acme")
        srv.store.ensure_user("acme", "alice", "global_admin", password="correct horse battery")
        session = srv.sign_in("acme", "bob")
        with httpx.Client(base_url=srv.url) as http:
            secret = generate(http, "acme", session)["secret"]
        start = threading.Barrier(40)

        def attempt(i: int) -> httpx.Response:
            with httpx.Client(base_url=srv.url, timeout=60) as http:
                start.wait()
                return http.post("/t/acme/api/v1/session", json={"username": f"user{i}", "password": "nope"})

        with ThreadPoolExecutor(40) as pool:
            flood = pool.map(attempt, range(40))
            with httpx.Client(base_url=srv.url) as http:
                during = http.get("/t/acme/api/v1/alerts/", headers=token_auth(secret))
            answers = list(flood)
        assert during.status_code == 200
        codes = [a.status_code for a in answers]
        assert set(codes) <= {401, 503} and codes.count(503) >= 1
        busy = next(a for a in answers if a.status_code == 503)
        assert is_problem(busy, 503)["type"].endswith("/busy") and busy.headers["retry-after"] == "1"
        assert hasher.most <= 2
        assert hasher.calls == codes.count(401)

"""Fixtures for the UI tests: a clock the test moves, and token rows in the cache's tuple layout."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)


class FakeClock:
    """`clock()` returns the time the test set; `advance()` moves it."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_rows(count: int, *, now: datetime = NOW, seed: int = 7, kind: str = "api") -> list[tuple]:
    """Realistic rows (ROW_FIELDS): mixed status, a few deprovisioned owners."""
    rnd = random.Random(seed)
    owners = ["alice", "bob", "carol", "dave", "erin", "mallory"]
    words = ["backup", "siem", "ci", "deploy", "export", "grafana", "jira", "nightly", "report", "sync"]
    base = now.timestamp()
    rows = []
    for i in range(count):
        owner = rnd.choice(owners)
        created = base - rnd.uniform(0, 400) * 86400
        pick = rnd.random()
        if pick < 0.3:
            last_used = None
        elif pick < 0.65:
            last_used = base - rnd.uniform(0, 6.9) * 86400
        else:
            last_used = base - rnd.uniform(7.1, 300) * 86400
        rows.append(
            (
                f"tok-{i:06d}",
                f"{rnd.choice(words)}-{rnd.choice(words)} {i}",
                kind,
                owner,
                owner == "mallory",
                rnd.choice(["read", "read_write"]),
                created,
                max(created, last_used) if last_used is not None else None,
            )
        )
    return rows


@pytest.fixture
def rows() -> list[tuple]:
    return make_rows(60)


@pytest.fixture(autouse=True)
def _qapp(qapp):
    """Models start timers in their constructor: the QApplication must exist first."""
    return qapp

"""Usage evidence (SPEC rule 13): where and how often each token is used.

Every successful token check calls `UsageRecorder.record` (a dict update under a lock, no I/O: the
token check's hot path). What is counted waits in memory and is written to the TokenAddress and
TokenDailyUse tables at most once per `flush_interval` per token (the app's background task calls
`flush(due_only=True)`) and on a clean stop (`flush()`, from the app's shutdown and `TokenStore.close`).
A token keeps its last `MAX_ADDRESSES` distinct addresses and `DAILY_DAYS` days of counts; a first
use from an address not yet stored is audited as `token.new_address` when it is written.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from peewee import EXCLUDED

from desktop_app.core.redact import redact
from desktop_app.core.tokens import format_utc

from .service import client_addr

if TYPE_CHECKING:
    from starlette.requests import Request

    from .store import TokenStore
    from .verified import VerifiedToken

log = logging.getLogger("desktop_app.server")

MAX_ADDRESSES = 10  # distinct addresses kept per token (most recent)
DAILY_DAYS = 30  # days of daily counts kept and shown (today and the 29 before)
USER_AGENT_LENGTH = 256
FLUSH_INTERVAL = timedelta(minutes=1)
# Distinct addresses held in memory per token between two writes: beyond it the least recent goes
# (a flood from many addresses must not grow memory; the stored evidence keeps only 10 anyway).
_MAX_PENDING_ADDRESSES = 100
# A user agent is cut to this before it is cleaned, so the secret patterns never scan megabytes.
_RAW_USER_AGENT_LIMIT = 4 * USER_AGENT_LENGTH
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_user_agent(raw: str | None) -> str:
    """A User-Agent as stored and shown: no control characters, nothing that looks like a secret
    (core.redact), at most USER_AGENT_LENGTH characters."""
    if not raw:
        return ""
    text = _CONTROL.sub("", raw[:_RAW_USER_AGENT_LIMIT])
    return redact(text)[:USER_AGENT_LENGTH].strip()


@dataclass(slots=True)
class _Seen:
    """One address of one token, in memory: the raw user agent (to skip cleaning an unchanged one),
    the cleaned one, and the first and last use since the last write."""

    raw_agent: str
    user_agent: str
    first: datetime
    last: datetime


@dataclass(slots=True)
class _Pending:
    tenant_id: int
    addresses: dict[str, _Seen] = field(default_factory=dict)
    daily: dict[str, int] = field(default_factory=dict)

    def merge(self, other: _Pending) -> None:
        """Take `other`'s counts too (a write that failed goes back in front of newer uses)."""
        for address, seen in other.addresses.items():
            mine = self.addresses.get(address)
            if mine is None:
                self.addresses[address] = seen
            else:
                mine.first = min(mine.first, seen.first)
                if seen.last > mine.last:
                    mine.last, mine.user_agent, mine.raw_agent = seen.last, seen.user_agent, seen.raw_agent
        for day, count in other.daily.items():
            self.daily[day] = self.daily.get(day, 0) + count


@dataclass(frozen=True, slots=True)
class AddressUse:
    address: str
    user_agent: str
    first_seen: datetime
    last_seen: datetime

    def json(self) -> dict[str, str]:
        return {
            "address": self.address,
            "user_agent": self.user_agent,
            "first_seen": format_utc(self.first_seen),
            "last_seen": format_utc(self.last_seen),
        }


@dataclass(frozen=True, slots=True)
class Usage:
    addresses: list[AddressUse]  # most recent first, at most MAX_ADDRESSES
    daily: list[tuple[str, int]]  # (day, count), oldest first, days without use left out

    def json(self) -> dict[str, Any]:
        return {
            "addresses": [a.json() for a in self.addresses],
            "daily": [{"date": day, "count": count} for day, count in self.daily],
        }


def _day(moment: datetime) -> str:
    return moment.date().isoformat()  # the store's clock is UTC: UTC days


def _first_day(now: datetime) -> str:
    return _day(now - timedelta(days=DAILY_DAYS - 1))


class UsageRecorder:
    """Counts uses in memory and writes them to the store (see the module docstring)."""

    def __init__(
        self,
        store: TokenStore,
        flush_interval: timedelta = FLUSH_INTERVAL,
        ticks: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self.flush_interval = flush_interval
        self._ticks = ticks  # monotonic seconds (tests move them): when a token was last written
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()  # one flush at a time (the task and a shutdown)
        self._pending: dict[str, _Pending] = {}
        self._written_at: dict[str, float] = {}
        self._day_key: tuple[int, int, int] = (0, 0, 0)  # the day of the last use, and its text
        self._day_text = ""

    # --- the hot path -----------------------------------------------------------------------

    def record(self, token_id: str, tenant_id: int, address: str, user_agent: str, now: datetime) -> None:
        """One successful use of `token_id` from `address` (no I/O)."""
        address = address[:64]
        with self._lock:
            key = (now.year, now.month, now.day)  # cheaper than formatting the day at every use
            if key != self._day_key:
                self._day_key, self._day_text = key, _day(now)
            day = self._day_text
            pending = self._pending.get(token_id)
            if pending is None:
                pending = self._pending[token_id] = _Pending(tenant_id)
            pending.daily[day] = pending.daily.get(day, 0) + 1
            seen = pending.addresses.get(address)
            if seen is None:
                if len(pending.addresses) >= _MAX_PENDING_ADDRESSES:
                    oldest = min(pending.addresses, key=lambda a: pending.addresses[a].last)
                    del pending.addresses[oldest]
                pending.addresses[address] = _Seen(user_agent, clean_user_agent(user_agent), now, now)
                return
            if now > seen.last:
                seen.last = now
            if user_agent != seen.raw_agent:
                seen.raw_agent, seen.user_agent = user_agent, clean_user_agent(user_agent)

    # --- writing ------------------------------------------------------------------------------

    def pending_tokens(self) -> int:
        with self._lock:
            return len(self._pending)

    def flush(self, *, due_only: bool = False) -> int:
        """Write what waits in memory (`due_only`: only tokens not written within `flush_interval`);
        → how many tokens were written. A failed write stays in memory for the next flush."""
        with self._flush_lock:
            ticks = self._ticks()
            interval = self.flush_interval.total_seconds()
            with self._lock:
                taken: dict[str, _Pending] = {}
                for token_id in list(self._pending):
                    written = self._written_at.get(token_id)
                    if due_only and written is not None and ticks - written < interval:
                        continue
                    taken[token_id] = self._pending.pop(token_id)
                    self._written_at[token_id] = ticks
                if len(self._written_at) > 100_000:  # forget old marks (bounded memory)
                    self._written_at = {t: w for t, w in self._written_at.items() if ticks - w < interval}
            done = 0
            for token_id, pending in taken.items():
                try:
                    self._write(token_id, pending)
                    done += 1
                except Exception as exc:
                    log.warning("Could not write the usage of token %s (%s)", token_id, type(exc).__name__)
                    with self._lock:
                        newer = self._pending.get(token_id)
                        self._pending[token_id] = pending
                        if newer is not None:
                            pending.merge(newer)
            return done

    def _write(self, token_id: str, pending: _Pending) -> None:
        store, m = self._store, self._store.models
        a, d = m.TokenAddress, m.TokenDailyUse
        with store.writing():
            token = (
                m.Token.select(m.Token.id, m.Token.name, m.User.username)
                .join(m.User, on=(m.Token.owner == m.User.id))
                .where(m.Token.id == token_id)
                .tuples()
                .first()
            )
            if token is None:  # gone with its tenant meanwhile
                return
            stored = {
                row[0]: row[1] for row in a.select(a.address, a.last_seen).where(a.token == token_id).tuples()
            }
            for address, seen in pending.addresses.items():
                last = stored.get(address)
                if last is None:
                    a.insert(
                        token=token_id,
                        address=address,
                        user_agent=seen.user_agent,
                        first_seen=seen.first,
                        last_seen=seen.last,
                    ).on_conflict(
                        conflict_target=[a.token, a.address],  # another replica wrote it meanwhile
                        update={a.last_seen: EXCLUDED.last_seen, a.user_agent: EXCLUDED.user_agent},
                    ).execute()
                    store.audit.record(
                        "token.new_address",
                        tenant_id=pending.tenant_id,
                        actor=f"token {token_id} of {token[2]}",
                        target=f"token {token_id} “{token[1]}” of {token[2]}",
                        client_addr=address,
                        detail=f"user_agent={seen.user_agent}" if seen.user_agent else None,
                    )
                elif seen.last >= last:
                    a.update(last_seen=seen.last, user_agent=seen.user_agent).where(
                        (a.token == token_id) & (a.address == address)
                    ).execute()
            # Only the most recent MAX_ADDRESSES stay.
            old = [
                row[0]
                for row in a.select(a.id)
                .where(a.token == token_id)
                .order_by(a.last_seen.desc(), a.id.desc())
                .offset(MAX_ADDRESSES)
                .tuples()
            ]
            if old:
                a.delete().where(a.id.in_(old)).execute()
            for day, count in pending.daily.items():
                d.insert(token=token_id, day=day, count=count).on_conflict(
                    conflict_target=[d.token, d.day], update={d.count: d.count + EXCLUDED.count}
                ).execute()
            d.delete().where((d.token == token_id) & (d.day < _first_day(store.now()))).execute()

    # --- reading ------------------------------------------------------------------------------

    def usage(self, token_id: str) -> Usage:
        """The token's stored evidence merged with what still waits in memory."""
        store, m = self._store, self._store.models
        a, d = m.TokenAddress, m.TokenDailyUse
        first_day = _first_day(store.now())
        with store.db.connection_context():
            rows = list(
                a.select(a.address, a.user_agent, a.first_seen, a.last_seen)
                .where(a.token == token_id)
                .tuples()
            )
            counts = dict(
                d.select(d.day, d.count).where((d.token == token_id) & (d.day >= first_day)).tuples()
            )
        addresses = {row[0]: AddressUse(*row) for row in rows}
        with self._lock:
            pending = self._pending.get(token_id)
            waiting = dict(pending.addresses) if pending is not None else {}
            daily = dict(pending.daily) if pending is not None else {}
        for address, seen in waiting.items():
            known = addresses.get(address)
            if known is None:
                addresses[address] = AddressUse(address, seen.user_agent, seen.first, seen.last)
            elif seen.last >= known.last_seen:
                addresses[address] = AddressUse(address, seen.user_agent, known.first_seen, seen.last)
        for day, count in daily.items():
            if day >= first_day:
                counts[day] = counts.get(day, 0) + count
        recent = sorted(addresses.values(), key=lambda u: u.last_seen, reverse=True)[:MAX_ADDRESSES]
        return Usage(recent, sorted((day, count) for day, count in counts.items() if count > 0))


def note_use(store: TokenStore, request: Request, token: VerifiedToken, now: datetime) -> None:
    """authorize_token's one call: count a successful use (the client address as the service
    determines it: uvicorn applies forwarded headers only from the proxies the operator names)."""
    recorder = store.usage
    if recorder is not None:
        agent = request.headers.get("user-agent") or ""
        recorder.record(token.id, token.tenant_id, client_addr(request), agent, now)


__all__ = [
    "DAILY_DAYS",
    "MAX_ADDRESSES",
    "AddressUse",
    "Usage",
    "UsageRecorder",
    "clean_user_agent",
    "note_use",
]

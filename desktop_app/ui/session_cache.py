"""How the session controller keeps its cache sound and its start-up snapshot fresh (sync lane).

After the first paint the controller checks the cache the window painted from (SQLite's integrity
check): a damaged file is moved aside and rebuilt by the cache, the tables empty, the notice shows and
the next sync refills them. After a sync that changed rows the snapshot is rewritten, at most every
few minutes.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from .background import Lane
from .protocols import TokenStore

if TYPE_CHECKING:
    from .session_controller import SessionController

log = logging.getLogger("desktop_app.ui.session_controller")

SNAPSHOT_REFRESH_S = 300.0  # after a sync that changed rows, at most this often


def check_cache(c: SessionController) -> None:
    """The integrity check, then the snapshot refreshed, in the sync lane."""
    cache = c.cache
    if cache is None:
        return

    def work() -> str | None:
        notice = cache.check()
        if notice is None:
            cache.refresh_snapshot()
        return notice

    c.runner.run(work, lambda notice: _checked(c, cache, notice), c.error_channel.report, lane=Lane.SYNC)


def _checked(c: SessionController, cache: TokenStore, notice: str | None) -> None:
    if not notice or cache is not c.cache:
        return
    c.cache_was_replaced(cache)
    c.tell(notice)
    if c.session is not None:
        c.sync_now()


def refresh_snapshot_later(c: SessionController) -> None:
    """After a sync that changed rows: rewrite the start-up snapshot, at most every few minutes."""
    cache = c.cache
    if cache is None:
        return
    now = time.monotonic()
    last = c.snapshot_refreshed_at
    if last is not None and now - last < SNAPSHOT_REFRESH_S:
        return
    c.snapshot_refreshed_at = now
    c.runner.run(
        cache.refresh_snapshot,
        None,
        lambda error: log.warning("snapshot not refreshed: %s", error),
        lane=Lane.SYNC,
    )

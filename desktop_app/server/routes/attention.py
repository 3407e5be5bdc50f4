"""`?attention=never_used|inactive|expiring|no_expiry|deprovisioned` on the token list (SPEC rule 17):
the listed tokens that need attention, in every list format and with the list's visibility.

Thresholds: never used 30 days after generation, inactive for 90 days, expiring within the tenant
policy's warning lead time, without expiry, owned by a deprovisioned user (token_listing.py).
"""

from __future__ import annotations

from collections.abc import Callable, Generator

from ..models import to_micros
from ..notices import warn_days
from ..problems import Problem
from ..service import Service
from ..store import Principal
from ..token_listing import ATTENTION, ColumnChunk, Columns, attention_columns

Keep = Callable[[Columns], Columns]


def attention_filter(service: Service, who: Principal, raw: str | None) -> Keep | None:
    """The list's filter for `raw` (None: no attention list asked for); 422 for an unknown one."""
    if raw is None or raw.strip() == "":
        return None
    attention = raw.strip()
    if attention not in ATTENTION:
        raise Problem(
            422,
            "Invalid request",
            f"Unknown attention list; use one of: {', '.join(ATTENTION)}.",
            kind="invalid-request",
        )
    now = to_micros(service.store.now())
    days = warn_days(service.store, who.tenant_id)
    return lambda columns: attention_columns(columns, attention, now, days)


def kept_chunks(chunks: Generator[ColumnChunk, None, None], keep: Keep) -> Generator[ColumnChunk, None, None]:
    """The streamed list's chunks through `keep` (a chunk left empty is not sent)."""
    try:
        for what, value in chunks:
            if what == "columns":
                value = keep(value)  # type: ignore[arg-type]
                if not value[0]:
                    continue
            yield what, value
    finally:
        chunks.close()  # in the thread that holds its database connection

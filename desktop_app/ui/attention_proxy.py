"""The hygiene filter (SPEC rule 17): a proxy that shows one attention list, with every list's count.

First in the chain (model → attention → search → status → sort), so its counts are the section's own
lists, whatever the search. Computed with numpy over the table's columns (core.attention): instant at
100,000 rows, and the same lists the service answers for `?attention=`.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractItemModel, QObject, Signal, Slot

from ..core.attention import Attention, attention_mask
from ..core.policy import DEFAULT_POLICY
from .row_index_proxy import RowIndexProxy

_EMPTY = np.zeros(0, dtype=np.intp)


class TokenAttentionProxy(RowIndexProxy):
    """Rows on the chosen attention list (all rows when none is chosen); counts per list."""

    counts_changed = Signal(object)  # dict[Attention, int] over the source's rows

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._attention: Attention | None = None
        self._warn_days = DEFAULT_POLICY.warn_days
        self._counts: dict[Attention, int] = dict.fromkeys(Attention, 0)

    def attention(self) -> Attention | None:
        return self._attention

    def set_attention(self, attention: Attention | None) -> None:
        attention = Attention(attention) if attention is not None else None
        if attention is self._attention:
            return
        self._attention = attention
        self._relayout()

    def warn_days(self) -> int:
        return self._warn_days

    def set_warn_days(self, days: int) -> None:
        """The tenant policy's warning lead time (the expiring list's horizon)."""
        if days != self._warn_days:
            self._warn_days = int(days)
            self._relayout()

    def setSourceModel(self, source: QAbstractItemModel) -> None:
        previous = self.base_model()
        if previous is not None:
            previous.now_changed.disconnect(self._now_changed)
        super().setSourceModel(source)
        base = self.base_model()
        if base is not None:
            base.now_changed.connect(self._now_changed)

    @Slot()
    def _now_changed(self) -> None:
        """Time moved on: tokens cross the lists' thresholds without any value changing."""
        rows = self._select(self._source_base_rows())  # counts again on the way
        if self._attention is not None and not np.array_equal(rows, self._rows):
            self._relayout()

    def counts(self) -> dict[Attention, int]:
        return dict(self._counts)

    def masks(self, rows: np.ndarray) -> dict[Attention, np.ndarray]:
        """Per list, a bool per row of `rows` (base rows of the table)."""
        table = self._table
        if table is None:
            return {attention: np.zeros(len(rows), dtype=bool) for attention in Attention}
        columns = {
            "created": table.column("created_at")[rows],
            "last_used": table.column("last_used_at")[rows],
            "expires": table.column("expires_at")[rows],
            "deprovisioned": table.column("owner_deprovisioned")[rows],
        }
        now, days = table.now(), self._warn_days
        return {a: attention_mask(a, **columns, now=now, warn_days=days) for a in Attention}

    def _count(self, masks: dict[Attention, np.ndarray]) -> None:
        counts = {attention: int(np.count_nonzero(mask)) for attention, mask in masks.items()}
        if counts != self._counts:
            self._counts = counts
            self.counts_changed.emit(dict(counts))

    def _select(self, source_base_rows: np.ndarray) -> np.ndarray:
        if self._table is None:
            return _EMPTY
        masks = self.masks(source_base_rows)
        self._count(masks)
        if self._attention is None:
            return np.arange(len(source_base_rows), dtype=np.intp)
        return np.flatnonzero(masks[self._attention])

    def _depends_on(self, columns: range) -> bool:
        if self._attention is None:
            # Nothing hidden: only the counts may move, without a layout change downstream.
            self._count(self.masks(self._source_base_rows()))
            return False
        return True  # a changed time or owner may move a token onto or off the list


__all__ = ["TokenAttentionProxy"]

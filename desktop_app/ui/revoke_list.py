"""What a revoke confirmation lists: the tokens' ids, names and owners (parallel lists), counts per kind.

Built from a table's index array in one pass per column (no object per token), so a selection of
80,000 rows is listed in milliseconds; a snapshot, so a sync that changes the table while the
confirmation is open does not change what was confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..core.tokens import TokenKind
from .core_text import core_label
from .translate import translate

if TYPE_CHECKING:
    from .table_data import TokenTableData


@dataclass(frozen=True, slots=True)
class RevokeList:
    ids: list[str]
    names: list[str]
    owners: list[str]
    counts: dict[TokenKind, int] = field(default_factory=dict)  # per kind, in section order

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of_rows(cls, table: TokenTableData, rows: np.ndarray | Sequence[int], kind: TokenKind) -> RevokeList:
        """The tokens at `rows` of `table` (a ui.table_data.TokenTableData of one `kind`), in that order."""
        at = np.asarray(rows, dtype=np.intp).tolist()
        name_at, owner_at = table.name_at, table.owner_at
        names = [name_at(r) for r in at]
        owners = [owner_at(r) for r in at]
        return cls(table.ids(at), names, owners, {TokenKind(kind): len(at)} if at else {})

    @classmethod
    def joined(cls, parts: Iterable[RevokeList]) -> RevokeList:
        ids: list[str] = []
        names: list[str] = []
        owners: list[str] = []
        counts: dict[TokenKind, int] = {}
        for part in parts:
            ids += part.ids
            names += part.names
            owners += part.owners
            for kind, count in part.counts.items():
                counts[kind] = counts.get(kind, 0) + count
        return cls(ids, names, owners, counts)


def count_text(count: int, kind: TokenKind | None = None) -> str:
    """“1 token”, “80,000 tokens”; with a kind its noun: “2,658 API tokens”, “1 SIEM agent token”."""
    if kind is None:
        text = (
            translate("revoke_list", "{count} token")
            if count == 1
            else translate("revoke_list", "{count} tokens")
        )
        return text.format(count=f"{count:,}")
    text = (
        translate("revoke_list", "{count} {noun}")
        if count == 1
        else translate("revoke_list", "{count} {noun}s")
    )
    return text.format(count=f"{count:,}", noun=core_label(kind.noun))


def counts_text(counts: dict[TokenKind, int]) -> str:
    """“2,658 API tokens, 400 SIEM agent tokens” (kinds in section order, empty ones left out)."""
    return ", ".join(count_text(counts[kind], kind) for kind in TokenKind if counts.get(kind))

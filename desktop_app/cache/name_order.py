"""The table's order by name: casefolded name (UTF-8 byte order = code-point order), then id.

One function for the cache and the table: the cache stores the order with its snapshot (computed when
a sync writes it, off the window's thread), so a first click on a header right after start-up finds
it made; the table computes the same order itself for rows that did not come from a snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

_MANY_TIES = 2000  # beyond this many equal names, one lexsort beats sorting each run by id


def order_ties_by(order: np.ndarray, tied: np.ndarray, key: Callable[[int], Any]) -> np.ndarray:
    """`order` with each run of tied positions (tied[i]: order[i] ties order[i + 1]) sorted by `key`."""
    order = order.copy()
    start = None
    for position, following in zip(
        tied.tolist(), tied[1:].tolist() + [-1], strict=False
    ):  # [-1] when none tie
        if start is None:
            start = position
        if following != position + 1:
            run = order[start : position + 2].tolist()
            run.sort(key=key)
            order[start : position + 2] = run
            start = None
    return order


def name_keys(names: Sequence[str]) -> np.ndarray:
    """Per row, the casefolded name as UTF-8 bytes (a numpy bytes array)."""
    keys = [name.casefold().encode("utf-8") for name in names]
    return np.array(keys, dtype=bytes) if keys else np.zeros(0, dtype="S1")


def name_order(keys: np.ndarray, ids: Sequence[str]) -> np.ndarray:
    """All rows in ascending order of (`keys`, id): a permutation of range(len(keys))."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    tied = np.flatnonzero(ordered[1:] == ordered[:-1])
    if len(tied) > _MANY_TIES:
        id_keys = np.array([token_id.encode("utf-8") for token_id in ids], dtype=bytes)
        return np.lexsort((id_keys, keys))
    return order_ties_by(order, tied, ids.__getitem__)  # few equal names: each run in id order


def is_permutation(order: np.ndarray, count: int) -> bool:
    """True when `order` holds each of 0…count-1 once (a stored order that still fits its rows)."""
    if len(order) != count:
        return False
    if not count:
        return True
    if int(order.min()) < 0 or int(order.max()) >= count:
        return False
    return bool(np.all(np.bincount(order, minlength=count) == 1))

"""Keys and orders for the table data: search folding, sort keys, tie-breaking (pure numpy and Python).

`table_data.TokenTableData` builds its search keys and sort orders with these; no Qt here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

SEARCH_SEPARATOR = "\x1f"  # cannot occur in a name (control characters are refused)
_SEPARATOR = SEARCH_SEPARATOR.encode()


def search_fold(text: str) -> bytes:
    """The search form of a text: casefolded, accents dropped ("Überwachung" → b"uberwachung"), UTF-8.

    Applied to the query and to names and owners alike, so accents are ignored both ways.
    """
    folded = text.casefold()
    if folded.isascii():
        return folded.encode("utf-8")
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode("utf-8")


def sort_key(text: str) -> bytes:
    # Casefolded UTF-8: byte order is code-point order, and numpy sorts bytes arrays fast.
    return text.casefold().encode("utf-8")


def bytes_array(values: list[bytes]) -> np.ndarray:
    return np.array(values, dtype=bytes) if values else np.zeros(0, dtype="S1")


def search_list(names: Sequence[str], owners: Sequence[str]) -> list[bytes]:
    """The search keys of rows: `search_fold(name) + US + search_fold(owner)`."""
    owner_keys = {owner: _SEPARATOR + search_fold(owner) for owner in set(owners)}
    fold = search_fold
    return [fold(name) + owner_keys[owner] for name, owner in zip(names, owners, strict=True)]


def category_ranks(codes_by_value: dict[str, int], codes: np.ndarray) -> np.ndarray:
    """Per row, the rank of its value among the distinct casefolded values (`codes` index them)."""
    table = sorted(codes_by_value.items(), key=lambda entry: sort_key(entry[0]))
    rank_of_code = np.zeros(len(table), dtype=np.int32)
    rank, previous = -1, None
    for owner, code in table:
        key = sort_key(owner)
        if key != previous:
            rank, previous = rank + 1, key
        rank_of_code[code] = rank
    keys: np.ndarray = rank_of_code[codes]
    # A stable sort of small integers is a radix sort.
    return keys.astype(np.int16) if rank < 32767 else keys

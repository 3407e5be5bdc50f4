"""The snapshot's blob of the fields without a column of their own: typed, lazily read, checked."""

from __future__ import annotations

import math

import numpy as np
import pytest

from desktop_app.cache.columns import PackedStrings
from desktop_app.cache.extra_columns import (
    EXTRA_FIELDS,
    ExtraMismatch,
    decode_extra,
    encode_extra,
    extra_from_values,
    extra_row_values,
)


def _extra() -> dict:
    values = {
        "expires_at": [1_800_000_000.0, None, 1_700_000_000.25],
        "description": ["nightly export", "", "für Grafana"],
        "old_secret_valid_until": [None, 1_750_000_000.0, None],
        "old_secret_last_used_at": [None, None, None],
    }
    assert set(values) == set(EXTRA_FIELDS)
    return extra_from_values(values.__getitem__)


def test_times_are_float_arrays_and_round_trip_with_the_text() -> None:
    extra = _extra()
    assert extra["expires_at"].dtype == np.float64 and math.isnan(extra["expires_at"][1])
    decoded = decode_extra(encode_extra(extra, 3), 3, PackedStrings)
    assert isinstance(decoded["description"], PackedStrings)  # split only when needed
    for name in EXTRA_FIELDS:
        assert extra_row_values(decoded, name) == extra_row_values(extra, name)
    assert extra_row_values(decoded, "expires_at") == [1_800_000_000.0, None, 1_700_000_000.25]


def test_a_text_holding_the_separator_gives_no_blob() -> None:
    extra = _extra()
    extra["description"][0] = "a\x00b"
    assert encode_extra(extra, 3) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[:-3],  # cut short
        lambda blob: blob + b"x",  # trailing bytes
        lambda blob: b"\xff\xff\x00\x00" + blob[4:],  # header length wrong
        lambda blob: b"",
    ],
    ids=["cut", "trailing", "header", "empty"],
)
def test_a_damaged_blob_is_a_mismatch(damage) -> None:
    blob = encode_extra(_extra(), 3)
    with pytest.raises(ExtraMismatch):
        decode_extra(damage(blob), 3, PackedStrings)


def test_a_blob_of_other_fields_or_another_count_is_a_mismatch() -> None:
    blob = encode_extra(_extra(), 3)
    with pytest.raises(ExtraMismatch):
        decode_extra(blob, 4, PackedStrings)
    other = _extra()
    del other["old_secret_last_used_at"]
    with pytest.raises(KeyError):
        encode_extra(other, 3)

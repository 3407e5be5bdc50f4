"""Workarounds for bugs in the PySide6 release the app ships with.

PySide6 6.12 mishandles two borrowed references on CPython before 3.12 (where True and None are not
immortal):
- `SignalInstance.emit()` returns True without taking a new reference, so every `.emit()` from
  Python drops one reference to True;
- a Python override of the void virtual `QAbstractItemModel.multiData()` drops one reference to the
  None it returns, once per painted cell.
After a few thousand of either the interpreter aborts ("deallocating True/None"). A table that
re-filters on each keystroke emits several signals per key and paints ~200 cells per frame, so
ordinary use would crash within minutes. True and None are never deallocated in a healthy
interpreter, so giving each a huge number of extra references is harmless and keeps the
interpreter alive for 2**40 such calls.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_PINNED_REFERENCES = 1 << 40
_pinned = False


def emit_leaks_true() -> bool:
    """True when this PySide6 drops a reference to True on each emit (checked, not assumed)."""
    if sys.version_info >= (3, 12):
        return False  # True is immortal: nothing to lose
    from PySide6.QtCore import QObject, Signal  # noqa: PLC0415 - only where the bug exists

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    return sys.getrefcount(True) < before


def pin_true_refcount() -> None:
    """Make the emit() bug harmless for this process (idempotent; a no-op where it does not apply)."""
    global _pinned
    if _pinned:
        return
    _pinned = True
    if sys.version_info >= (3, 12):
        return
    for immortal in (True, None):
        ctypes.c_ssize_t.from_address(id(immortal)).value += _PINNED_REFERENCES
    log.debug("pinned the reference counts of True and None against PySide6 reference leaks")


pin_true_refcount()

"""Workarounds for bugs in the PySide6 release the app ships with.

PySide6 6.12's `SignalInstance.emit()` returns True without taking a new reference. On CPython
before 3.12 (where True is not immortal) every `.emit()` from Python therefore drops one reference
to True, and after a few thousand emits the interpreter aborts ("bool_dealloc: deallocating True").
A table that re-filters on each keystroke emits several signals per key, so a session of ordinary
use would crash. True is never deallocated in a healthy interpreter, so giving it a huge number of
extra references is harmless and keeps the interpreter alive for 2**40 emits.
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
    from PySide6.QtCore import QObject, Signal

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
    ctypes.c_ssize_t.from_address(id(True)).value += _PINNED_REFERENCES
    log.debug("pinned True's reference count against the PySide6 emit() reference leak")


pin_true_refcount()

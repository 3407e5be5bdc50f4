"""Export the audit log's current filter as CSV: `audit_csv(filters)` streamed into a file in the
background, with the bytes written reported as it goes; Cancel stops it and removes the partial file.

The file is written beside its destination under a temporary name and moved into place only when
complete, so a cancelled or failed export never leaves a half file where the user asked for one.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from .background import BackgroundRunner
from .protocols import HygieneClient
from .session_hygiene import AuditFilters


class ExportCancelled(Exception):
    """The user pressed Cancel (silent)."""


class CsvExport(QObject):
    """`start()`; `progress(bytes written)` from the worker (queued to the GUI thread); `finished(error
    or None)` once, after which the file is complete, or gone (cancelled or failed)."""

    progress = Signal(int)
    finished = Signal(object)

    def __init__(
        self,
        runner: BackgroundRunner,
        client: HygieneClient,
        filters: AuditFilters,
        path: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._client = client
        self._filters = dict(filters)
        self.path = Path(path)
        self._partial = self.path.with_name(f".{self.path.name}.partial")
        self._cancel = threading.Event()
        self.written = 0
        self.error: BaseException | None = None
        self.cancelled = False

    def start(self) -> None:
        self._runner.run(self._write, self._done, self._done)

    def cancel(self) -> None:
        """Stop as soon as the current piece is written; the partial file is removed."""
        self._cancel.set()

    def _write(self) -> None:  # worker thread
        written = 0
        chunks = self._client.audit_csv(self._filters)
        try:
            with open(self._partial, "wb") as out:
                for chunk in chunks:
                    if self._cancel.is_set():
                        raise ExportCancelled
                    out.write(chunk)
                    written += len(chunk)
                    self.progress.emit(written)
                out.flush()
                os.fsync(out.fileno())
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()  # ends the streamed answer
        if self._cancel.is_set():
            raise ExportCancelled

    def _done(self, outcome: BaseException | None) -> None:  # GUI thread
        # Cancel pressed before this point wins, even when the last piece was already written.
        if self._cancel.is_set() or isinstance(outcome, ExportCancelled):
            self.cancelled = True
            outcome = None
        self.error = outcome
        if outcome is None and not self.cancelled:
            os.replace(self._partial, self.path)
            self.written = self.path.stat().st_size
        else:
            with contextlib.suppress(FileNotFoundError):
                self._partial.unlink()
        self.finished.emit(outcome)


__all__ = ["CsvExport", "ExportCancelled"]

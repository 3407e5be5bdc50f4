"""A revoke of any number of tokens: chunks of at most 1,000 ids (the service's limit per call), one after
another in the action lane, with progress and Cancel between chunks.

`RevokeJob(runner, call, ids).start()`; `progressed(done, total)` after each chunk; `finished` once, after
which `revoked` (ids of the chunks the service confirmed), `not_revoked` (the rest), `error` (what
stopped it, or None) and `cancelled` say what happened. A cancel takes effect after the chunk in flight:
the service may already be revoking it, so its answer is awaited and counted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal

from ..core.errors import UserFacingError
from .background import BackgroundRunner, Lane
from .errors import ErrorKind
from .translate import translate

CHUNK = 1000


class RevokeJob(QObject):
    progressed = Signal(int, int)  # tokens revoked so far, total
    finished = Signal()

    def __init__(
        self,
        runner: BackgroundRunner,
        call: Callable[[list[str]], object],
        ids: Sequence[str],
        *,
        chunk: int = CHUNK,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._call = call
        self._ids = list(ids)
        self._chunk = max(1, min(chunk, CHUNK))
        self._done = 0  # ids[:_done] were revoked
        self.error: BaseException | None = None
        self.cancelled = False
        self.running = False

    @property
    def total(self) -> int:
        return len(self._ids)

    @property
    def revoked(self) -> list[str]:
        return self._ids[: self._done]

    @property
    def not_revoked(self) -> list[str]:
        return self._ids[self._done :]

    def start(self) -> None:
        self.running = True
        self._next()

    def cancel(self) -> None:
        """Stop after the chunk in flight."""
        self.cancelled = self.running

    def _next(self) -> None:
        if self.cancelled or self._done >= len(self._ids):
            self.running = False
            self.finished.emit()
            return
        chunk = self._ids[self._done : self._done + self._chunk]
        call = self._call
        self._runner.run(
            lambda: call(chunk), lambda _answer: self._chunk_done(len(chunk)), self._failed, lane=Lane.ACTION
        )

    def _chunk_done(self, count: int) -> None:
        # Ids the service did not find are gone as well (revoked elsewhere meanwhile): they count as done.
        self._done += count
        self.progressed.emit(self._done, len(self._ids))
        self._next()

    def _failed(self, error: BaseException) -> None:
        self.error = error
        self.running = False
        self.finished.emit()


class RevokeIncomplete(UserFacingError):
    """A chunked revoke stopped by an error: what was revoked, what was not (and still works), and why."""


def _n(count: int) -> str:
    return f"{count:,}"


def _still_work(count: int) -> str:
    if count == 1:
        return translate("chunked_revoke", "the token still works")
    return translate("chunked_revoke", "the {count} tokens still work").format(count=_n(count))


def outcome_text(job: RevokeJob, error_kind: ErrorKind | None = None) -> str:
    """What a finished job did, in a sentence a person can act on (an error's text included)."""
    done, total, left = len(job.revoked), job.total, len(job.not_revoked)
    numbers = {"done": _n(done), "total": _n(total), "left": _n(left)}
    error = job.error
    if error is None:
        if not job.cancelled:
            if done == 1:
                return translate("chunked_revoke", "Revoked 1 token.")
            return translate("chunked_revoke", "Revoked {done} tokens.").format(**numbers)
        return translate(
            "chunked_revoke",
            "Revoke cancelled: {done} of {total} tokens were revoked; the other {left} were not and still work.",
        ).format(**numbers)
    if error_kind is ErrorKind.OFFLINE:
        if not getattr(error, "request_sent", True):
            if not done:
                return translate(
                    "chunked_revoke",
                    "The token service did not answer, so nothing was revoked: {still_work}. Try again when it is back.",
                ).format(still_work=_still_work(left))
            return translate(
                "chunked_revoke",
                "The token service stopped answering: {done} of {total} tokens were revoked; the other {left} were not and still work. Try again when it is back.",
            ).format(**numbers)
        batch = min(left, CHUNK)
        if left == batch:
            return translate(
                "chunked_revoke",
                "The token service did not answer in time. {done} of {total} tokens were revoked; the last batch of {batch} may or may not have been (a sync is checking), and no other token was revoked.",
            ).format(batch=_n(batch), **numbers)
        return translate(
            "chunked_revoke",
            "The token service did not answer in time. {done} of {total} tokens were revoked; the last batch of {batch} may or may not have been (a sync is checking), and the other {rest} were not revoked.",
        ).format(batch=_n(batch), rest=_n(left - batch), **numbers)
    if not done:
        return translate("chunked_revoke", "Nothing was revoked: {error}").format(error=error)
    return translate(
        "chunked_revoke",
        "Only {done} of {total} tokens were revoked; the other {left} were not and still work. {error}",
    ).format(error=error, **numbers)


__all__ = ["CHUNK", "RevokeIncomplete", "RevokeJob", "outcome_text"]

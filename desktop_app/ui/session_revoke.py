"""How the session controller revokes: chunked by id (progress, Cancel, one outcome), or by criteria.

`revoke_ids(c, ids)`: a chunked_revoke.RevokeJob in the action lane (never behind a sync), handed to the
window through `c.revoke_started`; what the service confirmed leaves the tables when the job ends, and
its outcome goes to the status bar (or, after an error, to the error channel). `revoke_deprovisioned(c,
kind, known_ids)`: one call by criteria. Texts keep the "SessionController" translation context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.tokens import TokenKind
from .chunked_revoke import RevokeIncomplete, RevokeJob, outcome_text
from .errors import ErrorKind, classify
from .revoke_list import count_text
from .translate import translate

if TYPE_CHECKING:
    from .session_controller import SessionController


def revoke_ids(c: SessionController, ids: list[str]) -> None:
    """Revoke `ids` in chunks (nothing when not signed in)."""
    client = c.client
    if not ids or client is None or c.session is None:
        return
    job = RevokeJob(c.runner, client.revoke_tokens, ids, parent=c)
    job.finished.connect(lambda: _job_finished(c, job))
    c.message.emit(
        translate("SessionController", "Revoking {tokens}…").format(tokens=count_text(len(ids))), 0
    )
    c.revoke_started.emit(job)
    job.start()


def _job_finished(c: SessionController, job: RevokeJob) -> None:
    job.deleteLater()
    error_kind = classify(job.error) if job.error is not None else None
    text = outcome_text(job, error_kind)
    if job.revoked:
        c.remove_revoked(job.revoked)
    if job.error is None:
        c.message.emit(text, 8000)
        return
    c.message.emit("", 0)
    if error_kind is ErrorKind.SESSION_EXPIRED:
        c.handle_failure(job.error)
    elif error_kind is ErrorKind.OFFLINE:
        c.offline.emit(str(job.error))
        if getattr(job.error, "request_sent", True):
            c.sync_now()  # the answer was lost, not necessarily the revoke: a sync shows which
    c.error_channel.report(RevokeIncomplete(text))


def revoke_deprovisioned(c: SessionController, kind: TokenKind | None, known_ids: list[str]) -> None:
    """Every token of deprovisioned owners (of `kind`, or all kinds) in one call by criteria; the ones
    the tables know (`known_ids`) leave them at once, a sync brings the rest of the truth."""
    client = c.client
    if client is None or c.session is None:
        return
    c.message.emit(translate("SessionController", "Revoking the tokens of deprovisioned users…"), 0)

    def done(count: int) -> None:
        c.remove_revoked(list(known_ids)) if known_ids else c.sync_now()
        c.message.emit(
            translate("SessionController", "Revoked {tokens} of deprovisioned users.").format(
                tokens=count_text(count)
            ),
            8000,
        )

    c.runner.run(lambda: client.revoke_deprovisioned(kind), done, lambda error: _call_failed(c, error))


def _call_failed(c: SessionController, error: BaseException) -> None:
    c.message.emit("", 0)
    kind = classify(error)
    if kind is ErrorKind.SESSION_EXPIRED:
        c.handle_failure(error)
    elif kind is ErrorKind.OFFLINE and getattr(error, "request_sent", True):
        c.sync_now()  # the answer was lost, not necessarily the revoke: a sync shows what happened
    c.error_channel.report(error)


__all__ = ["revoke_deprovisioned", "revoke_ids"]

"""The tenant policy (SPEC rule 15) as the session controller keeps it: read after sign-in, kept for the
generate wizard (the lifetimes it offers) and the table (warn_days), changed by the policy dialog.

`fetch(c)` reads it in the sync lane; `save_call(c)` is the blocking call the policy dialog runs.
A service that cannot answer (or an older one without the endpoint) leaves `c.policy` None: the wizard
then offers no lifetime choice and the service applies its default.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..core.policy import DEFAULT_POLICY, PolicyError, TokenPolicy, merge_policy
from .background import Lane

if TYPE_CHECKING:
    from .session_controller import SessionController

log = logging.getLogger(__name__)


def policy_from_json(doc: Any) -> TokenPolicy:
    """The service's policy document as a TokenPolicy (PolicyError when it is not one)."""
    return merge_policy(DEFAULT_POLICY, doc)


def fetch(c: SessionController) -> None:
    """Read the tenant's policy in the background; `c.policy_changed` fires when it is known."""
    client = c.client
    if client is None or c.session is None:
        return
    c.runner.run(lambda: policy_from_json(client.get_policy()), c.set_policy, _not_read, lane=Lane.SYNC)


def _not_read(error: BaseException) -> None:
    # Not the user's problem yet: the sync that runs beside it reports an unreachable service or an
    # expired session; without the policy the wizard simply offers no lifetime choice.
    log.warning("tenant policy not read (%s)", type(error).__name__)


def save_call(c: SessionController) -> Callable[[dict[str, Any]], TokenPolicy] | None:
    """The blocking PUT the policy dialog runs (None when not signed in); the caller hands the
    result to `c.set_policy`."""
    client = c.client
    if client is None or c.session is None:
        return None

    def save(doc: dict[str, Any]) -> TokenPolicy:
        return policy_from_json(client.put_policy(doc))

    return save


__all__ = ["PolicyError", "fetch", "policy_from_json", "save_call"]

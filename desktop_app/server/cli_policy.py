"""`desktop-app-server tenant policy SLUG [...]`: print or set a tenant's token policy (SPEC rule 15).

    desktop-app-server tenant policy acme
    desktop-app-server tenant policy acme --kind api --default-lifetime-days 30 --max-lifetime-days 90
    desktop-app-server tenant policy acme --max-lifetime-days none --kind siem_agent
    desktop-app-server tenant policy acme --warn-days 7 --inactive-revoke-days 60|off

Flags left out keep their value; the command prints the policy document (JSON) as it is afterwards.
A running service applies the change at once on a replica that wrote it, within 30 s elsewhere.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from desktop_app.core.errors import UserFacingError
from desktop_app.core.policy import policy_json
from desktop_app.core.tokens import TokenKind

if TYPE_CHECKING:
    from desktop_app.server.store import TokenStore


def _days_or(word: str) -> Any:
    """An argparse type: a whole number of days, or `word` (none / off) for null."""

    def parse(text: str) -> int | None:
        if text.strip().lower() == word:
            return None
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"give a whole number of days or “{word}”") from None

    parse.__name__ = f"days or {word}"
    return parse


def add_policy_parser(tenant: Any, db: argparse.ArgumentParser) -> None:
    """The `tenant policy` subcommand on the `tenant` subparsers."""
    parser = tenant.add_parser(
        "policy", parents=[db], help="print a tenant's token policy, or set parts of it (the rest is kept)"
    )
    parser.add_argument("slug", help="the tenant's name, e.g. acme")
    parser.add_argument(
        "--kind", choices=[k.value for k in TokenKind], help="the token kind the lifetime flags are for"
    )
    parser.add_argument(
        "--default-lifetime-days",
        type=_days_or("none"),
        default=argparse.SUPPRESS,
        help="lifetime of a new token of --kind when none is asked for (none: no expiry)",
    )
    parser.add_argument(
        "--max-lifetime-days",
        type=_days_or("none"),
        default=argparse.SUPPRESS,
        help="longest lifetime for --kind (none: no maximum)",
    )
    parser.add_argument(
        "--warn-days", type=int, default=argparse.SUPPRESS, help="days ahead an expiry is announced"
    )
    parser.add_argument(
        "--inactive-revoke-days",
        type=_days_or("off"),
        default=argparse.SUPPRESS,
        help="revoke tokens unused for this many days (off: never)",
    )


def policy_body(args: argparse.Namespace) -> dict[str, Any] | None:
    """The PUT document the flags ask for (None: only print); checked before the database is opened.

    The value flags default to argparse.SUPPRESS: a flag left out is no attribute at all, while
    "none"/"off" is an attribute holding None.
    """
    given = vars(args)
    lifetimes = {key: given[key] for key in ("default_lifetime_days", "max_lifetime_days") if key in given}
    if bool(lifetimes) != bool(args.kind):
        raise UserFacingError(
            "Give --kind together with --default-lifetime-days and/or --max-lifetime-days (e.g. --kind api)."
        )
    body: dict[str, Any] = {key: given[key] for key in ("warn_days", "inactive_revoke_days") if key in given}
    if lifetimes:
        body["kinds"] = {args.kind: lifetimes}
    return body or None


def run_policy(store: TokenStore, args: argparse.Namespace, actor: str, out: TextIO) -> int:
    tenant_id = store.require_tenant_id(args.slug)
    body = policy_body(args)
    if body is None:
        policy = store.policies.get(tenant_id)
    else:
        policy = store.policies.put(tenant_id, body, actor=actor)
    print(json.dumps(policy_json(policy), indent=2), file=out)
    return 0

"""`desktop-app-server`: run the token service and administer tenants and users.

    desktop-app-server [--db URL] serve [--host H] [--port P] [--public-url URL] [--forwarded-allow-ips IPS]
        [--max-body-bytes N] [--session-hours H] [--max-live-tokens N] [--docs]
    desktop-app-server [--db URL] tenant add SLUG | tenant list
    desktop-app-server [--db URL] tenant policy SLUG [--kind KIND --default-lifetime-days N|none
        --max-lifetime-days N|none] [--warn-days N] [--inactive-revoke-days N|off]   (cli_policy.py)
    desktop-app-server [--db URL] user add SLUG USERNAME --role ROLE [--password-stdin]
    desktop-app-server [--db URL] user set-role SLUG USERNAME ROLE
    desktop-app-server [--db URL] user set-password SLUG USERNAME   (one line of stdin)
    desktop-app-server [--db URL] user deprovision SLUG USERNAME | user list SLUG
    desktop-app-server [--db URL] audit SLUG [--limit N]

`--db` (before or after the command) defaults to $DESKTOP_APP_DB, else a SQLite file in the
user's data folder. `serve` keys the stored digests with $DESKTOP_APP_DIGEST_KEY when it is set.
Bad arguments: one line on stderr, exit code 2, nothing written.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import platformdirs

from desktop_app.core.errors import UserFacingError
from desktop_app.core.roles import Role
from desktop_app.core.tokens import format_utc
from desktop_app.server.cli_policy import add_policy_parser, policy_body, run_policy
from desktop_app.server.ratelimit import Limits

if TYPE_CHECKING:
    from desktop_app.server.store import TokenStore

APP_NAME = "token-desk"
DB_ENV = "DESKTOP_APP_DB"
DIGEST_KEY_ENV = "DESKTOP_APP_DIGEST_KEY"  # optional HMAC key for stored digests (same on every replica)
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage block
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def default_db_url() -> str:
    return os.environ.get(DB_ENV) or str(platformdirs.user_data_path(APP_NAME) / "token-service.db")


SLUG_HELP = "the tenant's name, e.g. acme"


def _user_parser(
    user: argparse._SubParsersAction[_Parser], db: _Parser, action: str, help_text: str
) -> argparse.ArgumentParser:
    parser = user.add_parser(action, parents=[db], help=help_text)
    parser.add_argument("slug", help=SLUG_HELP)
    parser.add_argument("username", help="the user's name in that tenant")
    return parser


def _build_parser() -> argparse.ArgumentParser:
    db = _Parser(add_help=False)
    db.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="URL",
        help=f"sqlite:////path.db, a file path or postgresql://... (default: ${DB_ENV}, "
        "else a SQLite file in your data folder)",
    )
    parser = _Parser(
        prog="desktop-app-server",
        parents=[db],
        description="Token Desk token service: serve it, and manage tenants and users.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    serve = commands.add_parser(
        "serve",
        parents=[db],
        help="run the HTTP service",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    serve.add_argument(
        "--public-url",
        default=None,
        help="the base URL clients use (for tenant API URLs), "
        "e.g. https://tokens.example.com; "
        "default: each request's own base URL",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="",
        metavar="IPS",
        help="comma list of proxy addresses trusted for X-Forwarded-For/-Proto (the client "
        "address used for rate limits and audit); default: none, not even loopback",
    )
    serve.add_argument(
        "--max-body-bytes",
        type=int,
        default=Limits.max_body_bytes,
        metavar="N",
        help="largest request body accepted (larger: 413 before it is read)",
    )
    serve.add_argument(
        "--session-hours",
        type=float,
        default=Limits.session_ttl_seconds / 3600,
        metavar="H",
        help="lifetime of a session opened by signing in",
    )
    serve.add_argument(
        "--max-live-tokens",
        type=int,
        default=Limits.max_live_tokens_per_user,
        metavar="N",
        help="live tokens one user may hold (more: 422)",
    )
    serve.add_argument("--docs", action="store_true", help="also serve the interactive API docs at /docs")

    tenant = commands.add_parser("tenant", parents=[db], help="tenants").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    tenant.add_parser("add", parents=[db], help="create a tenant").add_argument("slug", help=SLUG_HELP)
    tenant.add_parser("list", parents=[db], help="list tenants")
    add_policy_parser(tenant, db)

    user = commands.add_parser("user", parents=[db], help="users").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    roles = [r.value for r in Role]
    add = _user_parser(user, db, "add", "create a user")
    add.add_argument("--role", required=True, choices=roles, help="the user's role")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from one line of stdin (without it the user cannot sign in)",
    )
    set_role = _user_parser(user, db, "set-role", "change a user's role")
    set_role.add_argument("role", choices=roles, help="the new role")
    _user_parser(user, db, "set-password", "set a user's password from one line of stdin")
    _user_parser(user, db, "deprovision", "deprovision a user (tokens kept, uses denied)")
    user.add_parser("list", parents=[db], help="list a tenant's users").add_argument("slug", help=SLUG_HELP)

    audit = commands.add_parser(
        "audit",
        parents=[db],
        help="show a tenant's audit log, newest first",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    audit.add_argument("slug", help=SLUG_HELP)
    audit.add_argument("--limit", type=int, default=50, help="how many events to show")
    return parser


def _read_password(stream: TextIO) -> str:
    line = stream.readline()
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    if not line:
        raise UserFacingError("No password on stdin; pipe one line, e.g. `printf '%s\\n' \"$PW\" | ...`.")
    return line


def _existing_db(db_url: str) -> str:
    """Commands other than `serve` and `tenant add` must not create a database by accident."""
    from desktop_app.server.db import is_postgres_url, sqlite_path  # noqa: PLC0415

    if not is_postgres_url(db_url):
        try:
            path = sqlite_path(db_url)
        except ValueError as exc:
            raise UserFacingError(str(exc)) from None
        if not Path(path).expanduser().exists():
            raise UserFacingError(f"There is no database at {path}; create a tenant first with `tenant add`.")
    return db_url


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from desktop_app.server.store import (  # noqa: PLC0415
        TokenStore,
        check_password,
        parse_role,
        validate_slug,
        validate_username,
    )

    db_url = getattr(args, "db", None) or default_db_url()
    if args.command == "serve":
        return _serve(db_url, args)
    # Check everything that needs no database first, so bad arguments write nothing.
    if getattr(args, "slug", None) is not None:
        validate_slug(args.slug)
    if getattr(args, "username", None) is not None:
        validate_username(args.username)
    password = None
    if args.command == "user" and args.action == "add":
        parse_role(args.role)
        if args.password_stdin:
            password = check_password(_read_password(sys.stdin))
    if args.command == "user" and args.action == "set-password":
        password = check_password(_read_password(sys.stdin))
    if args.command == "tenant" and args.action == "policy":
        policy_body(args)
    if args.command == "audit" and args.limit < 1:
        raise UserFacingError("--limit must be at least 1.")
    if not (args.command == "tenant" and args.action == "add"):
        _existing_db(db_url)
    try:
        store = TokenStore.open(db_url)
    except UserFacingError:
        raise
    except Exception as exc:  # driver errors: their type only (messages can carry connection details)
        raise UserFacingError(f"Cannot open the database ({type(exc).__name__}); check --db.") from None
    try:
        return _administer(store, args, password, out)
    finally:
        store.close()


def _operator() -> str:
    try:
        return "cli:" + getpass.getuser()
    except Exception:
        return "cli"


def _administer(store: TokenStore, args: argparse.Namespace, password: str | None, out: TextIO) -> int:
    actor = _operator()
    if args.command == "tenant":
        if args.action == "policy":
            return run_policy(store, args, actor, out)
        if args.action == "add":
            store.add_tenant(args.slug, actor=actor)
            print(f"Created tenant {args.slug}.", file=out)
        else:
            for slug in store.tenants():
                print(slug, file=out)
    elif args.command == "user":
        if args.action == "add":
            user = store.add_user(args.slug, args.username, args.role, password, actor=actor)
            print(f"Created {user.role.value} {user.username} in {args.slug}.", file=out)
        elif args.action == "set-role":
            user = store.set_role(args.slug, args.username, args.role, actor=actor)
            print(f"{user.username} in {args.slug} is now {user.role.value}.", file=out)
        elif args.action == "set-password":
            assert password is not None  # _run read it from stdin for this action
            store.set_password(args.slug, args.username, password, actor=actor)
            print(f"Set the password of {args.username} in {args.slug}.", file=out)
        elif args.action == "deprovision":
            store.deprovision(args.slug, args.username, actor=actor)
            print(f"Deprovisioned {args.username} in {args.slug}; their tokens now answer 403.", file=out)
        else:
            for user in store.users(args.slug):
                flag = " (deprovisioned)" if user.deprovisioned else ""
                print(f"{user.username}\t{user.role.value}{flag}", file=out)
    elif args.command == "audit":
        store.require_tenant_id(args.slug)
        for e in store.audit.events(args.slug, limit=args.limit):
            print(
                "\t".join(
                    [
                        format_utc(e.at),
                        e.action,
                        e.outcome,
                        e.actor or "-",
                        e.target or "-",
                        e.client_addr or "-",
                        e.detail or "",
                    ]
                ),
                file=out,
            )
    return 0


def _serve(db_url: str, args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415

    from desktop_app.server.app import create_app  # noqa: PLC0415

    if not 0 < args.port < 65536:
        raise UserFacingError("--port must be between 1 and 65535.")
    for name in ("max_body_bytes", "session_hours", "max_live_tokens"):
        if getattr(args, name) <= 0:
            raise UserFacingError(f"--{name.replace('_', '-')} must be more than 0.")
    key = os.environ.get(DIGEST_KEY_ENV)
    try:
        app = create_app(
            db_url,
            public_url=args.public_url,
            digest_key=key.encode("utf-8") if key else None,
            docs=args.docs,
            max_body_bytes=args.max_body_bytes,
            session_ttl_seconds=args.session_hours * 3600,
            max_live_tokens_per_user=args.max_live_tokens,
        )
    except UserFacingError:
        raise
    except Exception as exc:
        cause = database_failure(exc)
        raise UserFacingError(f"Cannot open the database {_describe(db_url)}: {cause}.") from None
    print(f"Token service on http://{args.host}:{args.port} (database: {_describe(db_url)})", file=sys.stderr)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        ws="none",
        log_level="info",
        **proxy_options(args.forwarded_allow_ips),
    )
    return 0


def database_failure(exc: BaseException) -> str:
    """The cause of a failed connection in a few words (driver messages can carry connection details)."""
    text = str(exc).lower()
    for needle, cause in (
        ("connection refused", "connection refused"),
        ("authentication failed", "authentication failed"),
        ("does not exist", "no such database"),
        ("could not translate host name", "unknown host"),
        ("timeout", "connection timed out"),
        ("unable to open database file", "cannot open the file"),
        ("permission denied", "permission denied"),
    ):
        if needle in text:
            return cause
    return type(exc).__name__


def proxy_options(forwarded_allow_ips: str | None) -> dict[str, Any]:
    """uvicorn options: forwarded headers are trusted only from the proxies named (none by default).

    Without a name uvicorn would trust 127.0.0.1 (or $FORWARDED_ALLOW_IPS): any local program could
    then choose the address it is rate-limited and audited under.
    """
    ips = ",".join(p.strip() for p in (forwarded_allow_ips or "").split(",") if p.strip())
    if not ips:
        return {"proxy_headers": False, "forwarded_allow_ips": ""}
    return {"proxy_headers": True, "forwarded_allow_ips": ips}


def _describe(db_url: str) -> str:
    """The database without any password that a postgresql:// URL may carry."""
    if "://" in db_url and "@" in db_url:
        scheme, rest = db_url.split("://", 1)
        return f"{scheme}://{rest.rsplit('@', 1)[1]}"
    return db_url


def main(argv: list[str] | None = None, *, out: TextIO | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        code = _run(args, out or sys.stdout)
        (out or sys.stdout).flush()  # here, so a reader gone away is caught below
        return code
    except UserFacingError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`... | head`): not an error of ours. Point stdout at nothing so the
        # interpreter's final flush does not fail again with a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())

"""`desktop-app-server`: run the token service and administer tenants and users.

    desktop-app-server [--db URL] serve [--host H] [--port P] [--public-url URL]
    desktop-app-server [--db URL] tenant add SLUG | tenant list
    desktop-app-server [--db URL] user add SLUG USERNAME --role ROLE [--password-stdin]
    desktop-app-server [--db URL] user set-role SLUG USERNAME ROLE
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

import platformdirs

from desktop_app.core.errors import UserFacingError
from desktop_app.core.roles import Role
from desktop_app.core.tokens import format_utc

APP_NAME = "token-desk"
DB_ENV = "DESKTOP_APP_DB"
DIGEST_KEY_ENV = "DESKTOP_APP_DIGEST_KEY"  # optional HMAC key for stored digests (same on every replica)
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage block
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def default_db_url() -> str:
    return os.environ.get(DB_ENV) or str(platformdirs.user_data_path(APP_NAME) / "token-service.db")


def _build_parser() -> argparse.ArgumentParser:
    db = _Parser(add_help=False)
    db.add_argument("--db", default=argparse.SUPPRESS, metavar="URL",
                    help=f"sqlite:////path.db, a file path or postgresql://... (default: ${DB_ENV}, "
                         "else a SQLite file in your data folder)")
    parser = _Parser(prog="desktop-app-server", parents=[db],
                     description="Token Desk token service: serve it, and manage tenants and users.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    serve = commands.add_parser("serve", parents=[db], help="run the HTTP service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--public-url", default=None,
                       help="the base URL clients use (for tenant API URLs), e.g. https://tokens.example.com")
    serve.add_argument("--forwarded-allow-ips", default="", metavar="IPS",
                       help="comma list of proxy addresses trusted for X-Forwarded-For/-Proto (the client "
                            "address used for rate limits and audit); default: none, not even loopback")

    tenant = commands.add_parser("tenant", parents=[db], help="tenants").add_subparsers(
        dest="action", required=True, parser_class=_Parser)
    tenant.add_parser("add", parents=[db], help="create a tenant").add_argument("slug")
    tenant.add_parser("list", parents=[db], help="list tenants")

    user = commands.add_parser("user", parents=[db], help="users").add_subparsers(
        dest="action", required=True, parser_class=_Parser)
    roles = [r.value for r in Role]
    add = user.add_parser("add", parents=[db], help="create a user")
    add.add_argument("slug")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=roles)
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from one line of stdin (without it the user cannot sign in)")
    set_role = user.add_parser("set-role", parents=[db], help="change a user's role")
    set_role.add_argument("slug")
    set_role.add_argument("username")
    set_role.add_argument("role", choices=roles)
    gone = user.add_parser("deprovision", parents=[db], help="deprovision a user (tokens kept, uses denied)")
    gone.add_argument("slug")
    gone.add_argument("username")
    user.add_parser("list", parents=[db], help="list a tenant's users").add_argument("slug")

    audit = commands.add_parser("audit", parents=[db], help="show a tenant's audit log, newest first")
    audit.add_argument("slug")
    audit.add_argument("--limit", type=int, default=50)
    return parser


def _read_password(stream) -> str:
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


def _run(args: argparse.Namespace, out) -> int:
    from desktop_app.server.store import TokenStore, parse_role, validate_slug, validate_username  # noqa: PLC0415

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
            password = _read_password(sys.stdin)
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
    except Exception:  # noqa: BLE001 (no user name in this environment)
        return "cli"


def _administer(store, args, password, out) -> int:
    actor = _operator()
    if args.command == "tenant":
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
            print("\t".join([format_utc(e.at), e.action, e.outcome, e.actor or "-", e.target or "-",
                             e.client_addr or "-", e.detail or ""]), file=out)
    return 0


def _serve(db_url: str, args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415

    from desktop_app.server.app import create_app  # noqa: PLC0415

    if not 0 < args.port < 65536:
        raise UserFacingError("--port must be between 1 and 65535.")
    key = os.environ.get(DIGEST_KEY_ENV)
    app = create_app(db_url, public_url=args.public_url, digest_key=key.encode("utf-8") if key else None)
    print(f"Token service on http://{args.host}:{args.port} (database: {_describe(db_url)})", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, ws="none", log_level="info",
                **proxy_options(args.forwarded_allow_ips))
    return 0


def proxy_options(forwarded_allow_ips: str | None) -> dict:
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


def main(argv: list[str] | None = None, *, out=None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args, out or sys.stdout)
    except UserFacingError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())

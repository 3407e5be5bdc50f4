"""Non-secret settings (a JSON file in the user's config folder) and the `desktop-app` command line.

Remembered: the service URL and tenant given with --server/--tenant (or --embedded), the
username last signed in, the embedded tenant's URL, the clipboard timeout. Never a secret or
a session token: those live in the OS keyring (desktop_app.session).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop_app import paths
from desktop_app.damaged_files import move_aside

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
EMBEDDED_TENANT = "local"
_TENANT_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")


def default_settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE


def default_data_dir() -> Path:
    """Where the embedded tenant keeps its SQLite file."""
    return paths.data_dir()


@dataclass
class AppSettings:
    """The app's remembered choices. `load()` never fails; `save()` writes atomically."""

    server_url: str | None = None
    tenant: str | None = None
    username: str | None = None
    embedded: bool = True
    embedded_url: str | None = None
    ca_bundle: str | None = None
    clipboard_clear_seconds: int = 30
    path: Path = field(default_factory=default_settings_path, repr=False, compare=False)
    notice: str | None = field(default=None, compare=False)

    @classmethod
    def load(cls, path: Path | str | None = None) -> AppSettings:
        """Read the settings file; a missing file gives defaults, a broken one defaults + `.notice`."""
        path = Path(path) if path is not None else default_settings_path()
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path=path)
        except OSError:
            log.warning("cannot read settings %s", path, exc_info=True)
            return cls(path=path, notice=f"Your settings in {path} could not be read; using defaults.")
        try:
            # Decoding is part of the damage check: a file saved as UTF-16 or Latin-1 is damaged too
            # (UnicodeDecodeError is a ValueError); absurd nesting makes json raise RecursionError.
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
            return cls(path=path, **_checked_values(data))
        except (ValueError, RecursionError):
            try:
                aside = move_aside(path)
                kept = f" (the old file was kept as {aside.name})"
            except OSError:
                kept = ""
            return cls(
                path=path,
                notice=f"Your settings file {path} was damaged, so Token Desk started with default "
                f"settings{kept}.",
            )

    def save(self) -> None:
        """Write atomically (temp file + rename), readable by the user only."""
        data = self.to_json()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, sort_keys=True)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def to_json(self) -> dict[str, Any]:
        from desktop_app.core.secrets import looks_like_secret  # noqa: PLC0415 - only when saving

        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name in _STORED}
        for key, value in data.items():
            if isinstance(value, str) and looks_like_secret(value):
                raise ValueError(f"refusing to store a secret in the settings ({key})")
        return data


_STORED = {
    "server_url": (str, type(None)),
    "tenant": (str, type(None)),
    "username": (str, type(None)),
    "embedded": (bool,),
    "embedded_url": (str, type(None)),
    "ca_bundle": (str, type(None)),
    "clipboard_clear_seconds": (int,),
}


def _checked_values(data: dict[str, Any]) -> dict[str, Any]:
    """Known keys with the right types; wrong types are dropped (their default applies)."""
    values = {}
    for key, types in _STORED.items():
        if (
            key in data
            and isinstance(data[key], types)
            and not (key == "clipboard_clear_seconds" and (isinstance(data[key], bool) or data[key] < 0))
        ):
            values[key] = data[key]
    return values


@dataclass(frozen=True)
class LaunchConfig:
    """What this run connects to, after the command line is merged with remembered settings."""

    embedded: bool
    server_url: str | None
    tenant: str
    ca_bundle: Path | None
    allow_insecure_http: bool
    settings: AppSettings = field(repr=False, compare=False)
    language: str | None = None  # --language; None: the system's (desktop_app.ui.translations)


HELP_EPILOG = """\
With no options the app opens what it opened last time; the very first time that is the
embedded local tenant: the token service started in the background on 127.0.0.1 (port 8765,
kept across starts; the window says so if another program holds it), keeping its data in your
user data folder, with you as its global admin, signed in without a password. Scripts on this
machine can use tokens generated there while the app runs: closing the window keeps it serving
from the system tray (Quit stops it). A second `desktop-app` hands over to the running one.

--server and --tenant are remembered: the next plain `desktop-app` connects there again.
--embedded switches back to the local tenant (the server stays remembered for --server).
Your sign-in is kept in the system keyring, never in a file.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desktop-app",
        description="Token Desk: generate, list and revoke a tenant's API tokens.",
        epilog=HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--server",
        metavar="URL",
        help="a shared token service, e.g. https://tokens.example.com (remembered)",
    )
    target.add_argument(
        "--embedded",
        action="store_true",
        help="use the embedded local tenant on this machine (the default when no server is set)",
    )
    parser.add_argument("--tenant", metavar="SLUG", help="the tenant on that service, e.g. acme (remembered)")
    parser.add_argument(
        "--ca-bundle",
        metavar="PATH",
        help="trust the certificate authority in this PEM file for the server's TLS certificate "
        "(remembered with --server)",
    )
    parser.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow plain http:// to a server that is not this machine (not remembered; avoid)",
    )
    # The workstation service (desktop_app.launch): handled before the window or the service start.
    from desktop_app import __version__  # noqa: PLC0415

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--background",
        action="store_true",
        help="start only the system-tray icon and the local token service, no window (used at login)",
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="the interface language, e.g. de or en (default: the system's; not remembered)",
    )
    desktop_entry = parser.add_mutually_exclusive_group()
    desktop_entry.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add Token Desk to your desktop's application menu (this command's absolute path) and exit",
    )
    desktop_entry.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="remove what --install-desktop-entry added and exit",
    )
    return parser


def parse_args(argv: Sequence[str] | None = None, settings: AppSettings | None = None) -> LaunchConfig:
    """Parse the command line, merge it with the remembered settings and remember new choices.

    Exits with a usage message (argparse) on bad input, like any command-line tool.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.tenant is not None and not _TENANT_SLUG.fullmatch(args.tenant):
        parser.error("--tenant takes a tenant's short name (slug), such as acme")
    if args.ca_bundle is not None:
        args.ca_bundle = str(Path(args.ca_bundle).expanduser().resolve())
        if not Path(args.ca_bundle).is_file():
            parser.error(f"--ca-bundle: {args.ca_bundle} is not a file")
    settings = settings if settings is not None else AppSettings.load()
    changed = False

    if args.embedded:
        changed = settings.embedded is not True
        settings.embedded = True
    elif args.server is not None:
        from desktop_app.client.address import checked_service_url  # noqa: PLC0415 - httpx only when needed
        from desktop_app.client.errors import ServiceError  # noqa: PLC0415

        try:
            server_url = checked_service_url(args.server, allow_insecure_http=args.allow_insecure_http)
        except ServiceError as error:
            parser.error(str(error))
        tenant = args.tenant or (settings.tenant if server_url == settings.server_url else None)
        if not tenant:
            parser.error("--server needs --tenant SLUG (the tenant to manage on that service)")
        settings.server_url, settings.tenant, settings.embedded = server_url, tenant, False
        settings.ca_bundle = args.ca_bundle
        changed = True
    elif args.tenant is not None:
        if settings.embedded or not settings.server_url:
            parser.error("--tenant needs --server URL (the embedded tenant is always “local”)")
        settings.tenant = args.tenant
        changed = True

    if args.ca_bundle is not None:
        if not settings.embedded and settings.ca_bundle != args.ca_bundle:
            settings.ca_bundle, changed = args.ca_bundle, True

    embedded = settings.embedded or not settings.server_url or not settings.tenant
    if changed:
        try:
            settings.save()
        except OSError:
            log.warning("could not remember the settings in %s", settings.path, exc_info=True)
    if embedded:
        return LaunchConfig(
            True, settings.embedded_url, EMBEDDED_TENANT, None, False, settings, args.language
        )
    return LaunchConfig(
        embedded=False,
        server_url=settings.server_url,
        tenant=settings.tenant or "",
        ca_bundle=Path(settings.ca_bundle) if settings.ca_bundle else None,
        allow_insecure_http=args.allow_insecure_http,
        settings=settings,
        language=args.language,
    )

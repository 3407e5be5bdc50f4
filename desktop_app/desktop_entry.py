"""`desktop-app --install-desktop-entry`: Token Desk in the desktop's application menu.

Writes $XDG_DATA_HOME/applications/org.tokendesk.TokenDesk.desktop with the absolute path of the
running command (a venv's `desktop-app` is not on the session's PATH) and the icon into the
hicolor theme; `--uninstall-desktop-entry` removes exactly those files.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from desktop_app.launch_command import desktop_exec, launch_command, xdg_dir
from desktop_app.resource_files import APP_ID, ICON_NAME, resource_path

_ICON_TARGETS = {"svg": ("scalable", "apps"), "png": ("256x256", "apps")}


def data_home() -> Path:
    return xdg_dir("XDG_DATA_HOME", ".local/share")


def installed_paths() -> list[Path]:
    """The files the entry consists of: the .desktop file and the icons."""
    icons = data_home() / "icons" / "hicolor"
    return [data_home() / "applications" / f"{APP_ID}.desktop"] + [
        icons.joinpath(*target) / f"{ICON_NAME}.{ext}" for ext, target in _ICON_TARGETS.items()
    ]


def entry_text(command: list[str]) -> str:
    """The shipped .desktop file with Exec= set to `command`."""
    source = resource_path(f"{APP_ID}.desktop")
    if source is None:
        raise FileNotFoundError(f"{APP_ID}.desktop is missing from the app's resources")
    text = source.read_text(encoding="utf-8")
    return re.sub(r"^Exec=.*$", lambda _m: f"Exec={desktop_exec(command)}", text, count=1, flags=re.M)


def install(command: list[str] | None = None) -> list[Path]:
    """Write the .desktop file and copy the icons; returns the paths written."""
    entry, *icon_paths = installed_paths()
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(entry_text(command or launch_command()), encoding="utf-8")
    written = [entry]
    for path in icon_paths:
        source = resource_path("icons", path.name)
        if source is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
            written.append(path)
    return written


def uninstall() -> list[Path]:
    """Remove what install() wrote; returns the paths removed."""
    removed = []
    for path in installed_paths():
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed


def run(*, install_entry: bool) -> int:
    """The command-line action: say what was done, exit status 0 (1 when it failed)."""
    try:
        paths = install() if install_entry else uninstall()
    except OSError as error:
        print(f"desktop-app: {error}", file=sys.stderr)
        return 1
    verb = "wrote" if install_entry else "removed"
    for path in paths:
        print(f"{verb} {path}")
    if not paths:
        print("nothing to remove")
    return 0

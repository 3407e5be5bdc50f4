""" "Start at login": an entry that runs `desktop-app --background` when the user logs in.

Linux and other XDG desktops: ~/.config/autostart/org.tokendesk.TokenDesk.desktop.
macOS: a LaunchAgent, ~/Library/LaunchAgents/org.tokendesk.TokenDesk.plist.
Windows: a batch file in the user's Startup folder (it starts the app detached).
"""

from __future__ import annotations

import os
import plistlib
import sys
from pathlib import Path

from desktop_app.launch_command import desktop_exec, launch_command, xdg_dir
from desktop_app.resource_files import APP_ID

BACKGROUND = "--background"


def autostart_path(platform: str | None = None) -> Path:
    """Where this platform's login entry lives."""
    platform = platform or sys.platform
    if platform == "darwin":
        return Path.home() / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
    if platform == "win32":
        appdata = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup" / "Token Desk.bat"
    return xdg_dir("XDG_CONFIG_HOME", ".config") / "autostart" / f"{APP_ID}.desktop"


def entry_text(command: list[str], platform: str | None = None) -> str:
    """The login entry that runs `command --background`."""
    platform = platform or sys.platform
    args = [*command, BACKGROUND]
    if platform == "darwin":
        plist = {"Label": APP_ID, "ProgramArguments": args, "RunAtLoad": True, "ProcessType": "Interactive"}
        return plistlib.dumps(plist).decode("utf-8")
    if platform == "win32":
        quoted = " ".join(f'"{arg}"' for arg in args)
        return f'@echo off\r\nstart "" {quoted}\r\n'
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Token Desk (local token service)\n"
        "Comment=Serves the local tenant's tokens to scripts on this computer from the system tray\n"
        f"Exec={desktop_exec(args)}\n"
        "Icon=token-desk\n"
        "Terminal=false\n"
        "NoDisplay=true\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def is_enabled(platform: str | None = None) -> bool:
    return autostart_path(platform).is_file()


def enable(command: list[str] | None = None, platform: str | None = None) -> Path:
    """Write the login entry (replacing an older one); returns its path."""
    path = autostart_path(platform)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(entry_text(command or launch_command(), platform), encoding="utf-8")
    os.replace(temporary, path)
    return path


def disable(platform: str | None = None) -> bool:
    """Remove the login entry; False when there was none."""
    try:
        autostart_path(platform).unlink()
    except FileNotFoundError:
        return False
    return True

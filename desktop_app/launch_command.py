"""The command that starts this Token Desk again, for the desktop entry and the autostart entry.

An absolute path, because a venv's `desktop-app` is not on the desktop session's PATH; and a
desktop entry's Exec line quoted as the Desktop Entry Specification says.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def launch_command() -> list[str]:
    """The frozen executable, the `desktop-app` script that is running, or `python -m desktop_app`."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name.startswith("desktop-app"):
        found = script if script.is_file() else shutil.which(str(script))
        if found:
            return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "desktop_app"]


def desktop_exec(args: list[str]) -> str:
    """An Exec= value: arguments with reserved characters double-quoted, `%` doubled."""
    quoted = []
    for arg in args:
        arg = arg.replace("%", "%%")
        if any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
            arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
        quoted.append(arg)
    # The key's value is a string first: its own escaping doubles every backslash.
    return " ".join(quoted).replace("\\", "\\\\")


def xdg_dir(variable: str, default: str) -> Path:
    value = os.environ.get(variable)
    return Path(value) if value and os.path.isabs(value) else Path.home() / default

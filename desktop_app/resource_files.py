"""Where the app's resource files are: icons, the .desktop file, the AppStream file, translations.

Installed (`pip install .`, or a frozen build) they are the package's data folder
desktop_app/resources; in a source checkout they are the repository's resources/ folder.
"""

from __future__ import annotations

from pathlib import Path

APP_ID = "org.tokendesk.TokenDesk"
ICON_NAME = "token-desk"


def resources_dir() -> Path | None:
    """The resources folder in use, or None when neither place has one."""
    here = Path(__file__).resolve().parent
    for base in (here / "resources", here.parent / "resources"):
        if (base / "icons").is_dir():
            return base
    return None


def resource_path(*parts: str) -> Path | None:
    """A file from the resources folder, or None when it is missing."""
    base = resources_dir()
    if base is None:
        return None
    candidate = base.joinpath(*parts)
    return candidate if candidate.is_file() else None


def icon_files() -> list[Path]:
    """The app icon's files, scalable first."""
    found = (resource_path("icons", f"{ICON_NAME}.{ext}") for ext in ("svg", "png"))
    return [path for path in found if path is not None]

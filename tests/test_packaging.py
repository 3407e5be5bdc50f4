"""What `pip install .` and the frozen build ship: every package, and resources/ as package data."""

from __future__ import annotations

import tomllib
from pathlib import Path

from desktop_app.resource_files import icon_files, resource_path, resources_dir

ROOT = Path(__file__).resolve().parents[1]


def setuptools_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_is_listed_for_installation() -> None:
    found = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "desktop_app").rglob("__init__.py")
    }
    listed = set(setuptools_config()["packages"])
    assert found <= listed, f"add to pyproject.toml [tool.setuptools] packages: {sorted(found - listed)}"


def test_resources_are_package_data_covering_icons_desktop_files_and_translations() -> None:
    config = setuptools_config()
    assert config["package-dir"]["desktop_app.resources"] == "resources"
    patterns = config["package-data"]["desktop_app.resources"]
    shipped = {p for pattern in patterns for p in (ROOT / "resources").glob(pattern)}
    for needed in (
        "icons/token-desk.svg",
        "icons/token-desk.png",
        "org.tokendesk.TokenDesk.desktop",
        "org.tokendesk.TokenDesk.metainfo.xml",
        "translations/token-desk_de.qm",
        "translations/token-desk_de.ts",
    ):
        assert ROOT / "resources" / needed in shipped, needed


def test_the_app_finds_its_resources_in_the_checkout() -> None:
    assert resources_dir() == ROOT / "resources"
    assert resource_path("org.tokendesk.TokenDesk.desktop") is not None
    assert [p.name for p in icon_files()] == ["token-desk.svg", "token-desk.png"]
    assert resource_path("no-such-file") is None


def test_the_frozen_entry_script_uses_absolute_imports() -> None:
    entry = (ROOT / "packaging" / "entry.py").read_text()
    assert "from desktop_app.launch import main" in entry and "from ." not in entry
    spec = (ROOT / "packaging" / "token-desk.spec").read_text()
    assert "entry.py" in spec and 'collect_submodules("desktop_app")' in spec

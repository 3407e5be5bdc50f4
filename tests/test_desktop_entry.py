"""`desktop-app --install-desktop-entry` / `--uninstall-desktop-entry` as a user runs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import desktop_entry
from desktop_app.launch_command import desktop_exec

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils is not installed")
def test_install_writes_a_valid_entry_with_an_absolute_command_and_uninstall_removes_it(
    tmp_path: Path,
) -> None:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "share"), PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)  # no display needed for this
    env.pop("DISPLAY", None)
    installed = run("--install-desktop-entry", env=env)
    assert installed.returncode == 0, installed.stderr
    entry = tmp_path / "share" / "applications" / "org.tokendesk.TokenDesk.desktop"
    svg = tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / "token-desk.svg"
    png = tmp_path / "share" / "icons" / "hicolor" / "256x256" / "apps" / "token-desk.png"
    assert entry.is_file() and svg.is_file() and png.is_file()
    exec_line = next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))
    assert exec_line == "Exec=" + desktop_exec([str(Path(sys.executable).absolute()), "-m", "desktop_app"])
    assert Path(exec_line.split()[0].removeprefix("Exec=")).is_absolute()
    validated = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert validated.returncode == 0 and not validated.stdout.strip(), validated.stdout

    removed = run("--uninstall-desktop-entry", env=env)
    assert removed.returncode == 0, removed.stderr
    assert not entry.exists() and not svg.exists() and not png.exists()


def test_exec_quoting_follows_the_desktop_entry_spec() -> None:
    assert desktop_exec(["/usr/bin/desktop-app", "--background"]) == "/usr/bin/desktop-app --background"
    assert desktop_exec(["/home/a b/desktop-app"]) == '"/home/a b/desktop-app"'
    # `$` is escaped inside quotes, then the backslash doubled by the string escaping; `%` doubled.
    assert desktop_exec(["/x/$HOME/100%"]) == '"/x/\\\\$HOME/100%%"'


def test_install_then_uninstall_in_process(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    written = desktop_entry.install(["/usr/bin/desktop-app"])
    assert sorted(written) == sorted(desktop_entry.installed_paths())
    assert "Exec=/usr/bin/desktop-app\n" in written[0].read_text()
    assert sorted(desktop_entry.uninstall()) == sorted(written)
    assert desktop_entry.uninstall() == []

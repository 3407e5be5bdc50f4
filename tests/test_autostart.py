"""'Start at login': the entry written where each platform looks, running --background; removed again."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app import autostart

COMMAND = ["/opt/token desk/bin/desktop-app"]


def test_xdg_entry_is_written_validated_and_removed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert not autostart.is_enabled("linux")
    path = autostart.enable(COMMAND, "linux")
    assert path == tmp_path / "config" / "autostart" / "org.tokendesk.TokenDesk.desktop"
    text = path.read_text()
    assert 'Exec="/opt/token desk/bin/desktop-app" --background\n' in text
    assert autostart.is_enabled("linux")
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    assert autostart.disable("linux") is True
    assert not path.exists() and not autostart.is_enabled("linux")
    assert autostart.disable("linux") is False


def test_macos_launch_agent_runs_the_command_at_load(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    path = autostart.enable(COMMAND, "darwin")
    assert path == tmp_path / "Library" / "LaunchAgents" / "org.tokendesk.TokenDesk.plist"
    plist = plistlib.loads(path.read_bytes())
    assert plist["ProgramArguments"] == [*COMMAND, "--background"] and plist["RunAtLoad"] is True
    assert autostart.disable("darwin") and not path.exists()


@pytest.mark.parametrize("appdata", [True, False])
def test_windows_startup_folder_entry(tmp_path: Path, monkeypatch, appdata: bool) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    if appdata:
        monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    else:
        monkeypatch.delenv("APPDATA", raising=False)
    path = autostart.enable([r"C:\Program Files\Token Desk\token-desk.exe"], "win32")
    roaming = tmp_path / "Roaming" if appdata else tmp_path / "AppData" / "Roaming"
    startup = roaming / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
    assert path == startup / "Token Desk.bat"
    assert r'start "" "C:\Program Files\Token Desk\token-desk.exe" "--background"' in path.read_text()
    assert autostart.disable("win32") and not path.exists()

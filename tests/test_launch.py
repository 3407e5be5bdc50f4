"""`desktop-app` as real processes: no display, --version, graceful ends, one instance per user."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from desktop_app.launch import display_problem

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and X11/Wayland displays")


def wait_until(condition: Callable[[], bool], timeout: float = 30.0, what: str = "condition") -> None:
    """Poll `condition` (a real process's state) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Home:
    """A fresh user: HOME, XDG folders and runtime folder, with the local tenant on a free port."""

    def __init__(self, root: Path, port: int | None = None) -> None:
        self.root = root
        self.env = dict(os.environ, HOME=str(root), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        self.env.pop("DESKTOP_APP_EXIT_AFTER_FIRST_PAINT", None)
        for var, sub in (
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_RUNTIME_DIR", "run"),
        ):
            (root / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
            self.env[var] = str(root / sub)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        settings = root / "config" / "token-desk" / "settings.json"
        settings.parent.mkdir(parents=True)
        settings.write_text(json.dumps({"embedded_url": self.url}))
        self.settings_path = settings
        self.data_dir = root / "data" / "token-desk"
        self.processes: list[subprocess.Popen] = []

    def start(self, *args: str) -> subprocess.Popen:
        log = open(self.root / f"app-{len(self.processes)}.log", "w+")
        process = subprocess.Popen(
            [sys.executable, "-m", "desktop_app", *args],
            env=self.env,
            cwd=self.root,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        process.log = log  # type: ignore[attr-defined]
        self.processes.append(process)
        return process

    def log_of(self, process: subprocess.Popen) -> str:
        return Path(process.log.name).read_text()  # type: ignore[attr-defined]

    def answers(self, url: str | None = None) -> bool:
        try:
            return httpx.get(f"{url or self.url}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_serving(self, process: subprocess.Popen) -> None:
        wait_until(lambda: process.poll() is not None or self.answers(), what="the local tenant")
        assert process.poll() is None, self.log_of(process)

    def wal_files(self) -> list[Path]:
        return [p for p in self.root.rglob("*") if p.name.endswith(("-wal", "-shm", "-journal"))]

    def cleanup(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait(10)
            process.log.close()  # type: ignore[attr-defined]


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    user = Home(tmp_path / "home")
    yield user
    user.cleanup()


# ---- no display, --version ------------------------------------------------------------------------


def test_without_a_display_it_says_so_in_one_line_and_exits_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no display" in result.stderr
    assert "xcb" not in result.stderr


def test_a_display_or_a_chosen_platform_is_enough() -> None:
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "darwin") is None and display_problem({}, "win32") is None
    assert display_problem({}, "linux") is not None


def test_version_prints_the_version_without_starting(tmp_path: Path) -> None:
    from desktop_app import __version__

    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--version"],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"desktop-app {__version__}"


# ---- graceful ends ---------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_termination_signal_quits_like_ctrl_q_with_the_wal_merged(home: Home, signum: int) -> None:
    app = home.start()
    home.wait_serving(app)
    wait_until(lambda: "signed in to the embedded tenant" in home.log_of(app), what="the sign-in")
    assert (home.data_dir / "local-tenant.db-wal").exists()  # the service has the database open
    app.send_signal(signum)
    assert app.wait(30) == 0, home.log_of(app)
    assert home.wal_files() == []
    assert not home.answers()
    layout = home.root / "config" / "token-desk" / "desktop-app.conf"
    assert "geometry" in layout.read_text()  # the window layout was saved on the way out


# ---- one instance per user -------------------------------------------------------------------------


def test_a_second_start_hands_over_to_the_running_one_and_exits(home: Home) -> None:
    first = home.start()
    home.wait_serving(first)
    started = time.monotonic()
    second = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--embedded"],
        env=home.env,
        cwd=home.root,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert second.returncode == 0, second.stderr
    assert time.monotonic() - started < 10
    assert "already running" in second.stderr
    wait_until(lambda: "another start handed over" in home.log_of(first), what="the hand-over")
    # It never started a service of its own: nothing on the next port, the address is unchanged.
    assert not home.answers(f"http://127.0.0.1:{home.port + 1}")
    assert json.loads(home.settings_path.read_text())["embedded_url"] == home.url
    assert first.poll() is None
    first.terminate()
    assert first.wait(30) == 0


def test_a_stale_lock_after_a_crash_is_taken_over(home: Home) -> None:
    crashed = home.start()
    home.wait_serving(crashed)
    crashed.kill()
    crashed.wait(10)
    assert (home.root / "run" / "token-desk" / "instance.lock").exists()
    again = home.start()
    home.wait_serving(again)
    assert "already running" not in home.log_of(again)
    again.terminate()
    assert again.wait(30) == 0


def test_background_serves_without_a_window_and_a_later_start_opens_it(home: Home) -> None:
    background = home.start("--background")
    home.wait_serving(background)
    assert httpx.get(f"{home.url}/t/local/api/v1/alerts/").status_code == 401  # scripts get an answer
    # (that no window is shown is checked in-process: tests/test_workstation.py)
    assert "serving the local tenant without a window" in home.log_of(background)
    opened = subprocess.run(
        [sys.executable, "-m", "desktop_app"],
        env=home.env,
        cwd=home.root,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert opened.returncode == 0 and "already running" in opened.stderr
    wait_until(lambda: "another start handed over" in home.log_of(background), what="the hand-over")
    background.terminate()
    assert background.wait(30) == 0
    assert home.wal_files() == []

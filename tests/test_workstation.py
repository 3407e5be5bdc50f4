"""The workstation wiring around a real AppController offscreen: the no-tray fall-back, the tray path,
--background (serving, no window), the moved-port notice and the hand-over from a later start."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import httpx
import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.app import AppController
from desktop_app.settings import AppSettings, parse_args
from desktop_app.ui.tray import ServiceTray
from desktop_app.workstation import NO_TRAY_NOTE, Workstation

# Offscreen cannot raise a window, nor show a tray icon (the tray test builds one anyway).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support", "systemTrayWindowChanged")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def session_store():
    from desktop_app.session.keyring_store import SessionStore
    from tests.session.keyrings import MemoryKeyring

    return SessionStore(backend=MemoryKeyring())


@pytest.fixture
def attached(qtbot, tmp_path, session_store):
    """attach(config_args, background=..., port=...) -> (workstation, controller); undone at teardown."""
    made: list[tuple[Workstation, AppController]] = []
    app = QApplication.instance()

    def build(args: list[str], *, background: bool = False, port: int | None = None, store=None):
        settings = AppSettings(path=tmp_path / "settings.json")
        config = parse_args(args, settings=settings)
        workstation = Workstation(background=background)
        port = port or free_port()
        controller = AppController(
            config,
            session_store=store or session_store,
            cache_dir=tmp_path / "cache",
            data_dir=tmp_path / "data",
            embedded_factory=lambda data_dir, **kw: workstation.embedded_factory(data_dir, port=port, **kw),
        )
        qtbot.addWidget(controller.window)
        made.append((workstation, controller))
        workstation.attach(app, controller)
        return workstation, controller

    yield build
    for workstation, controller in made:
        controller.shutdown()
        workstation.detach()
    app.setQuitOnLastWindowClosed(True)


def test_without_a_tray_closing_quits_and_the_window_says_scripts_stop(qtbot, attached, caplog):
    workstation, controller = attached(["--embedded"])
    window = controller.window
    qtbot.waitUntil(lambda: window.controller.session is not None, timeout=20000)
    assert workstation.tray is None
    assert QApplication.instance().quitOnLastWindowClosed()  # closing the window ends the run
    assert workstation.note_label.text() == NO_TRAY_NOTE and workstation.note_label.isVisible()
    assert "scripts" in workstation.note_label.toolTip()
    with caplog.at_level(logging.WARNING, logger="desktop_app.workstation"):
        window.close()
        qtbot.waitUntil(lambda: "stop working" in caplog.text, timeout=2000)


def test_with_a_tray_closing_keeps_serving_and_tells_once(qtbot, attached, monkeypatch):
    monkeypatch.setattr(ServiceTray, "available", staticmethod(lambda: True))
    port = free_port()
    workstation, controller = attached(["--embedded"], port=port)
    window = controller.window
    qtbot.waitUntil(lambda: window.controller.session is not None, timeout=20000)
    tray = workstation.tray
    told: list[str] = []
    monkeypatch.setattr(tray, "tell", lambda title, message: told.append(title))
    assert tray.icon.toolTip() == f"Token Desk — local tenant on 127.0.0.1:{port}"
    assert not QApplication.instance().quitOnLastWindowClosed()
    for _ in range(2):
        with qtbot.waitSignal(workstation.closed_to_tray, timeout=2000):
            window.close()
        assert not window.isVisible()
        assert httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
        tray.open_requested.emit()
        assert window.isVisible()
    assert told == ["Token Desk keeps serving"]  # once, not on every close
    tray.quit_requested.emit()
    assert workstation.quitting and not window.isVisible()


def test_background_serves_without_a_window_until_a_later_start_opens_it(qtbot, attached):
    port = free_port()
    workstation, controller = attached(["--embedded"], background=True, port=port)
    qtbot.waitUntil(lambda: controller.window.controller.session is not None, timeout=20000)
    assert not controller.window.isVisible()
    response = httpx.get(f"http://127.0.0.1:{port}/t/local/api/v1/alerts/")
    assert response.status_code == 401  # the local tenant answers scripts
    workstation.handed_over([])
    assert controller.window.isVisible()


def test_a_moved_port_is_said_in_the_window(qtbot, attached):
    port = free_port()
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", port))
        other_program.listen(1)
        workstation, controller = attached(["--embedded"], port=port)
        qtbot.waitUntil(lambda: controller.window.controller.session is not None, timeout=20000)
    text = workstation.note_label.text()
    assert f"127.0.0.1:{port} is in use by another program" in text
    assert f"127.0.0.1:{controller.embedded.port}" in text and controller.embedded.port != port


def test_a_later_start_naming_a_server_is_remembered_and_said(qtbot, attached, tmp_path: Path):
    workstation, controller = attached(["--embedded"])
    workstation.handed_over(["--server", "https://tokens.example.org", "--tenant", "acme"])
    assert "tokens.example.org" in controller.window.status.full_message
    saved = AppSettings.load(tmp_path / "settings.json")
    assert (saved.server_url, saved.tenant) == ("https://tokens.example.org", "acme")


def test_no_keyring_warning_for_the_local_tenant(qtbot, attached, caplog):
    from desktop_app.session.keyring_store import SessionStore
    from tests.session.keyrings import LockedKeyring

    store = SessionStore(backend=LockedKeyring())
    store.save("http://127.0.0.1:1", "local", "someone", "tds_" + "x" * 40)
    assert store.warning is not None  # the keyring failed: in remote mode this is marked
    with caplog.at_level(logging.WARNING):
        workstation, controller = attached(["--embedded"], store=store)
        qtbot.waitUntil(lambda: controller.window.controller.session is not None, timeout=20000)
    assert not controller.window.status.keyring_label.isVisible()
    assert "sign in again" not in caplog.text
    assert "sign in again" not in controller.window.status.currentMessage()

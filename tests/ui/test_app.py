"""The composition root: paint from the cache first, then embedded (OS user) or remote (keyring session
checked, sign-in fallback); exit after the first paint; Qt messages in logging; quitting cleans up."""

from __future__ import annotations

import getpass
import logging
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtGui import QGuiApplication

from desktop_app import app as app_module
from desktop_app.app import EMBEDDED_CACHE_KEY, AppController, RedactSecrets, install_qt_message_handler
from desktop_app.cache.store import TokenCache
from desktop_app.core.roles import Role
from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind
from desktop_app.embedded import EmbeddedTenant
from desktop_app.settings import AppSettings, parse_args
from desktop_app.ui.sign_in import SignInDialog

from .conftest import TENANT, exit_after_first_paint_env, make_rows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def controllers(qtbot, shown):
    made: list[AppController] = []

    def build(config, **kwargs) -> AppController:
        controller = AppController(config, **kwargs)
        qtbot.addWidget(controller.window)
        made.append(controller)
        return controller

    yield build
    for controller in made:
        controller.shutdown()


def test_embedded_mode_paints_first_then_signs_the_os_user_in(qtbot, tmp_path, controllers, session_store):
    config = parse_args(["--embedded"], settings=AppSettings(path=tmp_path / "settings.json"))
    cache_dir = tmp_path / "cache"
    username = getpass.getuser()
    cached = TokenCache.open(TokenCache.path_for(cache_dir, EMBEDDED_CACHE_KEY, "local", username))
    cached.store_sync(make_rows(25), (), "c0", datetime.now(UTC), replace=True)
    cached.close()
    port = free_port()
    controller = controllers(
        config,
        session_store=session_store,
        cache_dir=cache_dir,
        data_dir=tmp_path / "data",
        embedded_factory=lambda data_dir, **kw: EmbeddedTenant(data_dir, port=port, **kw),
    )
    window = controller.window
    events: list[str] = []
    window.first_painted.connect(lambda: events.append(f"painted with {window.controller.session}"))
    with qtbot.waitSignal(window.controller.synced, timeout=20000):
        controller.start()
    assert events == ["painted with None"]  # the table painted before any network answer
    assert (
        window.controller.session.username == username and window.controller.session.role is Role.GLOBAL_ADMIN
    )
    assert window.controller.service_url == f"http://127.0.0.1:{port}"
    assert f"127.0.0.1:{port}" in window.status.service_label.text()
    # The sync found none of the cached demo rows on the fresh local service: they left in place.
    assert window.section(TokenKind.API).model.token_count() == 0
    # Quitting stops the embedded service cleanly.
    controller.shutdown()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)


def remote_config(tmp_path, server, username="alice"):
    settings = AppSettings(path=tmp_path / "settings.json", username=username)
    return parse_args(["--server", server.url, "--tenant", TENANT], settings=settings)


def test_remote_mode_resumes_the_keyring_session(
    qtbot, tmp_path, service, controllers, session_store, monkeypatch
):
    token = service.sign_in(TENANT, "alice", Role.SECURITY_OPERATOR)
    session_store.save(service.url, TENANT, "alice", token)
    monkeypatch.setattr(
        SignInDialog, "ask", classmethod(lambda cls, *a, **k: pytest.fail("asked to sign in"))
    )
    controller = controllers(
        remote_config(tmp_path, service), session_store=session_store, cache_dir=tmp_path / "cache"
    )
    with qtbot.waitSignal(controller.controller.synced, timeout=10000):
        controller.start()
    window = controller.window
    assert (
        window.controller.session.username == "alice"
        and window.controller.session.role is Role.SECURITY_OPERATOR
    )
    assert window.section(TokenKind.API).view.isColumnHidden(1)  # not a full admin: no owner column


def test_remote_mode_without_a_saved_session_asks_to_sign_in(
    qtbot, tmp_path, service, controllers, session_store, monkeypatch
):
    service.store.ensure_tenant(TENANT)
    service.store.ensure_user(TENANT, "bob", Role.GLOBAL_ADMIN, password="correct horse battery")
    asked = []

    def ask(cls, parent, runner, service_url, tenant, username, sign_in, error_channel):
        asked.append((service_url, tenant, username))
        return sign_in("bob", "correct horse battery")

    monkeypatch.setattr(SignInDialog, "ask", classmethod(ask))
    config = remote_config(tmp_path, service, username=None)
    controller = controllers(config, session_store=session_store, cache_dir=tmp_path / "cache")
    with qtbot.waitSignal(controller.controller.synced, timeout=10000):
        controller.start()
    assert asked == [(service.url, TENANT, "")]
    assert controller.controller.session.username == "bob"
    qtbot.waitUntil(lambda: session_store.load(service.url, TENANT, "bob") is not None)
    assert AppSettings.load(tmp_path / "settings.json").username == "bob"
    assert controller.controller.cache is not None


def test_remote_service_down_shows_the_offline_banner(qtbot, tmp_path, controllers, session_store):
    settings = AppSettings(path=tmp_path / "settings.json", username="alice")
    dead = f"http://127.0.0.1:{free_port()}"
    config = parse_args(["--server", dead, "--tenant", TENANT], settings=settings)
    session_store.save(dead, TENANT, "alice", "some-session")
    controller = controllers(config, session_store=session_store, cache_dir=tmp_path / "cache")
    controller.start()
    qtbot.waitUntil(lambda: controller.window.banner.isVisible(), timeout=15000)
    assert f"Cannot reach the token service at {dead}" in controller.window.banner.message.text()


def test_quitting_clears_the_secret_clipboard(qtbot, tmp_path, controllers, session_store):
    config = parse_args(["--embedded"], settings=AppSettings(path=tmp_path / "settings.json"))
    controller = controllers(
        config, session_store=session_store, cache_dir=tmp_path / "cache", exit_after_first_paint=True
    )
    secret = new_secret(TokenKind.API)
    controller.secret_clipboard.copy(secret)
    assert QGuiApplication.clipboard().text() == secret
    controller.shutdown()
    assert QGuiApplication.clipboard().text() == ""


def test_qt_messages_are_logged_without_secrets(caplog):
    from PySide6.QtCore import qWarning

    secret = new_secret(TokenKind.API)
    caplog.set_level(logging.DEBUG, logger="desktop_app.qt")
    previous = install_qt_message_handler()
    try:
        qWarning(f"something odd near {secret}")
    finally:
        qInstallMessageHandler(previous)
    records = [r for r in caplog.records if r.name == "desktop_app.qt"]
    assert [r.levelno for r in records] == [logging.WARNING]
    assert "something odd near" in records[0].getMessage() and secret not in records[0].getMessage()


def test_log_filter_redacts_secret_shaped_words():
    secret = new_secret(TokenKind.API)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "got %s back", (secret,), None)
    assert RedactSecrets().filter(record)
    assert secret not in record.getMessage()


def test_log_filter_redacts_the_traceback_of_a_logged_exception():
    # log.warning(..., exc_info=True) and log.exception(...) format the exception's message into the line.
    secret = new_secret(TokenKind.API)
    try:
        raise ValueError(f"unexpected answer {{'secret': '{secret}'}}")
    except ValueError:
        record = logging.LogRecord("x", logging.WARNING, __file__, 1, "failed", (), sys.exc_info())
    record.stack_info = f"Stack (most recent call last):\n  near {secret}"
    assert RedactSecrets().filter(record)
    line = logging.Formatter("%(message)s").format(record)
    assert "unexpected answer" in line and "near" in line
    assert secret not in line


def test_exit_after_first_paint_with_a_large_cache(tmp_path):
    """The start-up benchmark's mode: exit 0 right after the table's first paint (offscreen)."""
    env = exit_after_first_paint_env(make_rows(5000))
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--embedded"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "first paint done" in result.stderr
    assert time.monotonic() - started < 30


def test_icon_and_desktop_entry_ship():
    assert app_module.resource_path("icons", "token-desk.svg") is not None
    assert app_module.resource_path("icons", "token-desk.png") is not None
    assert not app_module.app_icon().isNull()


def test_a_locked_keyring_is_marked_in_the_status_bar(qtbot, tmp_path, service, controllers, monkeypatch):
    from desktop_app.session.keyring_store import SessionStore
    from tests.session.keyrings import LockedKeyring

    service.store.ensure_tenant(TENANT)
    service.store.ensure_user(TENANT, "bob", Role.GLOBAL_ADMIN, password="correct horse battery")
    monkeypatch.setattr(
        SignInDialog,
        "ask",
        classmethod(
            lambda cls, parent, runner, url, tenant, username, sign_in, channel: sign_in(
                "bob", "correct horse battery"
            )
        ),
    )
    store = SessionStore(backend=LockedKeyring())
    assert store.warning is None  # a locked keyring only shows itself when it is used
    controller = controllers(
        remote_config(tmp_path, service, username="bob"), session_store=store, cache_dir=tmp_path / "cache"
    )
    label = controller.window.status.keyring_label
    with qtbot.waitSignal(controller.controller.synced, timeout=10000):
        controller.start()
    qtbot.waitUntil(lambda: label.isVisible())
    assert not store.persistent
    assert label.toolTip() == store.warning and "memory" in store.warning
    assert "not saved" in label.text()


def test_remote_sign_out_asks_to_sign_in_again(
    qtbot, tmp_path, service, controllers, session_store, monkeypatch
):
    # The sign-out deletes the keyring entry and the cache; the controller then asks for credentials
    # (the dialog, here answered by another user), and that user's own cache opens.
    service.store.ensure_tenant(TENANT)
    service.store.ensure_user(TENANT, "bob", Role.GLOBAL_ADMIN, password="correct horse battery")
    token = service.sign_in(TENANT, "alice", Role.GLOBAL_ADMIN)
    session_store.save(service.url, TENANT, "alice", token)
    asked = []

    def ask(cls, parent, runner, service_url, tenant, username, sign_in, error_channel):
        asked.append(username)
        return sign_in("bob", "correct horse battery")

    monkeypatch.setattr(SignInDialog, "ask", classmethod(ask))
    controller = controllers(
        remote_config(tmp_path, service), session_store=session_store, cache_dir=tmp_path / "cache"
    )
    session = controller.controller
    with qtbot.waitSignal(session.synced, timeout=10000):
        controller.start()
    alice_cache = Path(session.cache.path)
    assert session.session.username == "alice" and asked == []
    with qtbot.waitSignal(session.synced, timeout=10000):
        controller.window.sign_out_action.trigger()
    assert asked == ["alice"]
    assert not alice_cache.exists() and session_store.load(service.url, TENANT, "alice") is None
    assert session.session.username == "bob" and Path(session.cache.path) != alice_cache
    assert controller.window.status.user_label.text().startswith("User: bob")

"""Notices against the real service: a token reported as leaked, and one expiring within the lead
time, each show once in the one bar above the tables (a count, Show), not again at the next sync, and
not again after a restart (the last seen is kept per user and tenant in QSettings, never a secret)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QSettings

from desktop_app.core.roles import Privileges
from desktop_app.core.tokens import TokenKind, format_utc
from desktop_app.ui.notices import notice_text

from .test_hygiene_view import set_expiry
from .test_identify_dialog import clients, signed_in_window  # noqa: F401 - the fixture

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def sync(qtbot, window) -> None:
    feed = window.hygiene.notices
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.sync_now()
    qtbot.waitUntil(lambda: not feed._fetching, timeout=10000)


def test_a_notice_shows_once_and_not_again_after_a_restart(qtbot, service, make_window, clients):  # noqa: F811
    window, client = signed_in_window(qtbot, service, make_window, clients=clients)
    window.show()
    qtbot.waitExposed(window)
    bar = window.hygiene.notices.bar
    leaked = client.generate_token("nightly export", Privileges.READ)
    expiring = client.generate_token("almost over", Privileges.READ)
    set_expiry(service, expiring.token.id, service.clock() + timedelta(days=3))
    sync(qtbot, window)
    assert not bar.isVisible() or bar.count() == 1  # the expiring one may already show
    assert client.report_leaked([leaked.secret], "https://paste.example/abc") == (1, 0)
    sync(qtbot, window)
    qtbot.waitUntil(lambda: bar.count() == 2, timeout=10000)
    assert bar.isVisible()
    texts = [bar.list.item(i).text() for i in range(bar.count())]
    assert any("“nightly export”" in t and "https://paste.example/abc" in t for t in texts), texts
    assert any("“almost over” expires on" in t for t in texts), texts
    assert "2 notices" in bar.message.text()
    assert leaked.secret not in " ".join(texts)

    sync(qtbot, window)  # nothing new: the same two, not four
    assert bar.count() == 2
    bar.show_button.click()
    assert bar.list.isVisible()
    bar.list.itemActivated.emit(bar.list.item(texts.index(next(t for t in texts if "almost" in t))))
    assert window.section(TokenKind.API).selected_tokens().ids == [expiring.token.id]
    bar.dismiss_button.click()
    assert not bar.isVisible()
    sync(qtbot, window)
    assert not bar.isVisible() and bar.count() == 0

    # A restart: a new window for the same user and tenant shows neither again.
    settings = QSettings("token-desk", "desktop-app")
    stored = " ".join(str(settings.value(key)) for key in settings.allKeys())
    assert "tdk_" not in stored and leaked.secret not in stored
    again, _client = signed_in_window(qtbot, service, make_window, clients=clients)
    sync(qtbot, again)
    assert again.hygiene.notices.bar.count() == 0 and not again.hygiene.notices.bar.isVisible()

    # Something new still shows, once.
    other = client.generate_token("second leak", Privileges.READ)
    client.report_leaked([other.secret], None)
    sync(qtbot, again)
    qtbot.waitUntil(lambda: again.hygiene.notices.bar.count() == 1, timeout=10000)
    assert "“second leak”" in again.hygiene.notices.bar.list.item(0).text()


def test_an_announced_auto_revoke_says_when_in_local_time():
    at = datetime(2027, 1, 5, 9, 30, tzinfo=UTC)
    text = notice_text(
        {"kind": "inactive_soon", "token_name": "quiet", "token_id": "t1", "detail": format_utc(at)}
    )
    when = at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert text == f"“quiet” will be revoked automatically on {when} unless it is used before then."

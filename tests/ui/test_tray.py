"""The tray icon's menu and tooltip (offscreen: built and driven, though no tray shows it)."""

from __future__ import annotations

from desktop_app.ui.app_icon import app_icon
from desktop_app.ui.tray import ServiceTray


def test_offscreen_has_no_tray():
    # The app's fall-back path (closing the window quits) is what runs here.
    assert ServiceTray.available() is False


def test_menu_opens_toggles_start_at_login_and_quits(qtbot):
    tray = ServiceTray(app_icon(), "127.0.0.1:8765", start_at_login=False)
    assert tray.icon.toolTip() == "Token Desk — local tenant on 127.0.0.1:8765"
    assert [a.text() for a in tray.menu.actions() if not a.isSeparator()] == [
        "&Open Token Desk",
        "Start at &login",
        "&Quit (stops the local token service)",
    ]
    with qtbot.waitSignal(tray.open_requested, timeout=1000):
        tray.open_action.trigger()
    with qtbot.waitSignal(tray.start_at_login_toggled, timeout=1000) as toggled:
        tray.start_at_login_action.trigger()
    assert toggled.args == [True]
    with qtbot.waitSignal(tray.quit_requested, timeout=1000):
        tray.quit_action.trigger()
    tray.set_address("127.0.0.1:8799")
    assert tray.icon.toolTip().endswith("127.0.0.1:8799")

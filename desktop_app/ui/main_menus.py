"""The main window's menus and their actions: File, Tokens and Help, with their shortcuts and tips.

`build_menus(window)` fills the window's menu bar and returns the actions the window enables and
disables (and that tests and the workstation reach as `window.<name>_action`). The texts keep the
"MainWindow" translation context they had while this lived in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from . import window_rotate
from .core_text import core_label
from .translate import translate

if TYPE_CHECKING:
    from .main_window import MainWindow


@dataclass(frozen=True, slots=True)
class WindowActions:
    generate: QAction
    refresh: QAction
    sign_in: QAction
    sign_out: QAction
    quit: QAction
    find: QAction
    revoke: QAction
    revoke_deprovisioned: QAction
    about: QAction
    rotate: QAction
    end_grace: QAction


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(window: MainWindow) -> WindowActions:
    """The menu bar of `window`, its actions wired to the window's slots and signals."""
    generate = _action(
        window,
        translate("MainWindow", "&Generate token…"),
        lambda: window.open_generate_wizard(None),
        QKeySequence.StandardKey.New,
        translate("MainWindow", "Generate a token in the current section"),
    )
    refresh = _action(
        window,
        translate("MainWindow", "&Refresh"),
        window.sync_requested.emit,
        QKeySequence.StandardKey.Refresh,
        translate("MainWindow", "Sync with the token service now"),
    )
    refresh_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Refresh)
    if QKeySequence("F5") not in refresh_keys:
        refresh_keys.insert(0, QKeySequence("F5"))
    refresh.setShortcuts(refresh_keys)
    sign_out = _action(
        window,
        translate("MainWindow", "Sign &out"),
        window.sign_out,
        None,
        translate("MainWindow", "Sign out and forget the cached tokens"),
    )
    sign_in = _action(
        window,
        translate("MainWindow", "&Sign in…"),
        window.sign_in_requested.emit,
        None,
        translate("MainWindow", "Sign in again"),
    )
    quit_ = _action(window, translate("MainWindow", "&Quit"), window.close, QKeySequence.StandardKey.Quit)
    find = _action(
        window,
        translate("MainWindow", "&Find…"),
        lambda: window.current_section().focus_search(),
        QKeySequence.StandardKey.Find,
        translate("MainWindow", "Search the current section by name or owner"),
    )
    revoke = _action(
        window,
        translate("MainWindow", "&Revoke selected tokens…"),
        lambda: window.current_section().request_revoke(),
        QKeySequence.StandardKey.Delete,
        translate("MainWindow", "Revoke the selected tokens"),
    )
    # Shown in the menu; the key itself works in the table (each table's own action), so Delete
    # still edits text in the search box.
    revoke.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    revoke_deprovisioned = _action(
        window,
        translate("MainWindow", "Revoke tokens of &deprovisioned users…"),
        lambda: window.current_section().request_revoke_deprovisioned(),
    )
    about = _action(window, translate("MainWindow", "&About Token Desk"), window.show_about)
    rotate = _action(
        window,
        translate("MainWindow", "R&otate…"),
        lambda: window_rotate.rotate_selected(window),
        None,
        translate("MainWindow", "Give the selected token a new secret; the old one works for a grace period"),
    )
    end_grace = _action(
        window,
        translate("MainWindow", "&End grace now"),
        lambda: window_rotate.end_grace_selected(window),
        None,
        translate("MainWindow", "Stop the old secret of the selected token now"),
    )

    file_menu = window.menuBar().addMenu(translate("MainWindow", "&File"))
    file_menu.addAction(generate)
    file_menu.addAction(refresh)
    file_menu.addSeparator()
    file_menu.addAction(sign_in)
    file_menu.addAction(sign_out)
    file_menu.addSeparator()
    file_menu.addAction(quit_)
    tokens_menu = window.menuBar().addMenu(translate("MainWindow", "&Tokens"))
    tokens_menu.addAction(find)
    tokens_menu.addAction(revoke)
    tokens_menu.addAction(revoke_deprovisioned)
    tokens_menu.addAction(_policy_action(window))
    tokens_menu.addSeparator()
    tokens_menu.addAction(rotate)
    tokens_menu.addAction(end_grace)
    # A grace period ends as time passes, with no event: look again whenever the menu opens.
    tokens_menu.aboutToShow.connect(lambda: window_rotate.update_actions(window))
    tokens_menu.addSeparator()
    for number, kind in enumerate(window.sections, start=1):  # the sections in tab order
        show = _action(
            window,
            translate("MainWindow", "Show {section}").format(section=core_label(kind.label)),
            partial(window.show_section, kind),
            f"Alt+{number}",
        )
        tokens_menu.addAction(show)
    window.tokens_menu = tokens_menu  # more entries join it (window_hygiene.py)
    help_menu = window.menuBar().addMenu(translate("MainWindow", "&Help"))
    help_menu.addAction(about)
    return WindowActions(
        generate,
        refresh,
        sign_in,
        sign_out,
        quit_,
        find,
        revoke,
        revoke_deprovisioned,
        about,
        rotate,
        end_grace,
    )


def _policy_action(window: MainWindow) -> QAction:
    """Tokens → Tenant policy… (global admins edit, others read; policy_dialog.py)."""
    action = _action(window, translate("MainWindow", "Tenant &policy…"), window.open_policy_dialog)
    window.policy_action = action  # tests and the workstation reach it here
    return action


__all__ = ["WindowActions", "build_menus"]

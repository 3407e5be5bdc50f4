"""The main window against a real token service on 127.0.0.1 and a real cache in a temp folder."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop_app.cache.store import TokenCache
from desktop_app.client.api import TokenServiceClient
from desktop_app.core.roles import Privileges, Role
from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind, TokenStatus
from desktop_app.ui import revoke_dialog
from desktop_app.ui.columns import Column
from desktop_app.ui.revoke_list import RevokeList

from .conftest import TENANT, client_for, make_rows

# The offscreen platform says this whenever a top-level window is shown; it is not about our code.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def api_ids(window) -> list[str]:
    return window.section(TokenKind.API).chain.visible_ids()


def sync(qtbot, window):
    with qtbot.waitSignal(window.controller.synced, timeout=10000) as blocker:
        window.controller.sync_now()
    return blocker.args[0]


@pytest.fixture
def admin(service):
    client, session = client_for(service, "alice")
    yield client, session
    client.close()


def test_cached_table_paints_before_any_network_answer(qtbot, tmp_path, make_window):
    cache = TokenCache.open(tmp_path / "cache.sqlite3")
    cache.store_sync(
        make_rows(30), (), "cursor-1", __import__("datetime").datetime.now().astimezone(), replace=True
    )
    gate = threading.Event()
    calls = []

    def blocked_sync(client, cache, now):
        calls.append(now)
        assert gate.wait(10)
        raise AssertionError("not reached in this test")

    window = make_window(cache=cache, sync=blocked_sync)

    class Session:
        username, role, tenant, tenant_api_url = "alice", Role.GLOBAL_ADMIN, TENANT, "http://x/t/acme"

    window.controller.set_session(Session(), object())
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    assert calls, "the sync started"
    assert len(api_ids(window)) == 30  # painted from the cache while the sync is still waiting
    assert not window.section(TokenKind.API).view.isColumnHidden(Column.OWNER)
    with qtbot.waitSignal(window.controller.sync_failed, timeout=5000):
        gate.set()


def test_sync_fills_the_sections_and_status_bar(qtbot, service, admin, make_window):
    client, session = admin
    for name in ("nightly export", "grafana", "ci deploy"):
        client.generate_token(name, Privileges.READ)
    client.generate_token("forwarder", Privileges.READ, kind=TokenKind.SIEM_AGENT)
    window = make_window(service)
    window.show()
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    api = window.section(TokenKind.API)
    model = api.chain.view_model
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    names = {model.data(model.index(r, Column.NAME)) for r in range(3)}
    assert names == {"nightly export", "grafana", "ci deploy"}
    assert window.section(TokenKind.SIEM_AGENT).model.token_count() == 1
    assert window.section(TokenKind.LOG_COLLECTOR).model.token_count() == 0
    assert not api.view.isColumnHidden(Column.OWNER)  # a full admin sees owners
    assert service.url in window.status.service_label.text()
    assert TENANT in window.status.tenant_label.text()
    assert "alice (global admin)" in window.status.user_label.text()
    assert window.status.sync_label.text().startswith("Synced")
    assert api.status_boxes[TokenStatus.GENERATED].text() == "&Generated (3)"


def test_operator_sees_no_owner_column(qtbot, service, make_window):
    client, session = client_for(service, "olga", Role.SECURITY_OPERATOR)
    client.generate_token("mine", Privileges.READ)
    window = make_window(service, username="olga")
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    assert window.section(TokenKind.API).view.isColumnHidden(Column.OWNER)
    assert api_ids(window) and len(api_ids(window)) == 1
    assert window.section(TokenKind.API).count_label.text() == "1 token"
    client.close()


def test_incremental_sync_changes_rows_in_place(qtbot, service, admin, make_window):
    client, session = admin
    first = client.generate_token("first", Privileges.READ)
    window = make_window(service)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    model = window.section(TokenKind.API).model
    second = client.generate_token("second", Privileges.READ)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsInserted, timeout=10000):
        window.controller.sync_now()
    qtbot.waitUntil(lambda: not window.controller.syncing)
    assert set(api_ids(window)) == {first.token.id, second.token.id}
    client.revoke_token(first.token.id)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsRemoved, timeout=10000):
        window.controller.sync_now()
    assert api_ids(window) == [second.token.id]


def test_offline_banner_keeps_the_cached_table_and_retry_recovers(qtbot, service, admin, make_window):
    client, session = admin
    client.generate_token("kept", Privileges.READ)
    window = make_window(service)
    window.show()
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    dead = TokenServiceClient("http://127.0.0.1:9", TENANT, session_token="x", timeout=2)
    window.controller.client = dead
    with qtbot.waitSignal(window.controller.sync_failed, timeout=10000):
        qtbot.keyClick(window.section(TokenKind.API).view, Qt.Key.Key_F5)
    assert window.banner.isVisible()
    text = window.banner.message.text()
    assert f"Cannot reach the token service at {service.url}" in text
    assert "showing tokens cached at" in text
    assert len(api_ids(window)) == 1  # still readable
    window.controller.client = client
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.banner.retry_button.click()
    assert not window.banner.isVisible()
    dead.close()


def test_revoke_selected_rows_with_the_delete_key(qtbot, service, admin, make_window, monkeypatch):
    client, session = admin
    made = [client.generate_token(f"token {i}", Privileges.READ) for i in range(4)]
    window = make_window(service)
    window.show()
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    asked: list[list[str]] = []
    monkeypatch.setattr(
        revoke_dialog,
        "confirm_revoke",
        lambda parent, tokens: asked.append(list(zip(tokens.names, tokens.owners, strict=True))) or True,
    )
    section = window.section(TokenKind.API)
    section.chain.sort_by(Column.NAME)
    view, model = section.view, section.chain.view_model
    selection = view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.select(model.index(1, 0), flags)
    selection.select(model.index(2, 0), flags)
    assert section.revoke_button.isEnabled()
    view.setFocus()
    with qtbot.waitSignal(window.controller.revoked, timeout=10000) as revoked:
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert asked == [[("token 1", "alice"), ("token 2", "alice")]]
    assert sorted(revoked.args[0]) == sorted([made[1].token.id, made[2].token.id])
    assert sorted(model.data(model.index(r, 0)) for r in range(model.rowCount())) == ["token 0", "token 3"]
    assert {t.id for t in client.list_tokens().items} == {made[0].token.id, made[3].token.id}
    assert not section.revoke_button.isEnabled()  # the selected rows are gone


def test_cancelled_revoke_keeps_the_rows(qtbot, service, admin, make_window, monkeypatch):
    client, session = admin
    client.generate_token("keep me", Privileges.READ)
    window = make_window(service)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    monkeypatch.setattr(revoke_dialog, "confirm_revoke", lambda parent, tokens: False)
    section = window.section(TokenKind.API)
    section.view.selectRow(0)
    with qtbot.assertNotEmitted(window.controller.revoked):
        section.revoke_button.click()
    assert len(api_ids(window)) == 1


def test_revoke_tokens_of_deprovisioned_users_in_one_step(qtbot, service, admin, make_window, monkeypatch):
    client, session = admin
    mallory, _ = client_for(service, "mallory", Role.SECURITY_OPERATOR)
    gone = [mallory.generate_token(name, Privileges.READ).token.id for name in ("old a", "old b")]
    kept = client.generate_token("mine", Privileges.READ).token.id
    service.store.deprovision(TENANT, "mallory")
    window = make_window(service)
    window.show()
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    section = window.section(TokenKind.API)
    model = section.chain.view_model
    owners = {model.data(model.index(r, Column.OWNER)) for r in range(model.rowCount())}
    assert owners == {"alice", "mallory (deprovisioned)"}
    assert section.deprovisioned_button.isVisible()
    assert section.deprovisioned_button.text() == "Revoke 2 tokens of deprovisioned users…"
    listed: list = []

    def confirm(parent, here, everywhere, kind):
        listed.append((list(zip(here.names, here.owners, strict=True)), len(everywhere), kind))
        return revoke_dialog.Scope.SECTION

    monkeypatch.setattr(revoke_dialog, "confirm_revoke_deprovisioned", confirm)
    with qtbot.waitSignal(window.controller.revoked, timeout=10000):
        section.deprovisioned_button.click()
    assert listed == [([("old a", "mallory"), ("old b", "mallory")], 2, TokenKind.API)]
    assert api_ids(window) == [kept]
    assert not section.deprovisioned_button.isVisible()
    assert not ({t.id for t in client.list_tokens().items} & set(gone))
    mallory.close()


def test_search_and_status_filter_from_the_keyboard(qtbot, service, admin, make_window):
    client, session = admin
    for name in ("nightly export", "grafana", "ci deploy"):
        client.generate_token(name, Privileges.READ)
    window = make_window(service)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    section = window.section(TokenKind.API)
    window.activateWindow()
    section.view.setFocus()
    qtbot.keyClick(section.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is section.search_field
    qtbot.keyClicks(section.search_field, "GRAF")
    assert [section.chain.view_model.data(section.chain.view_model.index(0, 0))] == ["grafana"]
    assert section.count_label.text() == "1 of 3 tokens"
    qtbot.keyClick(section.search_field, Qt.Key.Key_Escape)
    assert section.chain.view_model.rowCount() == 3
    section.status_boxes[TokenStatus.GENERATED].click()
    assert section.chain.view_model.rowCount() == 0
    assert section.placeholder.isVisible()
    assert "No tokens match" in section.placeholder.text()
    qtbot.keyClick(section.view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.current_section().kind is TokenKind.SIEM_AGENT


def test_ctrl_n_opens_the_wizard_for_the_current_section(qtbot, service, admin, make_window):
    client, session = admin
    window = make_window(service)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    window.tabs.setCurrentWidget(window.section(TokenKind.LOG_COLLECTOR))
    window.activateWindow()
    qtbot.keyClick(window.current_section().view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = window._wizard
    assert wizard is not None and wizard.isVisible()
    assert wizard.flow.kind is TokenKind.LOG_COLLECTOR
    wizard.reject()
    qtbot.waitUntil(lambda: window._wizard is None)


def test_not_signed_in_the_table_is_read_only(qtbot, tmp_path, make_window):
    cache = TokenCache.open(tmp_path / "cache.sqlite3")
    cache.store_sync(make_rows(5), (), "c", __import__("datetime").datetime.now().astimezone(), replace=True)
    window = make_window(cache=cache)
    window.show()
    section = window.section(TokenKind.API)
    assert len(api_ids(window)) == 5
    assert not section.generate_button.isEnabled()
    assert not window.generate_action.isEnabled()
    section.view.selectRow(0)
    assert not section.revoke_button.isEnabled()
    assert window.open_generate_wizard() is None
    assert "not signed in" in window.status.user_label.text()


def test_sign_out_clears_clipboard_keyring_and_cache(qtbot, service, admin, make_window, session_store):
    client, session = admin
    client.generate_token("soon gone", Privileges.READ)
    window = make_window(service)
    window.show()
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    session_store.save(service.url, TENANT, "alice", client.session_token)
    cache_path = window.controller.cache.path
    secret = new_secret(TokenKind.API)
    window.secret_clipboard.copy(secret)
    assert QGuiApplication.clipboard().text() == secret
    with qtbot.waitSignal(window.controller.signed_out, timeout=10000):
        window.sign_out_action.trigger()
    assert QGuiApplication.clipboard().text() == ""
    assert session_store.load(service.url, TENANT, "alice") is None
    assert not cache_path.exists()
    assert window.section(TokenKind.API).model.token_count() == 0
    assert window.controller.session is None and window.sign_in_action.isEnabled()
    assert service.store.session_principal(session.session_token if session.session_token else "") is None


def test_expired_session_asks_to_sign_in_again(qtbot, service, admin, make_window):
    client, session = admin
    window = make_window(service)
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    client.sign_out()  # the session ends at the service
    client.session_token = "expired-session"
    with qtbot.waitSignal(window.controller.session_expired, timeout=10000):
        window.controller.sync_now()
    assert window.controller.session is None
    assert not window.generate_action.isEnabled()


def test_help_about(qtbot, service, admin, make_window):
    pytest.importorskip("desktop_app.ui.about")
    client, session = admin
    window = make_window(service)
    window.controller.set_session(session, client)
    window.about_action.trigger()
    about = window._about
    assert about is not None and about.isVisible()
    about.close()
    qtbot.waitUntil(lambda: window.controller.runner.busy is False, timeout=10000)


def test_a_revoked_token_leaves_the_cache_even_when_the_next_sync_fails(
    qtbot, service, admin, make_window, monkeypatch
):
    # Rule 7: a revoked token leaves the table at once. If the follow-up sync cannot reach the service,
    # the cache must not bring the revoked row back on the next (offline) start.
    from desktop_app.client.errors import ServiceUnreachable
    from desktop_app.sync import sync_tokens

    client, session = admin
    made = [client.generate_token(f"token {i}", Privileges.READ) for i in range(3)]
    calls = []

    def sync_then_fail(sync_client, cache, now):
        calls.append(now)
        if len(calls) > 1:
            raise ServiceUnreachable("http://127.0.0.1:9")
        return sync_tokens(sync_client, cache, now)

    window = make_window(service, sync=sync_then_fail)
    window.show()
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    cache = window.controller.cache
    assert {row[0] for row in cache.rows()} == {m.token.id for m in made}
    monkeypatch.setattr(revoke_dialog, "confirm_revoke", lambda parent, tokens: True)
    with qtbot.waitSignal(window.controller.sync_failed, timeout=10000):
        window.revoke_tokens(RevokeList([made[1].token.id], ["token 1"], ["alice"]))
    assert made[1].token.id not in api_ids(window)
    window.controller.runner.wait_for_done(10000)
    assert {row[0] for row in cache.rows()} == {made[0].token.id, made[2].token.id}
    assert made[1].token.id not in cache.columns("api").ids


def test_sign_out_waits_while_the_user_goes_back_to_copy_the_secret(
    qtbot, service, admin, make_window, monkeypatch
):
    # Like quitting: "Go back and copy" keeps the session; otherwise the secret could be copied after
    # the sign-out and stay on the clipboard although signing out clears it.
    from PySide6.QtWidgets import QWizard

    from desktop_app.ui.generate_wizard import GenerateWizard

    client, session = admin
    window = make_window(service)
    window.show()
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    answers = [False]
    monkeypatch.setattr(
        GenerateWizard,
        "confirm_close_without_copy",
        classmethod(lambda cls, p: answers.pop(0) if answers else True),
    )
    qtbot.waitUntil(lambda: window.controller.policy is not None)  # the wizard then offers a lifetime
    wizard = window.open_generate_wizard(TokenKind.API)
    qtbot.keyClicks(wizard.name_page.name_edit, "handed over")
    for _page in ("privileges", "lifetime", "review"):
        wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.review_page
    with qtbot.waitSignal(wizard.token_generated, timeout=10000):
        wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.secret_page)

    with qtbot.assertNotEmitted(window.controller.signed_out, wait=200):
        window.sign_out_action.trigger()
    assert answers == [] and wizard.isVisible()
    assert window.controller.session is not None and window.sign_out_action.isEnabled()

    wizard.secret_page.copy_button.click()
    assert window.secret_clipboard.holds_ours()
    with qtbot.waitSignal(window.controller.signed_out, timeout=10000):
        window.sign_out_action.trigger()
    assert window._wizard is None
    assert QGuiApplication.clipboard().text() == ""


def test_a_revoke_whose_answer_times_out_is_checked_by_a_sync(
    qtbot, service, admin, make_window, monkeypatch
):
    # The service may have revoked before the answer was lost: a sync shows what really happened,
    # instead of leaving a revoked row in the table until the next periodic sync.
    from desktop_app.client.errors import ServiceTimeout
    from desktop_app.ui.errors import ErrorChannel

    client, session = admin
    made = [client.generate_token(f"token {i}", Privileges.READ) for i in range(2)]
    window = make_window(service)
    window.show()
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.set_session(session, client)
    real_revoke = client.revoke_tokens

    def revoke_then_time_out(ids):
        real_revoke(ids)
        raise ServiceTimeout(service.url, 10)

    monkeypatch.setattr(client, "revoke_tokens", revoke_then_time_out)
    monkeypatch.setattr(revoke_dialog, "confirm_revoke", lambda parent, tokens: True)
    shown = []
    monkeypatch.setattr(ErrorChannel, "show_message", classmethod(lambda cls, *args: shown.append(args)))
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.revoke_tokens(RevokeList([made[0].token.id], ["token 0"], ["alice"]))
    assert api_ids(window) == [made[1].token.id]
    assert shown  # the timeout was still said


def test_status_bar_shows_names_as_typed_not_as_markup(qtbot):
    # A username or tenant is text: "<b>eve</b>" must not turn bold (or load an <img>).
    from PySide6.QtWidgets import QLabel

    from desktop_app.ui.status_bar import SessionStatusBar

    bar = SessionStatusBar()
    qtbot.addWidget(bar)
    bar.show_target("http://127.0.0.1:8765/<i>x</i>", "<b>acme</b>")
    bar.show_user("<img src='x.png'>eve", Role.SECURITY_READER)
    for label in bar.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.accessibleName()
    assert "<b>acme</b>" in bar.tenant_label.text()

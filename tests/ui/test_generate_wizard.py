"""The generate wizard: validation as typed, privileges per role, the call in the background, errors on the
page, the last page's copy and countdown, confirmation before losing the secret, and no secret left behind."""

from __future__ import annotations

import gc
import hashlib
import threading
import weakref
from datetime import UTC, datetime

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWizard

from desktop_app.client.api import TokenServiceClient
from desktop_app.client.errors import PermissionDenied, ValidationFailed
from desktop_app.core.roles import Privileges, Role
from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenInfo, TokenKind
from desktop_app.ui.background import BackgroundRunner
from desktop_app.ui.errors import ErrorChannel
from desktop_app.ui.generate_wizard import GenerateWizard
from desktop_app.ui.secret_clipboard import SecretClipboard, platform_hints

NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
TENANT_URL = "https://tokens.example/t/acme"
Next = QWizard.WizardButton.NextButton
Back = QWizard.WizardButton.BackButton
Commit = QWizard.WizardButton.CommitButton
Finish = QWizard.WizardButton.FinishButton
Cancel = QWizard.WizardButton.CancelButton

# The offscreen platform says this whenever a top-level window is shown; it is not about our code.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Generated:
    """Shaped like client.api.GeneratedToken; weakref-able so the test can see it go."""

    __slots__ = ("token", "secret", "tenant_api_url", "__weakref__")

    def __init__(self, token, secret, tenant_api_url):
        self.token, self.secret, self.tenant_api_url = token, secret, tenant_api_url


class FakeService:
    """A plain callable for `generate`: records calls, keeps only a digest of the secrets it made."""

    def __init__(self, fail_with: list[BaseException] | None = None, gate: threading.Event | None = None):
        self.calls: list[tuple[str, Privileges]] = []
        self.fail_with = list(fail_with or [])
        self.gate = gate
        self.digest: str | None = None
        self.length = 0
        self.results: list[weakref.ref] = []

    def __call__(self, name: str, privileges: Privileges) -> Generated:
        self.calls.append((name, privileges))
        if self.gate is not None:
            assert self.gate.wait(10)
        if self.fail_with:
            raise self.fail_with.pop(0)
        secret = new_secret(TokenKind.API)
        self.digest, self.length = hashlib.sha256(secret.encode()).hexdigest(), len(secret)
        token = TokenInfo("id-1", name, TokenKind.API, "alice", False, Privileges(privileges), NOW, None)
        result = Generated(token, secret, TENANT_URL)
        self.results.append(weakref.ref(result))
        return result

    def matches(self, text: str) -> bool:
        return len(text) == self.length and hashlib.sha256(text.encode()).hexdigest() == self.digest


@pytest.fixture
def confirmations(monkeypatch):
    """Answers for 'close without copying?'; records that it was asked."""
    asked: list[bool] = []
    answers: list[bool] = []

    def confirm(cls, parent):
        answer = answers.pop(0) if answers else False
        asked.append(answer)
        return answer

    monkeypatch.setattr(GenerateWizard, "confirm_close_without_copy", classmethod(confirm))
    return asked, answers


@pytest.fixture
def env(qtbot, shown):
    runner = BackgroundRunner()
    board = QGuiApplication.clipboard()
    board.clear()
    clipboard = SecretClipboard(board, clear_after_s=30)
    channel = ErrorChannel(None)
    yield runner, clipboard, channel
    runner.wait_for_done(5000)
    clipboard.clear_if_ours()
    board.clear()


def make_wizard(qtbot, env, service, role=Role.GLOBAL_ADMIN, names=("ci deploy",)):
    runner, clipboard, channel = env
    wizard = GenerateWizard(runner, service, role, lambda: list(names), TokenKind.API, clipboard, channel)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def go_to_review(qtbot, wizard, name="nightly export", privileges=None):
    wizard.name_page.name_edit.clear()
    qtbot.keyClicks(wizard.name_page.name_edit, name)
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.privileges_page
    if privileges is not None:
        wizard.privileges_page.buttons[privileges].click()
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.review_page


def generate(qtbot, wizard):
    with qtbot.waitSignal(wizard.token_generated, timeout=5000) as blocker:
        wizard.button(Commit).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.secret_page)
    return blocker.args[0]


# -- name page -------------------------------------------------------------------------------
def test_name_checked_as_typed(qtbot, env):
    wizard = make_wizard(qtbot, env, FakeService())
    page, edit = wizard.name_page, wizard.name_page.name_edit
    assert not wizard.button(Next).isEnabled()
    cases = [
        ("CI Deploy", "already have a live token"),
        ("x" * 65, "at most 64"),
        ("bad\tname", "control or invisible"),
        ("   ", "Give the token a name"),
    ]
    for text, fragment in cases:
        edit.setText(text)
        assert fragment in page.problem.text()
        assert not page.problem.isHidden()
        assert not wizard.button(Next).isEnabled()
        assert fragment in edit.accessibleDescription()
    edit.clear()
    qtbot.keyClicks(edit, "nightly export")
    assert page.problem.isHidden()
    assert wizard.button(Next).isEnabled()
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter = Next (default button)
    assert wizard.currentPage() is wizard.privileges_page
    assert wizard.flow.name == "nightly export"


def test_name_taken_meanwhile_is_caught_on_next(qtbot, env):
    names = ["ci deploy"]
    runner, clipboard, channel = env
    wizard = GenerateWizard(
        runner, FakeService(), Role.GLOBAL_ADMIN, lambda: list(names), TokenKind.API, clipboard, channel
    )
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.name_page.name_edit, "export")
    names.append("Export")  # generated from another window meanwhile
    wizard.button(Next).click()
    assert wizard.currentPage() is wizard.name_page
    assert "already have a live token" in wizard.name_page.problem.text()


# -- privileges page -------------------------------------------------------------------------
def test_admin_is_offered_read_and_read_write(qtbot, env):
    wizard = make_wizard(qtbot, env, FakeService())
    qtbot.keyClicks(wizard.name_page.name_edit, "x")
    wizard.button(Next).click()
    page = wizard.privileges_page
    assert set(page.buttons) == {Privileges.READ, Privileges.READ_WRITE}
    assert page.buttons[Privileges.READ].isChecked()  # narrowest by default
    assert page.buttons[Privileges.READ_WRITE].text() == "Read + &write"
    assert page.note.isHidden()


def test_reader_is_told_why_write_is_not_offered(qtbot, env):
    wizard = make_wizard(qtbot, env, FakeService(), role=Role.SECURITY_READER)
    qtbot.keyClicks(wizard.name_page.name_edit, "x")
    wizard.button(Next).click()
    page = wizard.privileges_page
    assert list(page.buttons) == [Privileges.READ]
    assert not page.note.isHidden()
    assert "can only issue tokens with read privileges" in page.note.text()


# -- the generate call -------------------------------------------------------------------------
def test_generate_runs_in_the_background_with_a_busy_indicator(qtbot, env, confirmations):
    gate = threading.Event()
    service = FakeService(gate=gate)
    wizard = make_wizard(qtbot, env, service)
    go_to_review(qtbot, wizard, privileges=Privileges.READ_WRITE)
    review = wizard.review_page
    assert wizard.button(Commit).text() == "&Generate"
    assert review.name_value.text() == "nightly export"
    assert review.privileges_value.text() == "Read + write"
    wizard.button(Commit).click()
    assert not review.progress.isHidden()
    assert not wizard.button(Commit).isEnabled()
    assert not wizard.button(Back).isEnabled()
    assert not wizard.button(Cancel).isEnabled()
    wizard.reject()  # Esc while the call is in flight does not close the wizard
    assert wizard.isVisible()
    with qtbot.waitSignal(wizard.token_generated, timeout=5000) as blocker:
        gate.set()
    token = blocker.args[0]
    assert isinstance(token, TokenInfo) and token.name == "nightly export"
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.secret_page)
    assert service.calls == [("nightly export", Privileges.READ_WRITE)]
    assert review.progress.isHidden()


def test_service_error_is_shown_on_the_page_and_can_be_fixed(qtbot, env, shown, confirmations):
    refusal = ValidationFailed("You already have a live token named “nightly export”; choose another name.")
    service = FakeService(fail_with=[refusal])
    wizard = make_wizard(qtbot, env, service)
    go_to_review(qtbot, wizard)
    wizard.button(Commit).click()
    qtbot.waitUntil(lambda: not wizard.review_page.problem.isHidden())
    assert "choose another name" in wizard.review_page.problem.text()
    assert wizard.currentPage() is wizard.review_page
    assert shown == []  # user-facing: on the page, no extra message box
    assert wizard.button(Back).isEnabled() and wizard.button(Commit).isEnabled()
    wizard.button(Back).click()
    wizard.button(Back).click()
    assert wizard.currentPage() is wizard.name_page
    go_to_review(qtbot, wizard, name="nightly export 2")
    token = generate(qtbot, wizard)
    assert token.name == "nightly export 2"
    assert [c[0] for c in service.calls] == ["nightly export", "nightly export 2"]
    confirmations[1].append(True)
    wizard.reject()


def test_permission_denied_is_shown_on_the_page(qtbot, env, shown):
    wizard = make_wizard(qtbot, env, FakeService(fail_with=[PermissionDenied()]))
    go_to_review(qtbot, wizard)
    wizard.button(Commit).click()
    qtbot.waitUntil(lambda: not wizard.review_page.problem.isHidden())
    assert "not allowed" in wizard.review_page.problem.text()
    assert shown == []


def test_unexpected_error_goes_to_the_error_channel(qtbot, env, shown):
    wizard = make_wizard(qtbot, env, FakeService(fail_with=[KeyError("tenant_api_url")]))
    go_to_review(qtbot, wizard)
    wizard.button(Commit).click()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "KeyError" in shown[0]
    assert "unexpected error" in wizard.review_page.problem.text()


# -- the last page ----------------------------------------------------------------------------
def test_last_page_shows_secret_and_url_and_copy_hands_it_over(qtbot, env, confirmations):
    service = FakeService()
    wizard = make_wizard(qtbot, env, service)
    go_to_review(qtbot, wizard)
    generate(qtbot, wizard)
    page = wizard.secret_page
    assert service.matches(page.secret_field.text())
    assert page.secret_field.isReadOnly()
    metrics = page.secret_field.fontMetrics()  # monospace: every character as wide as the next
    assert metrics.horizontalAdvance("il1|" * 8) == metrics.horizontalAdvance("MW0O" * 8)
    assert page.url_field.text() == TENANT_URL
    # the API base and a call scripts can copy, naming $TOKEN, never the secret itself
    assert page.api_example.base_field.text() == f"{TENANT_URL}/api/v1"
    assert (
        page.api_example.example_field.text()
        == f'curl -H "Authorization: Token $TOKEN" {TENANT_URL}/api/v1/alerts/'
    )
    assert not page.api_example.copy_buttons  # a copy there would replace the secret on the clipboard
    assert page.secret_field.text() not in page.api_example.example_field.text()
    assert wizard.button(Back).isHidden() or not wizard.button(Back).isEnabled()
    assert page.copy_button.hasFocus()  # Enter copies; it does not close the wizard
    clipboard = env[1]
    qtbot.keyClick(page.copy_button, Qt.Key.Key_Return)
    mime = QGuiApplication.clipboard().mimeData()
    assert service.matches(mime.text())
    for fmt, value in platform_hints().items():
        assert bytes(mime.data(fmt)) == value
    assert clipboard.active
    assert "cleared in 30 s" in page.countdown.text()
    wizard.button(Finish).click()
    assert confirmations[0] == []  # copied: no question
    assert not wizard.isVisible()
    assert QGuiApplication.clipboard().text() == ""  # closing clears it
    assert not clipboard.active


def test_ctrl_c_in_the_secret_field_goes_through_the_secret_clipboard(qtbot, env, confirmations):
    service = FakeService()
    wizard = make_wizard(qtbot, env, service)
    go_to_review(qtbot, wizard)
    generate(qtbot, wizard)
    field = wizard.secret_page.secret_field
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QGuiApplication.clipboard().mimeData()
    assert service.matches(mime.text())
    assert (
        "x-kde-passwordManagerHint" in mime.formats() or "x-kde-passwordManagerHint" not in platform_hints()
    )
    assert wizard.copied
    wizard.accept()


def test_clipboard_countdown_and_superseded_are_shown(qtbot, env, confirmations):
    wizard = make_wizard(qtbot, env, FakeService())
    go_to_review(qtbot, wizard)
    generate(qtbot, wizard)
    wizard.copy_secret()
    with qtbot.waitSignal(env[1].superseded):
        QGuiApplication.clipboard().setText("something the user copied")
    assert "something else" in wizard.secret_page.countdown.text()
    wizard.accept()
    assert QGuiApplication.clipboard().text() == "something the user copied"  # left alone


def test_closing_before_copying_asks_first(qtbot, env, confirmations):
    asked, answers = confirmations
    wizard = make_wizard(qtbot, env, FakeService())
    go_to_review(qtbot, wizard)
    generate(qtbot, wizard)
    answers.append(False)  # "Go back and copy"
    wizard.reject()
    assert asked == [False] and wizard.isVisible()
    wizard.button(Finish).click()  # Done without copying asks too
    assert asked == [False, False] and wizard.isVisible()
    answers.append(True)  # "Close anyway"
    wizard.close()
    assert asked == [False, False, True]
    assert not wizard.isVisible()
    assert wizard.secret_page.secret_field.text() == ""


def test_closing_before_generating_does_not_ask(qtbot, env, confirmations):
    wizard = make_wizard(qtbot, env, FakeService())
    go_to_review(qtbot, wizard)
    wizard.reject()
    assert confirmations[0] == []
    assert not wizard.isVisible()


def test_confirmation_dialog_defaults_to_going_back(qtbot, monkeypatch):
    seen = []

    def fake_exec(box):
        seen.append((box.text(), box.defaultButton().text(), box.escapeButton().text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert GenerateWizard.confirm_close_without_copy(None) is False
    assert "cannot be shown again" in seen[0][0]
    assert seen[0][1] == seen[0][2] == "&Go back and copy"


# -- no secret left behind --------------------------------------------------------------------
def _containers_holding(predicate) -> list[object]:
    """Every object whose direct referents include a str matching `predicate`.

    Walks the gc-tracked objects and, one step further, the untracked dicts/tuples they point to
    (CPython stops tracking containers of atoms, e.g. a dict of str, so gc.get_objects() misses them).
    """
    gc.collect()
    holders, seen = [], set()
    stack = gc.get_objects()
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        for ref in gc.get_referents(obj):
            if type(ref) is str:
                if predicate(ref):
                    holders.append(obj)
            elif isinstance(ref, (dict, tuple, list, set, frozenset)) and not gc.is_tracked(ref):
                stack.append(ref)
    return holders


def test_after_the_wizard_closes_no_object_holds_the_secret(qtbot, env):
    service = FakeService()  # keeps a digest of the secret, never the secret
    wizard = make_wizard(qtbot, env, service)
    go_to_review(qtbot, wizard)
    generate(qtbot, wizard)
    wizard.copy_secret()
    assert service.matches(QGuiApplication.clipboard().text())

    holder = weakref.ref(wizard.flow.handoff)
    # Positive control: while the last page is open the scan finds the holder, so it can see a secret.
    assert any(obj is holder() for obj in _containers_holding(service.matches))

    wizard.accept()
    gc.collect()
    assert holder() is None, gc.get_referrers(holder())
    assert all(ref() is None for ref in service.results), "the GeneratedToken is still referenced"
    assert wizard.flow.handoff is None
    assert wizard.secret_page.secret_field.text() == ""
    assert QGuiApplication.clipboard().text() == ""
    leftovers = _containers_holding(service.matches)
    assert leftovers == [], [type(o) for o in leftovers]


# -- against a real service ---------------------------------------------------------------------
def test_generate_against_a_live_service_and_use_the_secret(qtbot, env, tmp_path, confirmations):
    """Real uvicorn on 127.0.0.1: the wizard generates, the secret is taken from the clipboard and
    works for the tenant API (GET alerts/ → 200)."""
    from tests.live_server import live_server

    runner, clipboard, channel = env
    with live_server(f"sqlite:///{tmp_path / 'tokens.db'}") as srv:
        session = srv.sign_in("acme", "alice")
        with TokenServiceClient(srv.url, "acme", session_token=session) as client:
            generated: list[TokenInfo] = []
            wizard = GenerateWizard(
                runner, client.generate_token, Role.GLOBAL_ADMIN, list, TokenKind.API, clipboard, channel
            )
            qtbot.addWidget(wizard)
            wizard.token_generated.connect(generated.append)
            wizard.show()
            go_to_review(qtbot, wizard, name="live alerts reader")
            generate(qtbot, wizard)
            tenant_api_url = wizard.secret_page.url_field.text()
            assert tenant_api_url == f"{srv.url}/t/acme"
            wizard.secret_page.copy_button.click()
            headers = {"Authorization": f"Token {QGuiApplication.clipboard().text()}"}
            response = httpx.get(f"{tenant_api_url}/api/v1/alerts/", headers=headers, timeout=10)
            assert response.status_code == 200, response.text
            wizard.accept()
            assert QGuiApplication.clipboard().text() == ""
            assert [t.name for t in generated] == ["live alerts reader"]
            assert [t.name for t in client.list_tokens().items] == ["live alerts reader"]
            del headers


def test_live_service_refusal_is_shown_and_fixed_by_going_back(qtbot, env, tmp_path, confirmations):
    """The name was free in the (stale) table but the service knows it: its 422 sentence shows on the
    review page, Back leads to the name, and a new name goes through."""
    from tests.live_server import live_server

    runner, clipboard, channel = env
    with live_server(f"sqlite:///{tmp_path / 'tokens.db'}") as srv:
        session = srv.sign_in("acme", "alice")
        with TokenServiceClient(srv.url, "acme", session_token=session) as client:
            client.generate_token("taken elsewhere", Privileges.READ)
            wizard = GenerateWizard(
                runner, client.generate_token, Role.GLOBAL_ADMIN, list, TokenKind.API, clipboard, channel
            )
            qtbot.addWidget(wizard)
            wizard.show()
            go_to_review(qtbot, wizard, name="taken elsewhere")
            wizard.button(Commit).click()
            qtbot.waitUntil(lambda: not wizard.review_page.problem.isHidden(), timeout=10000)
            assert "taken elsewhere" in wizard.review_page.problem.text()
            wizard.back()
            wizard.back()
            go_to_review(qtbot, wizard, name="a fresh name")
            generate(qtbot, wizard)
            confirmations[1].append(True)
            wizard.reject()
            assert confirmations[0] == [True]


# -- keyboard and accessibility -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (TokenKind.API, "Generate an API token"),
        (TokenKind.SIEM_AGENT, "Generate a SIEM agent token"),
        (TokenKind.LOG_COLLECTOR, "Generate a log collector token"),
    ],
)
def test_title_names_the_kind(qtbot, env, kind, title):
    runner, clipboard, channel = env
    wizard = GenerateWizard(runner, FakeService(), Role.GLOBAL_ADMIN, list, kind, clipboard, channel)
    qtbot.addWidget(wizard)
    assert wizard.windowTitle() == title


def test_every_control_has_an_accessible_name_and_labels_have_mnemonics(qtbot, env, confirmations):
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QProgressBar

    wizard = make_wizard(qtbot, env, FakeService())
    go_to_review(qtbot, wizard)
    generate(qtbot, wizard)
    for page in (wizard.name_page, wizard.privileges_page, wizard.review_page, wizard.secret_page):
        for widget in page.findChildren(QLineEdit) + page.findChildren(QProgressBar):
            assert widget.accessibleName(), widget
        for button in page.findChildren(QAbstractButton):
            assert button.accessibleName() or button.text().replace("&", ""), button
            assert "&" in button.text(), f"no mnemonic on {button.text()!r}"
        for label in page.findChildren(QLabel):
            buddy = label.buddy()
            if buddy is not None and buddy.focusPolicy().value & Qt.FocusPolicy.TabFocus.value:
                assert "&" in label.text(), label.text()
    wizard.accept()

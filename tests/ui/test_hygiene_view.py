"""The hygiene bar against the real service: each section's five attention lists (counted and shown
locally over the table's columns) equal the service's `?attention=` lists; choosing one shows it in the
table; "Revoke all listed…" revokes that list in one chunked step."""

from __future__ import annotations

from datetime import timedelta

import httpx
import numpy as np
import pytest

from desktop_app.core.attention import Attention
from desktop_app.core.roles import Privileges
from desktop_app.core.tokens import TokenKind
from desktop_app.ui import revoke_dialog

from .conftest import TENANT
from .hygiene_client import hygiene_client_for
from .test_identify_dialog import clients, signed_in_window  # noqa: F401 - the fixture

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def use(service, secret: str) -> None:
    httpx.get(f"{service.tenant_url(TENANT)}/alerts/", headers={"Authorization": f"Token {secret}"})


def set_expiry(service, token_id: str, moment) -> None:
    token = service.store.models.Token
    token.update(expires_at=moment).where(token.id == token_id).execute()


def listed_ids(section) -> list[str]:
    return sorted(section.chain.visible_ids())


@pytest.fixture
def seeded(qtbot, service, make_window, clients):  # noqa: F811
    """91 days of a tenant's life, every list non-empty in one of the sections."""
    window, client = signed_in_window(qtbot, service, make_window, clients=clients)
    bob_client, _ = hygiene_client_for(service, "bob")
    clients.append(bob_client)
    t0 = service.clock()
    made = {
        "never": client.generate_token("never used", Privileges.READ),
        "old": client.generate_token("used long ago", Privileges.READ),
        "bob": bob_client.generate_token("bob's", Privileges.READ),
        "agent_old": client.generate_token("agent long ago", Privileges.READ, TokenKind.SIEM_AGENT),
        "agent_never": client.generate_token("agent never", Privileges.READ, TokenKind.SIEM_AGENT),
    }
    use(service, made["old"].secret)
    use(service, made["agent_old"].secret)
    service.clock.advance(days=5)
    client.session_token = service.sign_in(TENANT, "alice")  # sessions end sooner than that
    made["soon"] = client.generate_token("expiring soon", Privileges.READ)
    made["fresh"] = client.generate_token("fresh", Privileges.READ)
    service.clock.advance(days=86)
    client.session_token = service.sign_in(TENANT, "alice")
    use(service, made["fresh"].secret)
    # Expiry as the tenant policy would set it (the fields exist; the policy is another part's work).
    for key in ("never", "old", "bob", "fresh"):
        set_expiry(service, made[key].token.id, t0 + timedelta(days=200))
    set_expiry(service, made["soon"].token.id, service.clock() + timedelta(days=3))
    service.store.deprovision(TENANT, "bob")
    with qtbot.waitSignal(window.controller.synced, timeout=10000):
        window.controller.sync_now()
    for section in window.sections.values():
        section.model.refresh_status()  # the app's timer does this; the clock here jumped 91 days
    return window, client, made


def test_each_list_and_count_equals_the_services(qtbot, seeded):
    window, client, made = seeded
    expected_api = {
        Attention.NEVER_USED: {"never", "bob", "soon"},
        Attention.INACTIVE: {"old"},
        Attention.EXPIRING: {"soon"},
        Attention.NO_EXPIRY: set(),
        Attention.DEPROVISIONED: {"bob"},
    }
    for kind in (TokenKind.API, TokenKind.SIEM_AGENT):
        section = window.section(kind)
        counts = section.chain.attention.counts()
        for attention in Attention:
            service_ids = sorted(row[0] for row in client.list_attention(kind, attention.value))
            assert counts[attention] == len(service_ids), (kind, attention)
            section.hygiene.buttons[attention].click()
            assert section.hygiene.chosen() is attention
            assert listed_ids(section) == service_ids, (kind, attention)
            assert section.hygiene.buttons[attention].text().endswith(f"({len(service_ids)})")
            if kind is TokenKind.API:
                assert service_ids == sorted(made[key].token.id for key in expected_api[attention])
            section.hygiene.buttons[attention].click()  # again: every token
            assert section.hygiene.chosen() is None
    agents = window.section(TokenKind.SIEM_AGENT).chain.attention.counts()
    assert agents[Attention.INACTIVE] + agents[Attention.NEVER_USED] == 2  # as the agents' API records use
    assert agents[Attention.NO_EXPIRY] == 2


def test_counts_follow_the_clock(qtbot, seeded, service):
    window, _client, _made = seeded
    section = window.section(TokenKind.API)
    assert section.chain.attention.counts()[Attention.INACTIVE] == 1
    service.clock.advance(days=10)  # "fresh" was used 10 days ago... and 90 days pass for nobody else
    service.clock.advance(days=80)
    section.model.refresh_status()  # the app's timer does this
    assert section.chain.attention.counts()[Attention.INACTIVE] == 2


def test_revoke_all_listed_revokes_the_list_in_one_step(qtbot, seeded, monkeypatch, service):
    window, client, made = seeded
    section = window.section(TokenKind.API)
    section.hygiene.buttons[Attention.NEVER_USED].click()
    assert section.hygiene.revoke_all_button.isEnabled()
    listed = listed_ids(section)
    assert len(listed) == 3
    asked = []
    monkeypatch.setattr(revoke_dialog, "confirm_revoke", lambda parent, tokens: asked.append(tokens) or True)
    started = []
    window.controller.revoke_started.connect(started.append)
    with qtbot.waitSignal(window.controller.revoked, timeout=10000) as revoked:
        section.hygiene.revoke_all_button.click()
    assert sorted(asked[0].ids) == listed and len(started) == 1  # one confirmation, one chunked job
    assert sorted(revoked.args[0]) == listed
    assert client.list_attention(TokenKind.API, "never_used") == []
    assert section.chain.attention.counts()[Attention.NEVER_USED] == 0
    assert listed_ids(section) == []
    assert not section.hygiene.revoke_all_button.isEnabled()
    still = {row[0] for row in client.list_attention(TokenKind.API, "inactive")}
    assert still == {made["old"].token.id}


def test_the_lists_cost_milliseconds_at_100000_rows(qtbot):
    """Counting the five lists over 100,000 rows is a handful of column operations."""
    import time

    from desktop_app.core.token_fields import TOKEN_FIELDS
    from desktop_app.ui.token_model import TokenTableModel
    from desktop_app.ui.token_proxies import TokenProxyChain

    from .conftest import FakeClock, make_rows

    clock = FakeClock()
    rows = make_rows(100_000)
    model = TokenTableModel(rows, clock=clock)
    chain = TokenProxyChain(model)
    started = time.perf_counter()
    chain.set_attention(Attention.NEVER_USED)
    elapsed = time.perf_counter() - started
    never = [r for r in rows if r[7] is None and r[6] <= clock().timestamp() - 30 * 86400]
    assert chain.view_model.rowCount() == len(never)
    assert len(TOKEN_FIELDS) == len(rows[0])
    assert elapsed < 2.0, elapsed  # generous on a shared machine: typically tens of ms
    assert np.array_equal(np.sort(chain.attention.base_rows()), np.sort([model.row_of(r[0]) for r in never]))

"""The tenant policy document and the expiry it gives a new token (SPEC rules 11 and 15)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.core.policy import DEFAULT_POLICY, PolicyError, choose_expiry, merge_policy, policy_json
from desktop_app.core.tokens import TokenKind

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_a_new_tenant_gives_api_tokens_90_of_at_most_365_days_and_machines_no_maximum():
    doc = policy_json(DEFAULT_POLICY)
    assert doc["kinds"]["api"] == {"default_lifetime_days": 90, "max_lifetime_days": 365}
    assert doc["kinds"]["siem_agent"]["max_lifetime_days"] is None
    assert doc["kinds"]["log_collector"]["max_lifetime_days"] is None
    assert doc["warn_days"] == 7 and doc["inactive_revoke_days"] is None


def test_fields_left_out_of_a_change_keep_their_value():
    changed = merge_policy(DEFAULT_POLICY, {"kinds": {"api": {"default_lifetime_days": 30}}})
    assert changed.for_kind("api").default_lifetime_days == 30
    assert changed.for_kind("api").max_lifetime_days == 365
    assert changed.warn_days == 7 and changed.for_kind("siem_agent") == DEFAULT_POLICY.for_kind("siem_agent")


@pytest.mark.parametrize(
    "body",
    [
        {"kinds": {"api": {"default_lifetime_days": 400}}},  # longer than the maximum
        {"kinds": {"api": {"default_lifetime_days": None}}},  # no default while a maximum exists
        {"kinds": {"api": {"max_lifetime_days": 0}}},
        {"kinds": {"bogus": {}}},
        {"warn_days": -1},
        {"warn_days": True},
        {"inactive_revoke_days": "60"},
        {"colour": "blue"},
        [],
    ],
)
def test_a_policy_that_breaks_the_rules_is_refused_with_a_sentence(body):
    with pytest.raises(PolicyError) as raised:
        merge_policy(DEFAULT_POLICY, body)
    assert str(raised.value).endswith(".")


def test_without_a_choice_the_kinds_default_applies():
    assert choose_expiry(DEFAULT_POLICY, TokenKind.API, NOW) == NOW + timedelta(days=90)
    assert choose_expiry(DEFAULT_POLICY, TokenKind.SIEM_AGENT, NOW) is None


def test_an_expiry_up_to_the_maximum_is_taken_to_the_minute():
    at = NOW + timedelta(days=365)
    assert choose_expiry(DEFAULT_POLICY, "api", NOW, expires_at=at) == at
    assert choose_expiry(DEFAULT_POLICY, "api", NOW, expires_in_days=30) == NOW + timedelta(days=30)
    soon = NOW + timedelta(minutes=5)
    assert choose_expiry(DEFAULT_POLICY, "api", NOW, expires_at=soon) == soon


def test_beyond_the_maximum_is_refused_naming_it():
    with pytest.raises(PolicyError, match="365 days"):
        choose_expiry(DEFAULT_POLICY, "api", NOW, expires_at=NOW + timedelta(days=365, seconds=1))
    with pytest.raises(PolicyError, match="365 days"):
        choose_expiry(DEFAULT_POLICY, "api", NOW, expires_at=None)


def test_never_is_allowed_only_without_a_maximum():
    assert choose_expiry(DEFAULT_POLICY, "log_collector", NOW, expires_at=None) is None


@pytest.mark.parametrize("kwargs", [{"expires_at": NOW}, {"expires_in_days": 0}, {"expires_in_days": 2.5}])
def test_past_or_malformed_expiry_is_refused(kwargs):
    with pytest.raises(PolicyError):
        choose_expiry(DEFAULT_POLICY, "api", NOW, **kwargs)


def test_naive_time_and_both_forms_at_once_are_refused():
    with pytest.raises(PolicyError, match="offset"):
        choose_expiry(DEFAULT_POLICY, "api", NOW, expires_at=datetime(2027, 1, 1))
    with pytest.raises(PolicyError, match="not both"):
        choose_expiry(DEFAULT_POLICY, "api", NOW, expires_at=NOW + timedelta(days=1), expires_in_days=1)

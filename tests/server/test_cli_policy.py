"""`desktop-app-server tenant policy`: print and set a tenant's token policy from the command line."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.policy import DEFAULT_POLICY, policy_json

from .helpers import bearer
from .test_cli import db_file, run  # noqa: F401 (fixture)


def _policy(text: str) -> dict:
    return json.loads(text)


def test_prints_the_defaults_of_a_new_tenant(db_file):  # noqa: F811
    run("tenant", "add", "acme")
    code, out = run("tenant", "policy", "acme")
    assert code == 0 and _policy(out) == policy_json(DEFAULT_POLICY)


def test_sets_what_the_flags_say_and_keeps_the_rest(db_file):  # noqa: F811
    run("tenant", "add", "acme")
    lifetimes = ["--kind", "api", "--default-lifetime-days", "30", "--max-lifetime-days", "90"]
    code, out = run("tenant", "policy", "acme", *lifetimes)
    assert code == 0
    doc = _policy(out)
    assert doc["kinds"]["api"] == {"default_lifetime_days": 30, "max_lifetime_days": 90}
    assert doc["warn_days"] == 7 and doc["inactive_revoke_days"] is None
    code, out = run("tenant", "policy", "acme", "--warn-days", "3", "--inactive-revoke-days", "60")
    doc = _policy(out)
    assert doc["kinds"]["api"]["max_lifetime_days"] == 90 and doc["warn_days"] == 3
    assert doc["inactive_revoke_days"] == 60
    code, out = run("tenant", "policy", "acme", "--inactive-revoke-days", "off")
    assert _policy(out)["inactive_revoke_days"] is None and _policy(out)["warn_days"] == 3
    code, out = run("tenant", "policy", "acme", "--kind", "api", "--max-lifetime-days", "none")
    assert _policy(out)["kinds"]["api"] == {"default_lifetime_days": 30, "max_lifetime_days": None}
    assert _policy(run("tenant", "policy", "acme")[1]) == _policy(out)


def test_a_change_is_audited_as_the_operator(db_file):  # noqa: F811
    run("tenant", "add", "acme")
    run("tenant", "policy", "acme", "--warn-days", "5")
    code, out = run("audit", "acme")
    assert "tenant.policy" in out and "cli" in out


@pytest.mark.parametrize(
    ("argv", "phrase"),
    [
        (["--default-lifetime-days", "30"], "--kind"),
        (["--kind", "api"], "--kind"),
        (["--kind", "api", "--default-lifetime-days", "400"], "longer than the maximum"),
        (["--kind", "api", "--max-lifetime-days", "soon"], "whole number of days"),
        (["--inactive-revoke-days", "never"], "whole number of days"),
    ],
)
def test_bad_flags_give_one_line_exit_2_and_change_nothing(db_file, capsys, argv, phrase):  # noqa: F811
    run("tenant", "add", "acme")
    capsys.readouterr()
    code, _ = run("tenant", "policy", "acme", *argv)
    err = capsys.readouterr().err
    assert code == 2 and phrase in err and len(err.strip().splitlines()) == 1
    assert _policy(run("tenant", "policy", "acme")[1]) == policy_json(DEFAULT_POLICY)


def test_an_unknown_tenant_is_a_one_line_error(db_file, capsys):  # noqa: F811
    run("tenant", "add", "acme")
    code, _ = run("tenant", "policy", "nosuch")
    assert code == 2 and "nosuch" in capsys.readouterr().err


def test_a_running_service_applies_the_change_within_its_refresh_time(server, http):
    session = server.sign_in("acme", "alice")
    assert http.get("/t/acme/api/v1/policy", headers=bearer(session)).json()["warn_days"] == 7
    lifetimes = ["--kind", "api", "--default-lifetime-days", "5", "--max-lifetime-days", "10"]
    code, _ = run("--db", server.db_url, "tenant", "policy", "acme", *lifetimes)
    assert code == 0
    ticks = server.store.policies.ticker() + 30.0
    server.store.policies.ticker = lambda: ticks
    create = {"name": "x", "privileges": "read", "expires_in_days": 11}
    response = http.post("/t/acme/api/v1/tokens", headers=bearer(session), json=create)
    assert response.status_code == 422 and "at most 10 days" in response.json()["detail"]

"""Schema-driven fuzzing: requests generated from /openapi.json against the real app, with a valid
session and token (so handlers run past authentication); schemathesis's checks (all but two, see
below), no server error. Derandomized: the same requests every run, so CI does not flake.

Bounded (examples per operation) so the whole run stays around a minute on a small machine.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from desktop_app.core.roles import Privileges
from desktop_app.server.app import create_app
from tests.live_server import TEST_PASSWORD_HASHER

EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    app = create_app(
        f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'tokens.db'}",
        password_hasher=TEST_PASSWORD_HASHER,
        token_failures=10**9,
        sign_in_failures=10**9,
    )
    store = app.state.store
    store.ensure_tenant("acme")
    store.ensure_user("acme", "alice", "global_admin", password="correct horse battery")
    session = store.create_session("acme", "alice")[0]
    secret = store.tokens.generate(store.session_principal(session), "fuzz", Privileges.READ_WRITE)[1]
    yield app, session, secret
    store.close()


@pytest.fixture(scope="module")
def api_schema(fuzzed):
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed[0])


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_a_server_error_or_breaks_its_description(case, fuzzed):
    _app, session, secret = fuzzed
    if "tenant" in (case.path_parameters or {}):
        case.path_parameters["tenant"] = "acme"
    credential = f"Token {secret}" if "/alerts/" in case.operation.path else f"Bearer {session}"
    if case.operation.path.endswith("/session") and case.method == "DELETE":
        credential = "Bearer tds_" + "x" * 43  # keep the fuzzing session alive
    # Every check but two. positive_data_acceptance expects any schema-valid request to pass, and
    # this API refuses some by its rules (a stale sync cursor, a name already in use: 422).
    # negative_data_rejection counts a request with an unknown query parameter (ignored, as HTTP
    # APIs do) or without the Authorization header (which this test always sends) as invalid.
    case.call_and_validate(
        headers={"Authorization": credential},
        excluded_checks=[
            schemathesis.checks.positive_data_acceptance,
            schemathesis.checks.negative_data_rejection,
        ],
    )

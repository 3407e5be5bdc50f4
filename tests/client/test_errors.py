"""Every typed error provoked for real against a live service (or a real socket), with a usable message."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta

import pytest

from desktop_app.client.api import TokenServiceClient
from desktop_app.client.errors import (
    CursorRejected,
    InsecureConnectionRefused,
    InvalidCredentials,
    InvalidServiceUrl,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServiceTimeout,
    ServiceUnreachable,
    SessionExpired,
    UnexpectedResponse,
    ValidationFailed,
)
from desktop_app.core.errors import UserFacingError
from desktop_app.core.roles import Privileges
from tests.live_server import LiveServer, MovableClock, serve_app

from .service import (
    ADMIN,
    PASSWORD,
    READER,
    SESSION_TTL_SECONDS,
    SIGN_IN_FAILURES,
    TENANT,
    acme_service,
    client_for,
)


def test_stopped_server_is_unreachable_and_the_message_names_it(sqlite_url: str, clock: MovableClock) -> None:
    with acme_service(sqlite_url, clock) as srv:
        url = srv.url
        token = srv.store.create_session(TENANT, ADMIN)[0]
    with TokenServiceClient(url, TENANT, session_token=token) as client:
        with pytest.raises(ServiceUnreachable) as caught:
            client.list_tokens()
    assert url in str(caught.value) and "running" in str(caught.value)
    assert token not in str(caught.value)
    assert isinstance(caught.value, UserFacingError)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (kernel backlog) but never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


def test_a_service_that_does_not_answer_times_out(silent_port: int) -> None:
    url = f"http://127.0.0.1:{silent_port}"
    with TokenServiceClient(url, TENANT, session_token="tds_x", timeout=0.3) as client:
        with pytest.raises(ServiceTimeout) as caught:
            client.whoami()
    assert url in str(caught.value) and "0.3 seconds" in str(caught.value)


def test_wrong_password_is_invalid_credentials(service: LiveServer) -> None:
    with TokenServiceClient(service.url, TENANT) as client:
        with pytest.raises(InvalidCredentials) as caught:
            client.sign_in(ADMIN, "wrong password")
        assert client.session_token is None
    message = str(caught.value)
    assert TENANT in message and service.url in message and "wrong password" not in message


def test_repeated_wrong_passwords_are_rate_limited_with_the_wait(service: LiveServer) -> None:
    with TokenServiceClient(service.url, TENANT) as client:
        for _ in range(SIGN_IN_FAILURES):
            with pytest.raises(InvalidCredentials):
                client.sign_in(ADMIN, "wrong password")
        with pytest.raises(RateLimited) as caught:
            client.sign_in(ADMIN, PASSWORD)  # even the right password waits now
    assert caught.value.retry_after is not None and 0 < caught.value.retry_after <= 60
    assert f"{caught.value.retry_after:g} seconds" in str(caught.value)


def test_expired_session(service: LiveServer, clock: MovableClock) -> None:
    with TokenServiceClient(service.url, TENANT) as client:
        client.sign_in(ADMIN, PASSWORD)
        clock.advance(timedelta(seconds=SESSION_TTL_SECONDS + 1))
        with pytest.raises(SessionExpired) as caught:
            client.list_tokens()
    assert "Sign in again" in str(caught.value) and service.url in str(caught.value)


def test_session_signed_out_elsewhere_is_expired(service: LiveServer) -> None:
    with client_for(service) as client, client_for(service) as other:
        other.session_token = client.session_token
        other.sign_out()
        with pytest.raises(SessionExpired):
            client.whoami()


def test_no_session_at_all_is_expired_without_a_request(service: LiveServer) -> None:
    with TokenServiceClient(service.url, TENANT) as client:
        with pytest.raises(SessionExpired):
            client.list_tokens()


def test_reader_asking_for_write_is_permission_denied_with_the_reason(service: LiveServer) -> None:
    with client_for(service, READER) as reader:
        with pytest.raises(PermissionDenied) as caught:
            reader.generate_token("wants write", Privileges.READ_WRITE)
        assert "read" in str(caught.value).lower()
        assert reader.generate_token("read only", Privileges.READ).token.privileges is Privileges.READ


def test_unknown_token_and_unknown_tenant_are_not_found(
    service: LiveServer, admin: TokenServiceClient
) -> None:
    with pytest.raises(NotFound):
        admin.get_token("0123456789abcdef0123")
    with TokenServiceClient(service.url, "nosuchtenant", session_token=admin.session_token) as other:
        with pytest.raises(NotFound) as caught:
            other.whoami()
    assert "nosuchtenant" in str(caught.value)
    with TokenServiceClient(service.url, "nosuchtenant") as other:
        with pytest.raises(InvalidCredentials):  # sign-in does not tell which tenants exist
            other.sign_in(ADMIN, PASSWORD)


def test_invalid_names_fail_validation_with_the_services_message(admin: TokenServiceClient) -> None:
    with pytest.raises(ValidationFailed) as caught:
        admin.generate_token("   ", Privileges.READ)
    assert "name" in str(caught.value)
    admin.generate_token("twice", Privileges.READ)
    with pytest.raises(ValidationFailed) as caught:
        admin.generate_token("TWICE", Privileges.READ)
    assert "already" in str(caught.value)


def test_a_bad_cursor_is_rejected_as_such(admin: TokenServiceClient) -> None:
    with pytest.raises(CursorRejected) as caught:
        admin.list_tokens(changed_since="not-a-cursor")
    assert isinstance(caught.value, ValidationFailed) and "cursor" in str(caught.value)


async def _not_a_token_service(scope, receive, send) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    status = 500 if scope["path"].endswith("/session") and scope["method"] == "GET" else 404
    await send(
        {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/html")]}
    )
    await send({"type": "http.response.body", "body": b"<html>nope</html>"})


def test_something_else_at_the_address_is_an_unexpected_response() -> None:
    with serve_app(_not_a_token_service, access_log=False) as url:
        with TokenServiceClient(url, TENANT, session_token="tds_x") as client:
            with pytest.raises(UnexpectedResponse) as not_ours:
                client.list_tokens()
            with pytest.raises(UnexpectedResponse) as failing:
                client.whoami()
    assert "did not answer like a token service" in str(not_ours.value) and url in str(not_ours.value)
    assert "HTTP 500" in str(failing.value)


@pytest.mark.parametrize(
    "url", ["http://tokens.example.com", "http://10.0.0.5:8765", "http://[2001:db8::1]/"]
)
def test_plain_http_to_another_host_is_refused(url: str) -> None:
    with pytest.raises(InsecureConnectionRefused) as caught:
        TokenServiceClient(url, TENANT)
    assert "--allow-insecure-http" in str(caught.value)
    TokenServiceClient(url, TENANT, allow_insecure_http=True).close()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://127.8.9.10", "http://[::1]:8765", "http://localhost:1"]
)
def test_plain_http_to_this_machine_is_allowed(url: str) -> None:
    TokenServiceClient(url, TENANT).close()


@pytest.mark.parametrize(
    "url", ["tokens.example.com", "ftp://tokens.example.com", "https://", "https://u:p@h.example"]
)
def test_nonsense_addresses_are_refused(url: str) -> None:
    with pytest.raises(InvalidServiceUrl):
        TokenServiceClient(url, TENANT)


def test_service_details_are_scrubbed_of_session_tokens_too():
    from desktop_app.client.errors import NotFound, PermissionDenied, ValidationFailed

    session_token = "tds_" + "Ab3-_x" * 7
    secret = "tdk_api_" + "A1b2C3d4" * 4 + "ZZZZZZ"
    for error_type in (PermissionDenied, NotFound, ValidationFailed):
        message = str(error_type(f"Rejected {session_token} and {secret}."))
        assert session_token not in message and "tds_Ab3" not in message
        assert secret not in message and "tdk_api_A1b2" not in message

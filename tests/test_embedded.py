"""The embedded local tenant: a real uvicorn on 127.0.0.1 serving tenant "local" from a temp data dir."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from desktop_app.client.api import TokenServiceClient
from desktop_app.client.errors import ServiceUnreachable
from desktop_app.core.roles import Privileges, Role
from desktop_app.embedded import EmbeddedTenant, EmbeddedTenantFailed, bind_first_free_port
from desktop_app.settings import AppSettings


@pytest.fixture
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def tenant(tmp_path: Path, free_port: int) -> Iterator[EmbeddedTenant]:
    embedded = EmbeddedTenant(tmp_path / "data", port=free_port)
    embedded.start()
    yield embedded
    embedded.stop()


def test_a_token_generated_through_the_client_reaches_alerts(tenant: EmbeddedTenant, free_port: int) -> None:
    assert tenant.url == f"http://127.0.0.1:{free_port}"
    session = tenant.sign_in_os_user()
    assert (session.username, session.role, session.tenant) == (getpass.getuser(), Role.GLOBAL_ADMIN, "local")
    assert session.tenant_api_url == f"{tenant.url}/t/local"
    with TokenServiceClient(tenant.url, "local", session_token=session.session_token) as client:
        generated = client.generate_token("local script", Privileges.READ)
    response = httpx.get(
        f"{generated.tenant_api_url}/api/v1/alerts/", headers={"Authorization": f"Token {generated.secret}"}
    )
    assert response.status_code == 200 and response.json()["items"]
    assert tenant.database_path.is_file()


def test_a_taken_port_moves_the_second_one_to_the_next_free_port(
    tenant: EmbeddedTenant, tmp_path: Path
) -> None:
    tenant.wait_ready()
    second = EmbeddedTenant(tmp_path / "other", port=tenant.port)
    second.start()
    try:
        assert second.port is not None and second.port > tenant.port
        assert second.port_moved == (tenant.url, second.url)
        second.wait_ready()
        assert httpx.get(f"{second.url}/healthz").json() == {"status": "ok", "database": "ok"}
        assert httpx.get(f"{tenant.url}/healthz").json() == {"status": "ok", "database": "ok"}
    finally:
        second.stop()


def test_a_taken_remembered_port_is_not_replaced_and_the_move_is_told(tmp_path: Path, free_port: int) -> None:
    settings = AppSettings.load(tmp_path / "settings.json")
    settings.embedded_url = f"http://127.0.0.1:{free_port}"
    settings.save()
    started: list[EmbeddedTenant] = []
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", free_port))
        other_program.listen(1)
        embedded = EmbeddedTenant(tmp_path / "data", settings=settings)
        embedded.on_started = started.append
        with embedded:
            assert embedded.port != free_port
            assert embedded.port_moved == (f"http://127.0.0.1:{free_port}", embedded.url)
            assert started == [embedded]
    # The next start tries the address scripts know again.
    assert AppSettings.load(tmp_path / "settings.json").embedded_url == f"http://127.0.0.1:{free_port}"
    with EmbeddedTenant(tmp_path / "data", settings=settings) as again:
        assert (again.port, again.port_moved) == (free_port, None)


def test_the_url_is_remembered_in_the_settings(tmp_path: Path, free_port: int) -> None:
    settings = AppSettings.load(tmp_path / "settings.json")
    with EmbeddedTenant(tmp_path / "data", port=free_port, settings=settings) as embedded:
        embedded.wait_ready()
    assert AppSettings.load(tmp_path / "settings.json").embedded_url == f"http://127.0.0.1:{free_port}"


def test_restart_keeps_tokens_and_the_admin(tmp_path: Path, free_port: int) -> None:
    with EmbeddedTenant(tmp_path / "data", port=free_port) as first:
        session = first.sign_in_os_user()
        with TokenServiceClient(first.url, "local", session_token=session.session_token) as client:
            made = client.generate_token("survives restarts", Privileges.READ_WRITE)
    with EmbeddedTenant(tmp_path / "data", port=free_port) as again:
        session = again.sign_in_os_user()
        with TokenServiceClient(again.url, "local", session_token=session.session_token) as client:
            assert [t.id for t in client.list_tokens().items] == [made.token.id]


def test_stop_shuts_the_service_down_and_frees_the_port(tmp_path: Path, free_port: int) -> None:
    embedded = EmbeddedTenant(tmp_path / "data", port=free_port)
    embedded.start()
    embedded.wait_ready()
    embedded.stop()
    with TokenServiceClient(embedded.url, "local", session_token="tds_gone") as client:
        with pytest.raises(ServiceUnreachable):
            client.whoami()
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", free_port))  # free again


def test_a_data_folder_that_cannot_be_created_is_reported(tmp_path: Path, free_port: int) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    embedded = EmbeddedTenant(blocker / "data", port=free_port)
    embedded.start()
    try:
        with pytest.raises(EmbeddedTenantFailed) as caught:
            embedded.wait_ready(timeout=15)
        assert "could not start" in str(caught.value) and str(blocker / "data") in str(caught.value)
    finally:
        embedded.stop()


def test_no_free_port_in_the_range_is_reported(free_port: int) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", free_port))
        taken.listen(1)
        with pytest.raises(EmbeddedTenantFailed) as caught:
            bind_first_free_port("127.0.0.1", free_port, attempts=1)
    assert str(free_port) in str(caught.value)


def test_the_remembered_port_is_tried_first(tmp_path: Path, free_port: int) -> None:
    settings = AppSettings.load(tmp_path / "settings.json")
    settings.embedded_url = f"http://127.0.0.1:{free_port}"
    embedded = EmbeddedTenant(tmp_path / "data", settings=settings)
    assert embedded.preferred_port == free_port
    assert EmbeddedTenant(tmp_path / "data").preferred_port == 8765


def test_forwarded_addresses_are_not_trusted_even_from_loopback(tenant: EmbeddedTenant) -> None:
    tenant.wait_ready()
    with httpx.Client(base_url=tenant.url) as http:
        refused = http.get("/t/local/api/v1/alerts/", headers={"X-Forwarded-For": "203.0.113.9"})
    assert refused.status_code == 401
    (event,) = [e for e in tenant._store.audit.events("local") if e.action == "token.rejected"]
    assert event.client_addr == "127.0.0.1"

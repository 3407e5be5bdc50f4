"""TLS is always verified: a private CA is refused by default and trusted with a CA bundle."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.client.api import TokenServiceClient
from desktop_app.client.errors import InvalidCaBundle, UntrustedCertificate
from desktop_app.core.roles import Role
from desktop_app.server.app import create_app

from .service import ADMIN, PASSWORD, TENANT

# cryptography makes the test CA; on Linux it comes with keyring (SecretStorage).
pytest.importorskip("cryptography", reason="the TLS tests need cryptography to make a test CA")
from .tls import Certificates, make_certificates, serve_https


@pytest.fixture
def certs(tmp_path: Path) -> Certificates:
    return make_certificates(tmp_path)


@pytest.fixture
def https_url(tmp_path: Path, certs: Certificates) -> Iterator[str]:
    app = create_app(f"sqlite:///{tmp_path / 'tls.db'}")
    app.state.store.ensure_tenant(TENANT)
    app.state.store.ensure_user(TENANT, ADMIN, Role.GLOBAL_ADMIN, password=PASSWORD)
    with serve_https(app, certs) as url:
        yield url


def test_certificate_from_an_unknown_authority_is_refused(https_url: str) -> None:
    with TokenServiceClient(https_url, TENANT) as client:
        with pytest.raises(UntrustedCertificate) as caught:
            client.sign_in(ADMIN, PASSWORD)
    assert https_url in str(caught.value) and "--ca-bundle" in str(caught.value)


def test_ca_bundle_makes_the_private_authority_trusted(https_url: str, certs: Certificates) -> None:
    with TokenServiceClient(https_url, TENANT, verify=str(certs.ca_file)) as client:
        assert client.sign_in(ADMIN, PASSWORD).username == ADMIN


def test_unreadable_ca_bundle_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidCaBundle) as caught:
        TokenServiceClient("https://tokens.example.com", TENANT, verify=str(tmp_path / "missing.pem"))
    assert "missing.pem" in str(caught.value) and "--ca-bundle" in str(caught.value)


def test_verification_cannot_be_switched_off() -> None:
    with pytest.raises(ValueError):
        TokenServiceClient("https://tokens.example.com", TENANT, verify=False)

from collections.abc import Iterator

import pytest

from desktop_app.client.api import TokenServiceClient
from tests.client.service import acme_service, client_for
from tests.live_server import LiveServer, MovableClock, clock, sqlite_url  # noqa: F401 (fixtures)


@pytest.fixture
def service(sqlite_url: str, clock: MovableClock) -> Iterator[LiveServer]:  # noqa: F811
    with acme_service(sqlite_url, clock) as srv:
        yield srv


@pytest.fixture
def admin(service: LiveServer) -> Iterator[TokenServiceClient]:
    with client_for(service) as client:
        yield client

from collections.abc import Iterator

import httpx
import pytest

from tests.live_server import clock, db_url, server, sqlite_url  # noqa: F401 (fixtures)
from tests.postgres import postgres_url  # noqa: F401 (fixture)


@pytest.fixture
def http(server) -> Iterator[httpx.Client]:  # noqa: F811 - the fixture imported above
    """An HTTP client for the live server (base_url = server.url)."""
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client

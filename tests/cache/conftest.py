"""The cache tests use the client tests' live service (tenant acme) and its admin client."""

from tests.client.conftest import admin, service  # noqa: F401 (fixtures)
from tests.live_server import clock, sqlite_url  # noqa: F401 (fixtures)

"""The sync tests use the client tests' live service (tenant acme) and its admin client, as the cache's do."""

from tests.client.conftest import admin, service  # noqa: F401 (fixtures)
from tests.live_server import clock, sqlite_url  # noqa: F401 (fixtures)

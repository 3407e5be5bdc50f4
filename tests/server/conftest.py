from tests.live_server import clock, db_url, server, sqlite_url  # noqa: F401 (fixtures)
from tests.postgres import postgres_url  # noqa: F401 (fixture)

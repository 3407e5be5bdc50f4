"""Reads on the event loop for the token-checked API: no thread hop, one query per request.

SQLite: run on a connection the event loop thread keeps open (microseconds, never waits on a
writer in WAL mode). PostgreSQL: a few psycopg AsyncConnections, so the loop serves other
requests while a query is on the wire instead of blocking for the round trip.
"""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger("desktop_app.server")


class AsyncPostgresReads:
    """A tiny pool of autocommit AsyncConnections bound to the running event loop."""

    def __init__(self, conninfo: str, size: int = 4) -> None:
        self._conninfo = conninfo
        self._size = size
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: asyncio.Queue | None = None
        self._all: list = []
        self._opening = 0

    async def _connect(self):
        import psycopg  # noqa: PLC0415

        return await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)

    async def _take(self):
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # first use, or the app is served by a new loop
            self._loop, self._idle, self._all, self._opening = loop, asyncio.Queue(), [], 0
        if self._idle.empty() and len(self._all) + self._opening < self._size:
            self._opening += 1
            try:
                conn = await self._connect()
            finally:
                self._opening -= 1
            self._all.append(conn)
            return conn
        return await self._idle.get()

    def _give_back(self, conn) -> None:
        if conn.closed:
            self._all.remove(conn)
        else:
            self._idle.put_nowait(conn)

    async def fetchall(self, sql: str, params: tuple) -> list[tuple]:
        import psycopg  # noqa: PLC0415

        conn = await self._take()
        try:
            try:
                cursor = await conn.execute(sql, params)
                return await cursor.fetchall()
            except psycopg.OperationalError:
                # A dropped connection (server restart, idle timeout): replace it once.
                await conn.close()
                self._all.remove(conn)
                conn = await self._connect()
                self._all.append(conn)
                cursor = await conn.execute(sql, params)
                return await cursor.fetchall()
        finally:
            self._give_back(conn)

    async def close(self) -> None:
        for conn in list(self._all):
            try:
                await conn.close()
            except Exception as exc:  # noqa: BLE001 (closing on shutdown: nothing left to do)
                log.debug("closing a read connection failed: %s", type(exc).__name__)
        self._all = []
        self._loop = None

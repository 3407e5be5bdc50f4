"""Reads on the event loop for the token-checked API: no thread hop, one query per request.

SQLite: run on a connection the event loop thread keeps open (microseconds, never waits on a
writer in WAL mode). PostgreSQL: a few psycopg AsyncConnections, so the loop serves other
requests while a query is on the wire instead of blocking for the round trip.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psycopg import AsyncConnection

Row = tuple[Any, ...]

log = logging.getLogger("desktop_app.server")


class AsyncPostgresReads:
    """A tiny pool of autocommit AsyncConnections bound to the running event loop.

    A semaphore bounds the connections in use; a failed connect frees its slot, so waiters
    can never be stranded.
    """

    def __init__(self, conninfo: str, size: int = 4) -> None:
        self._conninfo = conninfo
        self._size = size
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots: asyncio.Semaphore | None = None
        self._idle: list[AsyncConnection[Row]] = []

    async def _connect(self) -> AsyncConnection[Row]:
        import psycopg  # noqa: PLC0415

        return await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)

    async def _take(self) -> AsyncConnection[Row]:
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._slots is None:  # first use, or the app is served by a new loop
            self._loop, self._slots, self._idle = loop, asyncio.Semaphore(self._size), []
        await self._slots.acquire()
        try:
            while self._idle:
                conn = self._idle.pop()
                if not conn.closed:
                    return conn
            return await self._connect()
        except BaseException:
            self._slots.release()
            raise

    def _give_back(self, conn: AsyncConnection[Row] | None) -> None:
        if conn is not None and not conn.closed:
            self._idle.append(conn)
        assert self._slots is not None  # a connection was taken, so the slots exist
        self._slots.release()

    async def fetchall(self, sql: str, params: Row) -> list[Row]:
        import psycopg  # noqa: PLC0415

        conn: AsyncConnection[Row] | None
        conn = await self._take()
        try:
            try:
                cursor = await conn.execute(sql, params)
                return await cursor.fetchall()
            except psycopg.OperationalError:
                # A dropped connection (server restart, idle timeout): replace it once.
                await conn.close()
                conn = None
                conn = await self._connect()
                cursor = await conn.execute(sql, params)
                return await cursor.fetchall()
        finally:
            self._give_back(conn)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for conn in idle:
            try:
                await conn.close()
            except Exception as exc:
                log.debug("closing a read connection failed: %s", type(exc).__name__)
        self._loop = None

"""Sync figures: full sync into an empty cache (floor: raw sqlite3.executemany of the same rows
into the same schema), and incremental sync of 100 changes.

One worker process per size; the service runs in a second process (uvicorn, one worker).
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from bench_stats import Goal, child_main, figure_from_samples, log, ratio_figure, run_worker, size_suffix

from desktop_app.core.token_fields import ROW_FIELDS


def run(sizes: list[int], repeat: int, warmup: int) -> list:
    figures = []
    for n in sizes:
        log(f"sync: {n} tokens")
        res = run_worker("bench_sync", {"n": n, "repeat": repeat, "warmup": warmup}, timeout=3600)
        s = size_suffix(n)
        figures.append(
            figure_from_samples(
                f"full_sync_ms_{s}",
                res["full_ms"],
                "ms",
                floor_samples=res["floor_ms"],
                goal=Goal("<=", 2, on="ratio"),
            )
        )
        figures.append(
            ratio_figure(f"full_sync_ratio_{s}", res["full_ms"], res["floor_ms"], goal=Goal("<=", 2))
        )
        figures.append(
            figure_from_samples(
                f"incremental_sync_ms_{s}",
                res["incremental_ms"],
                "ms",
                goal=Goal("<=", 50),
                note=res.get("incremental_note", ""),
            )
        )
    return figures


# ------------------------------------------------------------------ worker


def _floor_insert(schema_sql: list[str], rows: list[tuple], path: Path) -> float:
    """Raw sqlite3: the cache's own DDL, one executemany of the rows, one commit (ms)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=wal")
    con.execute("PRAGMA synchronous=normal")
    for sql in schema_sql:
        con.execute(sql)
    con.commit()
    placeholders = ", ".join("?" * len(ROW_FIELDS))
    t0 = time.perf_counter()
    con.executemany(f"INSERT INTO tokens ({', '.join(ROW_FIELDS)}) VALUES ({placeholders})", rows)
    con.commit()
    ms = (time.perf_counter() - t0) * 1000
    con.close()
    return ms


def _worker(args: dict) -> dict:
    import bench_data
    import bench_server

    from desktop_app.cache.store import TokenCache
    from desktop_app.client.api import TokenServiceClient
    from desktop_app.core.roles import Privileges
    from desktop_app.sync import sync_tokens

    n, repeat, warmup = args["n"], args["repeat"], args["warmup"]
    now = bench_data.utc_now()
    rows = bench_data.generate_rows(n, now)
    out = {"full_ms": [], "floor_ms": [], "incremental_ms": []}
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        tmp = Path(tmp)
        db = tmp / "service.db"
        t0 = time.perf_counter()
        CHANGE_MIX = {"used": 34, "generated": 33, "revoked": 33}
        known = bench_server.seed(db, rows, with_secrets=CHANGE_MIX["used"] * (warmup + repeat))
        log(f"sync: seeded the service with {n} tokens in {time.perf_counter() - t0:.1f} s")
        session = bench_server.admin_session(db)
        with bench_server.Server(db) as server:
            client = TokenServiceClient(server.url, bench_server.TENANT, session_token=session)
            # the schema of an empty cache, for the floor
            probe = TokenCache.open(tmp / "probe.sqlite3")
            probe.close()
            con = sqlite3.connect(tmp / "probe.sqlite3")
            schema_sql = [
                sql
                for (sql,) in con.execute(
                    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
                    " ORDER BY type = 'index'"
                )
            ]
            con.close()

            cache = None
            for i in range(warmup + repeat):
                path = tmp / f"cache-{i}.sqlite3"
                cache = TokenCache.open(path)
                t0 = time.perf_counter()
                result = sync_tokens(client, cache, now)
                full_ms = (time.perf_counter() - t0) * 1000
                assert result.full and len(result.added) == n, (result.full, len(result.added))
                synced_rows = cache.rows()
                floor_ms = _floor_insert(schema_sql, synced_rows, tmp / f"floor-{i}.sqlite3")
                if i >= warmup:
                    out["full_ms"].append(full_ms)
                    out["floor_ms"].append(floor_ms)
                if i < warmup + repeat - 1:
                    cache.delete()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{tmp / f'floor-{i}.sqlite3'}{suffix}").unlink(missing_ok=True)
            log(f"sync: full {out['full_ms']} floor {out['floor_ms']}")

            # incremental: 100 changes on the service, then sync: tokens used (their last use
            # changes), new tokens generated, tokens revoked
            to_use = list(known.items())
            used_ids = set(known)
            to_revoke = [r[0] for r in rows if r[0] not in used_ids]
            alerts = f"/t/{bench_server.TENANT}/api/v1/alerts/"
            for i in range(warmup + repeat):
                for _ in range(CHANGE_MIX["used"]):
                    _tid, secret = to_use.pop()
                    status, _h, body = server.request(
                        "GET", alerts, headers={"Authorization": f"Token {secret}"}
                    )
                    assert status == 200, (status, body[:200])
                for j in range(CHANGE_MIX["generated"]):
                    client.generate_token(f"bench-incremental-{i}-{j}", Privileges.READ)
                client.revoke_tokens([to_revoke.pop() for _ in range(CHANGE_MIX["revoked"])])
                t0 = time.perf_counter()
                result = sync_tokens(client, cache, now)
                ms = (time.perf_counter() - t0) * 1000
                assert not result.full, "incremental sync fell back to a full sync"
                got = (len(result.changed), len(result.added), len(result.removed))
                assert got == tuple(CHANGE_MIX.values()), (
                    f"changed/added/removed {got}, expected {CHANGE_MIX}"
                )
                if i >= warmup:
                    out["incremental_ms"].append(ms)
            out["incremental_note"] = (
                f"{CHANGE_MIX['used']} tokens used + {CHANGE_MIX['generated']} generated + "
                f"{CHANGE_MIX['revoked']} revoked since the last sync"
            )
            cache.close()
            client.close()
    return out


if __name__ == "__main__":
    child_main(_worker)

"""How fast the audit API answers with 100,000 events (tests/server/test_audit_query.py asserts what
it answers; this measures how fast). Not collected by pytest.

    PYTHONPATH=. python3 tests/server/bench_audit.py [DB_URL] [--events 100000] [--repeat 20]

DB_URL: a SQLite file (default: a temp file) or a fresh `postgresql://` database (its tables are created
in it). The real service on 127.0.0.1 (uvicorn thread); medians over --repeat requests, in ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def main() -> None:
    import httpx

    from tests.live_server import live_server
    from tests.server.audit_events import seed

    parser = argparse.ArgumentParser()
    parser.add_argument("db_url", nargs="?")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    db_url = args.db_url or f"sqlite:///{tempfile.mkdtemp()}/audit.db"
    with live_server(db_url) as srv, httpx.Client(base_url=srv.url, timeout=120) as http:
        session = srv.sign_in("acme", "root")
        started = time.perf_counter()
        seed(srv.store, srv.store.tenant_id("acme"), args.events)
        if srv.store.is_postgres:  # what autovacuum does after a bulk load; without it, stale statistics
            with srv.store.db.connection_context():
                srv.store.db.execute_sql("ANALYZE audit_event")
        print(
            f"seeded {args.events:,} events in {time.perf_counter() - started:.1f} s ({db_url.split(':')[0]})"
        )
        headers = {"Authorization": f"Bearer {session}"}
        deep = None
        cursor = None
        for _ in range(50):  # the cursor of page 51 of 100 events
            cursor = http.get(
                "/t/acme/api/v1/audit", params={"cursor": cursor} if cursor else {}, headers=headers
            )
            cursor = cursor.json()["cursor"]
        deep = cursor

        def median_ms(params: dict) -> float:
            samples = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                response = http.get("/t/acme/api/v1/audit", params=params, headers=headers)
                samples.append(time.perf_counter() - t)
                assert response.status_code == 200, response.text
            return statistics.median(samples) * 1000

        for label, params in (
            ("first page (100)", {}),
            ("page 51 by cursor", {"cursor": deep}),
            ("first page of 1,000", {"limit": 1000}),
            ("action=token.revoke", {"action": "token.revoke"}),
            ("token_id=tok0007", {"token_id": "tok0007"}),
            ("actor=carol", {"actor": "carol"}),
            ("actor=nobody (matches none)", {"actor": "nobody"}),
        ):
            print(f"{label:40s} {median_ms(params):8.1f} ms")
        t = time.perf_counter()
        size = len(http.get("/t/acme/api/v1/audit", params={"format": "csv"}, headers=headers).content)
        print(f"{'CSV of every event':40s} {(time.perf_counter() - t) * 1000:8.1f} ms ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()

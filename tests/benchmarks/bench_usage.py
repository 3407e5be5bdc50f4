"""The usage-evidence figure: token-check throughput of the service without the usage recorder ÷ with
it (`token_check_usage_overhead_ratio`, goal ≤ 1.10: counting stays off the hot path).

Two uvicorn processes over the same seeded database (bench_server.Server, one with
`record_usage=False`), loaded one at a time, alternating which goes first, by the same load generator
as the service figures (wrk when on PATH, else loadgen.py), with a User-Agent like a script's.
Throughput is counted per CPU-second of the server process (requests ÷ its user+system time while
loaded): on a shared machine other work moves requests/s by more than the 10 % measured here, the
server's own CPU time per request much less. Wall-clock requests/s is reported beside it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from bench_stats import Goal, child_main, figure_from_samples, log, ratio_figure, run_worker

USER_AGENT = "bench-collector/1.0 (linux)"


def run(n: int, repeat: int, warmup: int, duration: float, load_generator: str = "auto") -> list:
    log(f"usage: {n} tokens in the service database, {duration:g} s per measurement")
    res = run_worker(
        "bench_usage",
        {"n": n, "repeat": repeat, "warmup": warmup, "duration": duration, "load_generator": load_generator},
        timeout=1800,
    )
    note = f"{res['tool']}, requests per server CPU-second without the recorder ÷ with it"
    if res["non_2xx"]:
        note += f"; non-2xx answers: {res['non_2xx']}"
    return [
        ratio_figure(
            "token_check_usage_overhead_ratio",
            res["plain_per_cpu_s"],
            res["usage_per_cpu_s"],
            goal=Goal("<=", 1.10),
            note=note,
        ),
        ratio_figure("token_check_usage_wall_rps_ratio", res["plain_rps"], res["usage_rps"]),
        figure_from_samples(
            "token_check_usage_rps", res["usage_rps"], "req/s", floor_samples=res["plain_rps"]
        ),
    ]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _worker(args: dict) -> dict:
    import bench_data
    import bench_server
    import bench_service

    from desktop_app.client.api import TokenServiceClient
    from desktop_app.core.roles import Privileges

    n, repeat, warmup, duration = args["n"], args["repeat"], args["warmup"], args["duration"]
    choice = args.get("load_generator", "auto")
    use_wrk = choice == "wrk" or (choice == "auto" and shutil.which("wrk") is not None)
    tool = "wrk" if use_wrk else "python-loadgen"
    out: dict = {
        "usage_rps": [],
        "plain_rps": [],
        "usage_per_cpu_s": [],
        "plain_per_cpu_s": [],
        "non_2xx": 0,
        "tool": tool,
    }
    with tempfile.TemporaryDirectory(prefix="bench-usage-") as tmp:
        tmp = Path(tmp)
        db = tmp / "service.db"
        bench_server.seed(db, bench_data.generate_rows(n, bench_data.utc_now()))
        session = bench_server.admin_session(db)
        lua = tmp / "limit.lua"
        lua.write_text(bench_service._WRK_LUA)
        with (
            bench_server.Server(db) as with_usage,
            bench_server.Server(db, record_usage=False) as without,
        ):
            client = TokenServiceClient(with_usage.url, bench_server.TENANT, session_token=session)
            generated = client.generate_token("bench-usage", Privileges.READ)
            secret, token_id = generated.secret, generated.token.id
            path = f"/t/{bench_server.TENANT}/api/v1/alerts/"
            headers = {"Authorization": f"Token {secret}", "User-Agent": USER_AGENT}
            servers = {"usage": with_usage, "plain": without}
            for which, server in servers.items():
                status, _h, body = server.request("GET", path, headers=headers)
                if status != 200:
                    raise RuntimeError(f"{which}: GET {path} answered {status}: {body[:300]!r}")
            for i in range(warmup + repeat):
                order = ("plain", "usage") if i % 2 == 0 else ("usage", "plain")
                for which in order:
                    server = servers[which]
                    cpu_before = _cpu_seconds(server.pid)
                    if use_wrk:
                        res = bench_service.load_wrk(server.url + path, headers, duration, lua)
                    else:
                        res = bench_service.load_python("127.0.0.1", server.port, path, headers, duration)
                    cpu = _cpu_seconds(server.pid) - cpu_before
                    per_cpu = (res.get("requests") or 0) / cpu if cpu > 0 else 0.0
                    rps, bad = res["rps"], res["non_2xx"]
                    log(f"usage: {which} {rps:.0f} req/s, {per_cpu:.0f} req/CPU-s, non-2xx {bad}")
                    if i >= warmup:
                        out[f"{which}_rps"].append(res["rps"])
                        out[f"{which}_per_cpu_s"].append(per_cpu)
                        out["non_2xx"] += res["non_2xx"]
                    time.sleep(0.2)  # let the last connections close before the other server's turn
            try:  # the recorder counted the load (the figure measured the real path)
                out["counted"] = sum(count for _day, count in client.token_details(token_id).daily)
            finally:
                client.close()
    if not out["counted"]:
        raise RuntimeError("the service with the recorder counted no use: the figure measured nothing")
    return out


if __name__ == "__main__":
    child_main(_worker)

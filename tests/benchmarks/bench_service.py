"""Service figures: token-checked `GET alerts/` requests/s and p99 against a bare FastAPI endpoint
on the same uvicorn server (one worker, uvloop + httptools), load from a second process on
127.0.0.1, each measurement bounded in time and in request count.

Load generator: `wrk` when it is on PATH (one thread, keep-alive connections), else loadgen.py
(a Python process with keep-alive connections).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_stats import HERE, Goal, child_main, figure_from_samples, log, ratio_figure, run_worker

CONNECTIONS = 32
DURATION_S = 3.0
MAX_REQUESTS = 150_000

_WRK_LUA = """
local count = 0
local limit = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "0")
response = function(status, headers, body)
  count = count + 1
  if limit > 0 and count >= limit then wrk.thread:stop() end
end
"""


def run(n: int, repeat: int, warmup: int, duration: float = DURATION_S, load_generator: str = "auto") -> list:
    log(f"service: {n} tokens in the service database, {duration:g} s per measurement")
    res = run_worker(
        "bench_service",
        {"n": n, "repeat": repeat, "warmup": warmup, "duration": duration, "load_generator": load_generator},
        timeout=1800,
    )
    note = f"{res['tool']}, {CONNECTIONS} connections, {duration:g} s or {MAX_REQUESTS} requests each"
    if res["non_2xx"]:
        note += f"; non-2xx answers: {res['non_2xx']}"
    if res.get("count_bound"):
        note += f"; a run hit the {MAX_REQUESTS}-request bound (wrk's req/s is then a lower bound)"
    return [
        figure_from_samples(
            "service_rps",
            res["real_rps"],
            "req/s",
            floor_samples=res["bare_rps"],
            note=note,
            goal=Goal(">=", 0.6, on="ratio"),
        ),
        ratio_figure("service_rps_ratio", res["real_rps"], res["bare_rps"], goal=Goal(">=", 0.6), note=note),
        figure_from_samples("service_p99_ms", res["real_p99"], "ms", floor_samples=res["bare_p99"]),
        figure_from_samples("service_p50_ms", res["real_p50"], "ms", floor_samples=res["bare_p50"]),
    ]


# ------------------------------------------------------------------ load generators


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def load_wrk(url: str, headers: dict, duration: float, lua_path: Path) -> dict:
    argv = [
        "wrk",
        "-t1",
        f"-c{CONNECTIONS}",
        f"-d{max(1, round(duration))}s",
        "--latency",
        "-s",
        str(lua_path),
    ]
    for k, v in headers.items():
        argv += ["-H", f"{k}: {v}"]
    argv.append(url)
    env = {"BENCH_MAX_REQUESTS": str(MAX_REQUESTS), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60, env=env).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    non = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errs = re.search(r"Socket errors:(.*)", out)
    total = re.search(r"(\d+) requests in", out)
    if not rps:
        raise RuntimeError(f"wrk printed no Requests/sec:\n{out}")
    return {
        "rps": float(rps.group(1)),
        "p50_ms": _ms(p50.group(1)) if p50 else None,
        "p99_ms": _ms(p99.group(1)) if p99 else None,
        "non_2xx": int(non.group(1)) if non else 0,
        "errors": errs.group(1).strip() if errs else "",
        "requests": int(total.group(1)) if total else None,
        "tool": "wrk",
        # wrk divides by the whole duration: a run stopped by the count bound under-reports req/s
        "count_bound": bool(total) and int(total.group(1)) >= MAX_REQUESTS,
    }


def load_python(host: str, port: int, path: str, headers: dict, duration: float) -> dict:
    argv = [
        sys.executable,
        str(HERE / "loadgen.py"),
        host,
        str(port),
        path,
        "--connections",
        str(CONNECTIONS),
        "--duration",
        str(duration),
        "--max-requests",
        str(MAX_REQUESTS),
    ]
    for k, v in headers.items():
        argv += ["--header", f"{k}: {v}"]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60)
    if proc.returncode != 0:
        raise RuntimeError(f"loadgen failed: {proc.stderr[-2000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["non_2xx"] = sum(v for k, v in res["statuses"].items() if not k.startswith("2"))
    return res


# ------------------------------------------------------------------ worker


def _worker(args: dict) -> dict:
    import bench_data
    import bench_server

    from desktop_app.client.api import TokenServiceClient
    from desktop_app.core.roles import Privileges

    n, repeat, warmup, duration = args["n"], args["repeat"], args["warmup"], args["duration"]
    now = bench_data.utc_now()
    choice = args.get("load_generator", "auto")
    use_wrk = choice == "wrk" or (choice == "auto" and shutil.which("wrk") is not None)
    out = {
        "real_rps": [],
        "bare_rps": [],
        "real_p99": [],
        "bare_p99": [],
        "real_p50": [],
        "bare_p50": [],
        "non_2xx": {},
        "tool": "wrk" if use_wrk else "python-loadgen",
    }
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp:
        tmp = Path(tmp)
        db = tmp / "service.db"
        bench_server.seed(db, bench_data.generate_rows(n, now))
        session = bench_server.admin_session(db)
        lua = tmp / "limit.lua"
        lua.write_text(_WRK_LUA)
        with bench_server.Server(db) as server:
            client = TokenServiceClient(server.url, bench_server.TENANT, session_token=session)
            secret = client.generate_token("bench-load", Privileges.READ).secret
            client.close()
            real_path = f"/t/{bench_server.TENANT}/api/v1/alerts/"
            headers = {"Authorization": f"Token {secret}"}
            status, _h, body = server.request("GET", real_path, headers=headers)
            if status != 200:
                raise RuntimeError(f"GET {real_path} with the token answered {status}: {body[:300]!r}")
            # the floor answers the same JSON, without token check or database
            status, _h, answer = server.request(
                "PUT", bench_server.BARE_PREFIX + "/payload", body=json.loads(body)
            )
            if status != 200:
                raise RuntimeError(f"setting the bare endpoint's payload answered {status}: {answer[:300]!r}")
            bare_path = bench_server.BARE_PREFIX + "/alerts/"
            targets = {"real": (real_path, headers), "bare": (bare_path, {})}
            for i in range(warmup + repeat):
                order = ("bare", "real") if i % 2 == 0 else ("real", "bare")
                for which in order:
                    path, hdrs = targets[which]
                    if use_wrk:
                        res = load_wrk(server.url + path, hdrs, duration, lua)
                    else:
                        res = load_python("127.0.0.1", server.port, path, hdrs, duration)
                    log(
                        f"service: {which} {res['rps']:.0f} req/s p99 {res['p99_ms']} ms non-2xx {res['non_2xx']}"
                    )
                    if i >= warmup:
                        out[f"{which}_rps"].append(res["rps"])
                        out[f"{which}_p99"].append(res["p99_ms"])
                        out[f"{which}_p50"].append(res["p50_ms"])
                        if res["non_2xx"]:
                            out["non_2xx"][which] = out["non_2xx"].get(which, 0) + res["non_2xx"]
                        if res.get("count_bound"):
                            out["count_bound"] = True
                    time.sleep(0.2)
            out["server_log_tail"] = server.log_tail(10)
    return out


if __name__ == "__main__":
    child_main(_worker)

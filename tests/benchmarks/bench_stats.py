"""Figures, statistics, the machine line, the result table, and running a worker in a clean subprocess.

Not collected by pytest (no test_*.py here); run through tests/benchmarks/run.py.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


# ---------------------------------------------------------------- figures


@dataclass
class Goal:
    """`op` is "<=" or ">="; `on` is "value" or "ratio"; `text` is what the table shows."""

    op: str
    limit: float
    on: str = "value"

    @property
    def text(self) -> str:
        sign = "≤" if self.op == "<=" else "≥"
        if self.on == "ratio":
            return f"{sign} {self.limit:g}× floor"
        return f"{sign} {self.limit:g}"

    def met(self, figure: Figure) -> bool | None:
        x = figure.value if self.on == "value" else figure.ratio
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return None
        return x <= self.limit if self.op == "<=" else x >= self.limit


@dataclass
class Figure:
    name: str
    value: float | None
    unit: str
    floor: float | None = None
    ratio: float | None = None
    min: float | None = None
    max: float | None = None
    goal: Goal | None = None
    samples: int = 0
    note: str = ""
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        out = {
            "name": self.name,
            "value": _round(self.value),
            "unit": self.unit,
            "floor": _round(self.floor),
            "ratio": _round(self.ratio),
            "min": _round(self.min),
            "max": _round(self.max),
            "samples": self.samples,
        }
        if self.goal is not None:
            out["goal"] = self.goal.text + _unit_suffix(self)
            out["goal_met"] = self.goal.met(self)
        if self.note:
            out["note"] = self.note
        if self.extra:
            out.update({k: _round(v) if isinstance(v, float) else v for k, v in self.extra.items()})
        return out


def _unit_suffix(f: Figure) -> str:
    if f.goal is None or f.goal.on == "ratio":
        return ""
    return f.unit if f.unit == "×" else f" {f.unit}"


def _round(x):
    if x is None:
        return None
    if isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            return None
        return round(x, 4 if abs(x) < 10 else 2)
    return x


def median(samples):
    return statistics.median(samples) if samples else float("nan")


def figure_from_samples(
    name: str,
    samples: list[float],
    unit: str,
    *,
    floor_samples: list[float] | None = None,
    goal: Goal | None = None,
    note: str = "",
) -> Figure:
    """Median of the samples with min/max; floor = median of the floor samples; ratio = value / floor."""
    value = median(samples)
    floor = median(floor_samples) if floor_samples else None
    ratio = value / floor if floor else None
    return Figure(
        name=name,
        value=value,
        unit=unit,
        floor=floor,
        ratio=ratio,
        min=min(samples) if samples else None,
        max=max(samples) if samples else None,
        goal=goal,
        samples=len(samples),
        note=note,
    )


def ratio_figure(
    name: str,
    samples: list[float],
    floor_samples: list[float],
    *,
    goal: Goal | None = None,
    invert: bool = False,
    note: str = "",
) -> Figure:
    """A figure whose value *is* the ratio median(samples) / median(floor) (×).

    min/max are the spread of the paired per-repetition ratios (samples and floor are interleaved
    run by run, so pairing cancels slow phases of the machine). `invert` gives floor / value
    (for throughput figures where bigger is better the ratio is value / floor anyway).
    """
    a, b = median(samples), median(floor_samples)
    value = (b / a if invert else a / b) if a and b else float("nan")
    pairs = [(f / s if invert else s / f) for s, f in zip(samples, floor_samples, strict=False) if s and f]
    return Figure(
        name=name,
        value=value,
        unit="×",
        floor=1.0,
        ratio=value,
        min=min(pairs) if pairs else None,
        max=max(pairs) if pairs else None,
        goal=goal,
        samples=len(pairs),
        note=note,
    )


def size_suffix(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


# ---------------------------------------------------------------- the machine


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                    break
    except OSError:
        pass

    def ver(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "?"

    load = ""
    if hasattr(os, "getloadavg"):
        load = "load {:.2f}/{:.2f}/{:.2f} at start".format(*os.getloadavg())
    parts = [
        cpu,
        f"{os.cpu_count()} cores",
        mem,
        f"{platform.system()} {platform.release()} {platform.machine()}",
        f"Python {platform.python_version()}",
        f"PySide6 {ver('PySide6-Essentials') if ver('PySide6-Essentials') != '?' else ver('PySide6')}",
        f"FastAPI {ver('fastapi')}",
        f"uvicorn {ver('uvicorn')}",
        load,
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    ]
    return ", ".join(p for p in parts if p)


# ---------------------------------------------------------------- the table


def format_number(x, unit: str = "") -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if isinstance(x, bool):
        return str(x)
    ax = abs(x)
    if ax >= 1000:
        return f"{x:,.0f}"
    if ax >= 100:
        return f"{x:.0f}"
    if ax >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def format_table(figures: list[Figure]) -> str:
    head = ("figure", "value", "unit", "floor", "ratio", "min", "max", "goal")
    rows = []
    for f in figures:
        goal = ""
        if f.goal is not None:
            met = f.goal.met(f)
            goal = f.goal.text + _unit_suffix(f)
            goal += "  within" if met else ("  over" if met is False else "  ?")
        rows.append(
            (
                f.name,
                format_number(f.value),
                f.unit,
                format_number(f.floor),
                format_number(f.ratio) + ("" if f.ratio is None else "×"),
                format_number(f.min),
                format_number(f.max),
                goal,
            )
        )
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    align_right = {1, 3, 4, 5, 6}

    def line(r):
        cells = []
        for i, c in enumerate(r):
            cells.append(str(c).rjust(widths[i]) if i in align_right else str(c).ljust(widths[i]))
        return "  ".join(cells).rstrip()

    out = [line(head), line(tuple("-" * w for w in widths))]
    out += [line(r) for r in rows]
    return "\n".join(out)


# ---------------------------------------------------------------- subprocess workers


class WorkerFailed(RuntimeError):
    pass


@dataclass
class ProcessResult:
    returncode: int
    spawn_epoch: float  # time.time() just before the process was spawned
    wall_s: float
    max_rss_kib: int
    stdout: str
    stderr: str


def run_process(
    argv: list[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float = 600.0,
    cwd: str | os.PathLike | None = None,
) -> ProcessResult:
    """Start a process, wait for it with wait4 (its own peak RSS, not ours), time it wall-clock."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        spawn_epoch = time.time()
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ProcessResult(
            returncode=proc.returncode,
            spawn_epoch=spawn_epoch,
            wall_s=wall,
            max_rss_kib=usage.ru_maxrss,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), str(REPO), env.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def run_worker(module: str, args: dict, *, timeout: float = 1800.0, env_extra=None) -> dict:
    """Run `python tests/benchmarks/<module>.py --child ARGS_JSON RESULT_PATH` and return its JSON."""
    with tempfile.TemporaryDirectory(prefix="bench-worker-") as tmp:
        result_path = Path(tmp) / "result.json"
        env = child_env(**(env_extra or {}))
        res = run_process(
            [sys.executable, str(HERE / f"{module}.py"), "--child", json.dumps(args), str(result_path)],
            env=env,
            timeout=timeout,
            cwd=REPO,
        )
        if res.returncode != 0 or not result_path.exists():
            tail = "\n".join((res.stderr or res.stdout).strip().splitlines()[-25:])
            raise WorkerFailed(f"{module} worker exited {res.returncode}:\n{tail}")
        data = json.loads(result_path.read_text(encoding="utf-8"))
        data.setdefault("_max_rss_kib", res.max_rss_kib)
        data.setdefault("_wall_s", res.wall_s)
        if res.stderr.strip():
            data.setdefault("_stderr_tail", res.stderr.strip().splitlines()[-10:])
        return data


def child_main(fn) -> None:
    """Entry for worker modules: `module.py --child ARGS_JSON RESULT_PATH`."""
    if len(sys.argv) != 4 or sys.argv[1] != "--child":
        sys.exit(f"usage: {sys.argv[0]} --child ARGS_JSON RESULT_PATH (run tests/benchmarks/run.py instead)")
    args = json.loads(sys.argv[2])
    result = fn(args)
    Path(sys.argv[3]).write_text(json.dumps(result), encoding="utf-8")
    # The result is safe on disk: skip interpreter teardown (slow with 100k rows of objects, and
    # where a C extension's refcount bug would abort the worker after its work is done).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def pin_true_refcount():
    """Work around PySide6 6.12's SignalInstance.emit(), which returns True without a new reference.

    On CPython < 3.12 (True not immortal) every `.emit()` from Python drops one reference to True;
    after about sys.getrefcount(True) emits CPython aborts ("Fatal Python error: bool_dealloc").
    A benchmark worker emits thousands of times, so it adds 2**40 references up front and returns a
    function telling how many references to True were lost since (reported with the figures).
    """
    if sys.version_info >= (3, 12):
        return lambda: 0
    import ctypes

    ctypes.c_ssize_t.from_address(id(True)).value += 1 << 40
    start = sys.getrefcount(True)
    return lambda: start - sys.getrefcount(True)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


__all__ = [
    "Figure",
    "Goal",
    "figure_from_samples",
    "ratio_figure",
    "size_suffix",
    "machine_description",
    "format_table",
    "run_process",
    "run_worker",
    "child_main",
    "child_env",
    "log",
    "WorkerFailed",
    "asdict",
]

#!/usr/bin/env python3
"""Token Desk benchmarks: the table, start-up, memory, sync and the service at 1k/10k/100k tokens.

    .venv/bin/python tests/benchmarks/run.py [--sizes 1000,10000,100000] [--repeat 5]
        [--json PATH] [--only table,startup,memory,sync,service,revoke,usage]

Each figure is printed beside a floor measured in the same run, and their ratio (these
machines are noisy: absolute times alone mean little). Values are medians of --repeat
repetitions after --warmup untimed ones; min and max are shown. Heavy figures run in their own
processes (clean memory, clean Qt state). The figures are not pass/fail: the exit status is
non-zero only when a benchmark could not run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parents[1]))

from bench_stats import format_table, log, machine_description  # noqa: E402

FAMILIES = ("table", "startup", "memory", "sync", "service", "revoke", "usage")

# the headline figures, in this order (at the largest size of the run for sized ones)
HEADLINE = (
    ("table_filter_ms_{s}", "status filter change, repaint included"),
    ("table_search_ms_{s}", "search keystroke, repaint included"),
    ("table_sort_ms_{s}", "sort by a column (slowest), repaint included"),
    ("startup_ratio_{s}", "start-up to first painted table ÷ bare window"),
    ("peak_rss_mib_{s}", "peak memory with the tokens loaded"),
    ("full_sync_ratio_{s}", "full sync ÷ raw sqlite3.executemany"),
    ("incremental_sync_ms_{s}", "incremental sync of 100 changes"),
    ("service_rps_ratio", "token-checked GET alerts/ req/s ÷ bare endpoint"),
    ("token_check_usage_overhead_ratio", "token checks per server CPU-second, without the recorder ÷ with"),
    ("revoke_confirm_ms_100k", "Delete → confirmation painted, ~80,000 selected"),
    ("bulk_revoke_s_80k", "80,000 selected tokens revoked through the window"),
)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "").strip()) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            "--sizes takes numbers separated by commas, e.g. 1000,10000"
        ) from None
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("--sizes takes positive numbers, e.g. 1000,10000,100000")
    return sizes


def _only(text: str) -> list[str]:
    chosen = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in FAMILIES]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown figure family {unknown}; choose from {', '.join(FAMILIES)}"
        )
    return chosen


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tests/benchmarks/run.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--sizes",
        type=_sizes,
        default=[1000, 10000, 100000],
        help="token counts, comma-separated (default 1000,10000,100000)",
    )
    p.add_argument("--repeat", type=int, default=5, help="timed repetitions per figure (default 5)")
    p.add_argument("--warmup", type=int, default=1, help="untimed repetitions first (default 1)")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON here")
    p.add_argument(
        "--only",
        type=_only,
        default=list(FAMILIES),
        help=f"figure families to run, comma-separated ({','.join(FAMILIES)})",
    )
    p.add_argument(
        "--service-seconds",
        type=float,
        default=3.0,
        help="length of one load measurement against the service (default 3)",
    )
    p.add_argument(
        "--load-generator",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="auto: wrk when on PATH, else the Python load generator (loadgen.py)",
    )
    p.add_argument(
        "--service-size",
        type=int,
        default=None,
        help="tokens in the service database for the service figures (default: the largest size)",
    )
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if args.repeat < 1 or args.warmup < 0:
        sys.exit("--repeat must be at least 1 and --warmup at least 0")
    sizes = sorted(set(args.sizes))
    machine = machine_description()
    log(f"machine: {machine}")
    log(f"sizes {sizes}, repeat {args.repeat} after {args.warmup} warm-up, families {args.only}")
    started = time.monotonic()
    figures, failures = [], []

    def family(name, fn):
        t0 = time.monotonic()
        try:
            figures.extend(fn())
        except Exception as error:
            failures.append((name, error))
            log(f"{name}: FAILED: {error}")
            traceback.print_exc(file=sys.stderr)
        log(f"{name}: {time.monotonic() - t0:.1f} s")

    only = set(args.only)
    if "table" in only:
        import bench_table

        family("table", lambda: bench_table.run(sizes, args.repeat, args.warmup))
    if "startup" in only or "memory" in only:
        import bench_startup

        family(
            "startup" if "startup" in only else "memory",
            lambda: bench_startup.run(
                sizes,
                args.repeat,
                args.warmup,
                want_startup="startup" in only,
                want_memory="memory" in only,
            ),
        )
    if "sync" in only:
        import bench_sync

        family("sync", lambda: bench_sync.run(sizes, args.repeat, args.warmup))
    if "revoke" in only and max(sizes) >= 100_000:
        import bench_revoke

        family("revoke", lambda: bench_revoke.run(args.repeat, args.warmup))
    if "service" in only:
        import bench_service

        n = args.service_size or max(sizes)
        family(
            "service",
            lambda: bench_service.run(n, args.repeat, args.warmup, args.service_seconds, args.load_generator),
        )
    if "usage" in only:
        import bench_usage

        n = args.service_size or max(sizes)
        family(
            "usage",
            lambda: bench_usage.run(n, args.repeat, args.warmup, args.service_seconds, args.load_generator),
        )

    elapsed = time.monotonic() - started
    print()
    print(f"machine: {machine}")
    command = " ".join(
        [".venv/bin/python", "tests/benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]
    )
    print(f"command: {command}")
    print(f"median of {args.repeat} after {args.warmup} warm-up; {elapsed:.0f} s in all")
    print()
    print(format_table(figures))
    from bench_stats import size_suffix

    by_name = {f.name: f for f in figures}
    headline = [(by_name.get(pattern.format(s=size_suffix(max(sizes)))), what) for pattern, what in HEADLINE]
    headline = [(f, what) for f, what in headline if f is not None and f.goal is not None]
    if headline:
        print()
        print(f"headline figures and their goals (at {max(sizes):,} tokens; figures, not pass/fail):")
        for f, what in headline:
            met = f.goal.met(f)
            verdict = "within" if met else ("over" if met is False else "?")
            shown = f"{f.value:,.2f}".rstrip("0").rstrip(".") if f.value is not None else "—"
            print(
                f"  {verdict:7} {f.name} = {shown} {f.unit}  (goal {f.goal.text.strip()}"
                f"{'' if f.goal.on == 'ratio' or f.unit == '×' else ' ' + f.unit}) — {what}"
            )
    notes = [f for f in figures if f.note]
    if notes:
        print()
        for f in notes:
            print(f"  {f.name}: {f.note}")
    if failures:
        print()
        for name, error in failures:
            print(
                f"  {name}: could not run: {str(error).splitlines()[0] if str(error) else type(error).__name__}"
            )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "machine": machine,
            "command": command,
            "sizes": sizes,
            "repeat": args.repeat,
            "warmup": args.warmup,
            "seconds": round(elapsed, 1),
            "figures": [f.to_json() for f in figures],
            "failed": [{"family": n, "error": str(e)} for n, e in failures],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: each page's AppTest run time and the app process's peak memory at 10k and 1M items.

    python -m bench.pages_speed [--sizes 10000 1000000] [--keep DIR] [--profile PAGE]

For each size a county is built with bench.big_county (46 units, 5 years of items, through the real loaders,
in a subprocess so this parent stays small), or DIR/<size>.duckdb is reused when present. Then a fresh subprocess per size (so memory is per size) starts
the app with AppTest on that database, month filter 2026-10, runs it once (warm-up: first start, migrations),
and opens every page: the page's run time is the best of 3 (switch_page().run(), then at.run() twice).
Every run must end without an exception or st.error. `--profile overview` (or pages/overview.py) adds one
cProfiled run of that page in the subprocess and prints the functions that take its time.

Targets: each page ≤ 1 s at 1M items; peak memory of the app process < 600 MB.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "pages/overview.py",
    "pages/publications.py",
    "pages/freshness.py",
    "pages/timeliness.py",
    "pages/rectification.py",
    "pages/requests.py",
    "pages/ranking.py",
    "pages/unit.py",  # after 考核排名: its score history reuses the months the ranking scored (one cache)
    "pages/imports.py",
]
MONTH = "2026-10"
RUNS = 3
TARGET_SECONDS = 1.0  # per page, at 1M items
TARGET_MB = 600
TARGET_SIZE = 1_000_000


def _peak_mb() -> float:
    """Peak RSS of this process (ru_maxrss, KiB on Linux).

    Linux carries ru_maxrss over fork and exec, so a child started by a big parent reports the parent's peak:
    that is why the parent here stays small and builds databases in a subprocess of their own.
    """
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _hwm_mb() -> float | None:
    """VmHWM of this process's address space, which starts afresh at exec (a cross-check of ru_maxrss)."""
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = [line.split()[1] for line in text.splitlines() if line.startswith("VmHWM:")]
    return int(found[0]) / 1024 if found else None


def _page_path(name: str) -> str:
    """'timeliness', 'timeliness.py' or 'pages/timeliness.py' → 'pages/timeliness.py'."""
    stem = Path(name).stem
    match = [p for p in PAGES if Path(p).stem == stem]
    if not match:
        raise SystemExit(f"unknown page {name!r}; one of: {', '.join(Path(p).stem for p in PAGES)}")
    return match[0]


# ---------------------------------------------------------------- the subprocess: one app, every page


def _problems(at) -> list[str]:
    found = [f"exception: {e.value}" for e in at.exception]
    found += [f"st.error: {e.value}" for e in at.error]
    return found


def _profiled_script_runs(profiler) -> None:
    """Run the app's script thread under `profiler` (AppTest runs each script run in its own thread)."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    original = LocalScriptRunner._run_script_thread

    def run_script_thread(self) -> None:
        profiler.enable()
        try:
            original(self)
        finally:
            profiler.disable()

    LocalScriptRunner._run_script_thread = run_script_thread  # type: ignore[method-assign]


def worker(db: Path, result_path: Path, profile: str | None) -> None:
    """Time every page on `db` inside this process; write the figures as JSON to `result_path`."""
    os.environ["DASHBOARD_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    from core.accounts.identity import User
    from ui import strings
    from ui.auth import KEY_TEST_USER
    from ui.state import KEY_MONTH

    result: dict = {"pages": [], "rss_after_imports_mb": round(_peak_mb())}
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    # signed in as the office (AppTest has no cookies; the test hook of ui/auth.py): without it every "page" was
    # the login notice since issue 11, and the figures measured nothing
    at.session_state[KEY_TEST_USER] = User(1, "bench", "基准", "office", ())
    at.session_state[KEY_MONTH] = MONTH
    t0 = time.perf_counter()
    at.run()
    result["warmup_seconds"] = round(time.perf_counter() - t0, 3)
    result["warmup_problems"] = _problems(at)
    result["overview_items"] = next((m.value for m in at.metric if m.label == strings.KPI_ITEMS), None)
    result["rss_after_warmup_mb"] = round(_peak_mb())
    for page in PAGES:
        times, problems = [], []
        for attempt in range(RUNS):
            t0 = time.perf_counter()
            (at.switch_page(page) if attempt == 0 else at).run()
            times.append(time.perf_counter() - t0)
            problems += [p for p in _problems(at) if p not in problems]
        result["pages"].append(
            {
                "page": page,
                "best": round(min(times), 3),
                "runs": [round(t, 3) for t in times],
                "problems": problems,
                "elements": len(list(at.main)),
                "title": next((t.value for t in at.title), ""),
                "peak_mb_so_far": round(_peak_mb()),
            }
        )
    if profile:
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile()
        at.switch_page(profile).run()
        _profiled_script_runs(profiler)
        t0 = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - t0
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        out.write(f"profiled run of {profile}: {seconds:.3f} s (wall, with profiler overhead)\n")
        out.write("\n-- project functions by cumulative time --\n")
        stats.sort_stats("cumulative").print_stats(rf"{ROOT.name}/(core|ui|pages|loaders|exports)/", 25)
        out.write("\n-- everything by own time --\n")
        stats.sort_stats("tottime").print_stats(15)
        out.write("\n-- which query functions wait on DuckDB (the fetch_* time is the query's) --\n")
        stats.sort_stats("cumulative").print_callers(
            r"core/storage/db.py:\d+\((fetch_df|fetch_rows|fetch_value|connect)\)"
        )
        result["profile"] = out.getvalue()
    result["peak_mb"] = round(_peak_mb())
    hwm = _hwm_mb()
    result["hwm_mb"] = round(hwm) if hwm is not None else None
    result_path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------- the parent: build, spawn, print


def build_worker(path: Path, items: int, result_path: Path) -> None:
    from bench.big_county import build

    result_path.write_text(json.dumps(build(path, items), ensure_ascii=False), encoding="utf-8")


def _subprocess(arguments: list[str], env: dict | None = None) -> dict:
    """Run this module with `arguments` in a fresh process and return the JSON it wrote."""
    with tempfile.TemporaryDirectory(prefix="pages_speed_") as tmp:
        result_path = Path(tmp) / "result.json"
        command = [sys.executable, "-m", "bench.pages_speed", *arguments, "--result", str(result_path)]
        t0 = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if done.returncode != 0 or not result_path.exists():
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"subprocess {' '.join(arguments)} failed (exit {done.returncode})")
        result = json.loads(result_path.read_text(encoding="utf-8"))
    result["subprocess_seconds"] = round(wall, 1)
    return result


def _database(size: int, folder: Path) -> tuple[Path, dict | None]:
    """DIR/<size>.duckdb, built (in a subprocess, see _peak_mb) unless it is already there."""
    path = folder / f"{size}.duckdb"
    if path.exists():
        return path, None
    return path, _subprocess(["--build", str(path), "--items", str(size)])


def _measure(db: Path, profile: str | None) -> dict:
    return _subprocess(["--worker", str(db), *(["--profile", profile] if profile else [])], {"DASHBOARD_DB": str(db)})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="build into / reuse DIR/<size>.duckdb instead of a temp dir")
    parser.add_argument("--profile", help="also print a cProfile of one run of this page (e.g. timeliness)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--items", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    profile = _page_path(args.profile) if args.profile else None
    if args.worker:
        worker(args.worker, args.result, profile)
        return
    if args.build:
        build_worker(args.build, args.items, args.result)
        return

    results = []
    with tempfile.TemporaryDirectory(prefix="pages_speed_db_") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            db, built = _database(size, folder)
            if built:
                print(
                    f"[{size:,} items] built {db.name}: generate {built['generate_seconds']:.1f} s "
                    f"({built['files']} CSV files, {built['csv_mb']} MB), import {built['import_seconds']:.1f} s, "
                    f"loaded {built['loaded']}, rejected {built['rejected']}; "
                    f"{built['subprocess_seconds']} s in all",
                    flush=True,
                )
            else:
                print(f"[{size:,} items] reusing {db}", flush=True)
            result = _measure(db, profile)
            result.update(size=size, db_mb=db.stat().st_size / 1e6)
            results.append(result)
            print(f"[{size:,} items] measured in {result['subprocess_seconds']} s", flush=True)

    print()
    print(f"Page run times with AppTest (month {MONTH}; best of {RUNS}: switch_page().run(), then at.run() ×2)")
    print(f"{'items':>10}  {'page':<22} {'best s':>7}  {'all runs s':<20} {'target':<9} {'peak MB so far':>14}")
    failures = []
    for r in results:
        for p in r["pages"]:
            target = ""
            if r["size"] >= TARGET_SIZE:
                target = "ok ≤1 s" if p["best"] <= TARGET_SECONDS else "OVER 1 s"
                if p["best"] > TARGET_SECONDS:
                    failures.append(f"{p['page']} at {r['size']:,}: {p['best']:.2f} s")
            runs = " / ".join(f"{t:.2f}" for t in p["runs"])
            print(
                f"{r['size']:>10,}  {p['page']:<22} {p['best']:>7.3f}  {runs:<20} {target:<9} {p['peak_mb_so_far']:>14}"
                f"  {p.get('title', '')}"
            )
            for problem in p["problems"]:
                print(f"{'':>12}PROBLEM: {problem}")
    print()
    print(
        f"{'items':>10}  {'DuckDB file':>11}  {'warm-up run':>11}  {'overview items':>14}  "
        f"{'RSS after imports':>17}  {'peak RSS':>8}  {'VmHWM':>7}  target < {TARGET_MB} MB"
    )
    for r in results:
        verdict = "ok" if r["peak_mb"] < TARGET_MB else "OVER"
        if r["peak_mb"] >= TARGET_MB:
            failures.append(f"peak memory at {r['size']:,}: {r['peak_mb']} MB")
        print(
            f"{r['size']:>10,}  {r['db_mb']:>8.1f} MB  {r['warmup_seconds']:>9.2f} s  "
            f"{str(r['overview_items']):>14}  {r['rss_after_imports_mb']:>14} MB  {r['peak_mb']:>5} MB  {r['hwm_mb']:>4} MB  {verdict}"
        )
        for problem in r["warmup_problems"]:
            print(f"{'':>12}PROBLEM in warm-up: {problem}")
    print()
    print("Targets missed: " + ("; ".join(failures) if failures else "none"))
    for r in results:
        if r.get("profile"):
            print(f"\n==== profile at {r['size']:,} items ====\n{r['profile']}")


if __name__ == "__main__":
    main()

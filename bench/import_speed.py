"""Benchmark: import a 100k-row items workbook and compare with the raw python-calamine read of the same file.

    python -m bench.import_speed [--rows 100000] [--processes-only]

Prints: import seconds, raw calamine read seconds, their ratio (target ≤ 2.0), and the process's peak memory;
then the same comparison counted as whole processes (`python -m loaders import` against a `python -c` that only
reads the file with python-calamine), which is what a cron job or an upload pays (issue 9).
"""

import argparse
import compileall
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from core.storage.db import opened
from core.storage.migrations import migrate
from loaders.pipeline import import_file, parse_file, write_file

_ROOT = Path(__file__).resolve().parent.parent
UNITS = [f"县第{i}局" for i in range(1, 36)] + [f"第{i}镇" for i in range(1, 12)]
COLUMNS = ["工作动态", "通知公告", "政策文件", "政策解读", "人事信息"]


def _registry(folder: Path) -> Path:
    path = folder / "units.csv"
    lines = ["单位名称,单位类型"] + [f"{u},{'乡镇' if u.endswith('镇') else '县直部门'}" for u in UNITS]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _items_workbook(folder: Path, rows: int) -> Path:
    """A ledger like the office's: title row, header, `rows` items with date cells, a 合计 line."""
    rng = random.Random(2)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("发布台账")
    ws.append(["清源县政府信息公开发布台账"])
    ws.append(["序号", "单位", "栏目", "标题", "发布日期", "成文日期", "链接"])
    start = date(2022, 1, 1)
    for n in range(rows):
        published = start + timedelta(days=rng.randrange(1700))
        ws.append(
            [
                n + 1,
                rng.choice(UNITS),
                rng.choice(COLUMNS),
                f"关于做好第{n}项工作的通知",
                published,
                published - timedelta(days=rng.randrange(15)),
                f"http://www.example.gov.cn/zwgk/{n}.html",
            ]
        )
    ws.append(["合计", rows])
    path = folder / "items_100k.xlsx"
    wb.save(path)
    return path


def _timed(action) -> float:
    t0 = time.perf_counter()
    action()
    return time.perf_counter() - t0


_RAW_READ = (
    "import sys; from python_calamine import CalamineWorkbook; "
    "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()"
)


def _process_seconds(command: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the process and every child it waited for: the CLI's reader
    child and DuckDB's threads) of one whole process. On a shared machine the CPU figure moves far less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=_ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _whole_processes(folder: Path, ledger: Path, attempts: int = 5) -> None:
    """Best of `attempts` whole processes each: the CLI import into a fresh database vs the bare calamine read,
    taken in turn so that a busy moment of a shared machine weighs on both alike. The project's bytecode is
    brought up to date first, as scripts/setup.sh leaves it for a cron job."""
    compileall.compile_dir(_ROOT, quiet=1, rx=re.compile(r"/\.(venv|git)/|/tests/"))
    raw, runs = [], []
    for attempt in range(attempts):
        raw.append(_process_seconds([sys.executable, "-c", _RAW_READ, str(ledger)]))
        db = folder / f"cli{attempt}.duckdb"
        _process_seconds([sys.executable, "-m", "loaders", "import", str(_registry(folder)), "--db", str(db)])
        runs.append(_process_seconds([sys.executable, "-m", "loaders", "import", str(ledger), "--db", str(db)]))
    (raw_wall, raw_cpu), (run_wall, run_cpu) = (tuple(map(min, zip(*r))) for r in (raw, runs))
    print(f"whole process, raw python-calamine read (best of {attempts}): {raw_wall:.2f} s (CPU {raw_cpu:.2f} s)")
    print(f"whole process, python -m loaders import (best of {attempts}): {run_wall:.2f} s (CPU {run_cpu:.2f} s)")
    print(f"ratio as whole processes: {run_wall / raw_wall:.2f} (target ≤ 2.0); CPU ratio {run_cpu / raw_cpu:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--processes-only", action="store_true", help="only the whole-process comparison")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ledger = _items_workbook(folder, args.rows)
        _whole_processes(folder, ledger)
        if args.processes_only:
            return
        raw_seconds = min(
            _timed(lambda: CalamineWorkbook.from_path(str(ledger)).get_sheet_by_index(0).to_python()) for _ in range(3)
        )
        import_runs = []
        for attempt in range(3):  # best of 3, each into a fresh database, as the raw read is best of 3
            with opened(folder / f"bench{attempt}.duckdb") as con:
                migrate(con)
                registry = _registry(folder)
                import_file(con, registry.read_bytes(), registry.name)
                t0 = time.perf_counter()
                parsed = parse_file(ledger.read_bytes(), ledger.name)
                t_parse = time.perf_counter() - t0
                report = write_file(con, parsed)
                import_runs.append((time.perf_counter() - t0, t_parse))
                if attempt == 0:
                    t0 = time.perf_counter()
                    again = write_file(con, parse_file(ledger.read_bytes(), ledger.name))
                    reimport_seconds = time.perf_counter() - t0
        import_seconds, t_parse = min(import_runs)
        size_mb = ledger.stat().st_size / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows: {report.rows} (loaded {report.loaded}, rejected {report.rejected}); file {size_mb:.1f} MB")
    print(f"raw python-calamine read (best of 3): {raw_seconds:.2f} s")
    print(f"import, best of 3 (read+find header {t_parse:.2f} s; total): {import_seconds:.2f} s")
    print(f"ratio import / raw read: {import_seconds / raw_seconds:.2f} (target ≤ 2.0)")
    print(f"re-import of the same file (all duplicate: {again.duplicate}): {reimport_seconds:.2f} s")
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()

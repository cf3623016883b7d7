"""Build the embedded demo database from the bundled sample ledgers in data/samples/.

Never imports streamlit. Built into a side file and moved into place at the end, so an interrupted first
start never leaves a half-built database that looks complete.
"""

import os
from collections.abc import Callable
from pathlib import Path

from core.accounts.demo import add_demo_accounts
from core.config import SAMPLES_DIR
from core.storage.db import opened
from core.storage.migrations import migrate
from loaders.pipeline import parse_file, write_file
from loaders.report import FileReport

SAMPLE_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".csv")


def sample_files(samples_dir: Path = SAMPLES_DIR) -> list[Path]:
    """The bundled ledgers, in name order (the registry files are named to come first)."""
    return sorted(p for p in samples_dir.iterdir() if p.suffix.lower() in SAMPLE_SUFFIXES)


def build_demo_database(
    path: Path, samples_dir: Path = SAMPLES_DIR, progress: Callable[[int, int, str], None] | None = None
) -> list[FileReport]:
    """Create `path` from the sample ledgers; progress(done, total, file_name) after each file."""
    files = sample_files(samples_dir)
    building = path.with_name(path.name + ".building")
    for leftover in (building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)
    reports = []
    with opened(building) as con:
        migrate(con)
        for done, file in enumerate(files, start=1):
            reports.append(write_file(con, parse_file(file.read_bytes(), file.name), source="demo"))
            if progress:
                progress(done, len(files), file.name)
        add_demo_accounts(con)  # issue 11: the demo's accounts, kept apart from the sample ledgers
        con.execute("CHECKPOINT")
    os.replace(building, path)
    return reports

"""Build the embedded demo database from ledgers generated for the build day (demo/generate_samples.py).

Never imports streamlit. The ledgers are written into a temporary folder and imported through the real
loaders, so the demo shows what an import of such files shows. Built into a side file and moved into place
at the end, so an interrupted first start never leaves a half-built database that looks complete.
"""

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from core.accounts.demo import add_demo_accounts
from core.accounts.users import user_by_login
from core.annual_reports.queries import item_figures, ledger_table_three
from core.config import today as current_day
from core.storage.db import fetch_rows, opened
from core.storage.migrations import migrate
from demo.annual_reports import DemoUnit, demo_reports, report_year
from demo.generate_samples import generate
from loaders.annual_report import import_report
from loaders.pipeline import parse_file, write_file
from loaders.report import FileReport

SAMPLE_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".csv")


def sample_files(samples_dir: Path) -> list[Path]:
    """The ledgers of a folder, in name order (the registry files are named to come first)."""
    return sorted(p for p in samples_dir.iterdir() if p.suffix.lower() in SAMPLE_SUFFIXES)


def build_demo_database(
    path: Path,
    today: date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    samples_dir: Path | None = None,
) -> list[FileReport]:
    """Create `path` from the 清源县 ledgers as of `today` (default: core.config.today()); one FileReport per file.

    progress(done, total, file_name) after each file. With `samples_dir`, import that folder's ledgers instead
    (e.g. the committed example set data/samples/, generated for 2026-11-20).
    """
    day = today or current_day()
    if samples_dir is not None:
        return _import_folder(path, samples_dir, progress, day)
    with tempfile.TemporaryDirectory(prefix="demo-ledgers-") as folder:
        generate(Path(folder), day)
        return _import_folder(path, Path(folder), progress, day)


def _import_folder(
    path: Path, folder: Path, progress: Callable[[int, int, str], None] | None, day: date
) -> list[FileReport]:
    """Import the folder's ledgers in order, judged as imported on `day` (the build day: plausible dates)."""
    files = sample_files(folder)
    building = path.with_name(path.name + ".building")
    for leftover in (building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)
    reports = []
    with opened(building) as con:
        migrate(con)
        for done, file in enumerate(files, start=1):
            reports.append(write_file(con, parse_file(file.read_bytes(), file.name), source="demo", today=day))
            if progress:
                progress(done, len(files), file.name)
        _add_demo_contacts(con)
        add_demo_accounts(con)  # issue 11: the demo's accounts, kept apart from the sample ledgers
        _add_demo_annual_reports(con, day)
        con.execute("CHECKPOINT")
    os.replace(building, path)
    return reports


def _add_demo_annual_reports(con, day: date) -> None:
    """The units' reports of the last year whose deadline has passed (issue 13), as web pages built from the demo's
    own ledgers (demo.annual_reports: a few late, wrong or missing), imported by 演示办公室 through the real
    report importer (read in its capped child process, checked, stored, audited)."""
    year = report_year(day)
    units = [
        DemoUnit(name, unit_type, ledger_table_three(con, unit_id, year), item_figures(con, unit_id, year) or {})
        for unit_id, name, unit_type in fetch_rows(
            con, "SELECT unit_id, name, unit_type FROM units WHERE in_assessment ORDER BY sort_order NULLS LAST, name"
        )
    ]
    office = user_by_login(con, "demo_office")
    assert office is not None, "add_demo_accounts adds demo_office"
    for name, data, published in demo_reports(units, day):
        import_report(con, office, data, name, published)


def _add_demo_contacts(con) -> None:
    """Give every demo unit a liaison with a fictitious mobile and e-mail (issue 14: the reminders @-mention the
    liaisons' mobiles), recorded under the 单位名录's import as if the 名录 had carried the contact columns; units
    that already have contacts from the 名录 keep theirs."""
    con.execute(
        """
        INSERT INTO unit_contacts (unit_id, liaison, mobile, email, import_id)
        SELECT u.unit_id, '联络员' || u.unit_id, '1380000' || lpad(u.unit_id::VARCHAR, 4, '0'),
               'liaison' || u.unit_id || '@qingyuan.example', (SELECT min(import_id) FROM imports)
        FROM units u WHERE u.unit_id NOT IN (SELECT unit_id FROM unit_contacts)
          AND (SELECT min(import_id) FROM imports) IS NOT NULL"""
    ).fetchall()

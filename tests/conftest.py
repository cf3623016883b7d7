"""Shared fixtures for the loader tests: a migrated temp DuckDB, a connection, a small registry."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledgers import registry_sheets, write_xlsx  # noqa: E402

from core.storage.db import connect  # noqa: E402
from core.storage.migrations import migrate  # noqa: E402
from loaders.pipeline import import_file  # noqa: E402
from loaders.report import FileReport  # noqa: E402

# Tables an import may write; compared whole before/after to prove "changes nothing".
DATA_TABLES = (
    "units",
    "unit_aliases",
    "site_columns",
    "items",
    "findings",
    "finding_history",
    "requests",
    "column_exemptions",
    "finding_conflicts",
    "quarantine",
    "annual_report_cells",
    "rubric_versions",
    "bulletins",
    "bulletin_scores",
    "bulletin_lines",
)


def import_bytes(con: duckdb.DuckDBPyConnection, path: Path, kind: str | None = None) -> FileReport:
    """Import a file exactly as the CLI and the upload page do: its bytes and its name."""
    return import_file(con, path.read_bytes(), path.name, kind)


def snapshot(
    con: duckdb.DuckDBPyConnection, tables: tuple[str, ...] = DATA_TABLES, with_imports: bool = False
) -> dict[str, list[tuple]]:
    """Full, ordered contents of the given tables (import timestamps excluded where they vary)."""
    result = {}
    for table in tables + (("imports",) if with_imports else ()):
        columns = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
        ]
        if table == "finding_history":
            columns = [c for c in columns if c != "changed_at"]
        cols = ", ".join(columns)
        result[table] = con.execute(f"SELECT {cols} FROM {table} ORDER BY ALL").fetchall()
    return result


def assert_invariant(report: FileReport) -> None:
    """Nothing is lost: every data row has exactly one outcome."""
    assert report.loaded + report.updated + report.duplicate + report.rejected == report.rows


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "dashboard.duckdb"
    con = connect(path)
    try:
        migrate(con)
    finally:
        con.close()
    return path


@pytest.fixture
def con(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(db_path)
    yield connection
    connection.close()


@pytest.fixture
def registry_file(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "单位名录.xlsx", registry_sheets())


@pytest.fixture
def registry_con(con: duckdb.DuckDBPyConnection, registry_file: Path) -> duckdb.DuckDBPyConnection:
    report = import_bytes(con, registry_file)
    assert report.rejected == 0 and report.loaded == 10, report
    return con


def outcomes(report: FileReport) -> tuple[int, int, int, dict[int, str]]:
    """(loaded, updated, duplicate, {row number: reason} of the rejected rows) of a one-sheet import.

    Checks that nothing is lost: loaded + updated + duplicate + rejected == rows, one problem per rejected row.
    """
    assert_invariant(report)
    rejected = {p.row_number: p.reason for p in report.problems}
    assert len(rejected) == len(report.problems) == report.rejected
    return report.loaded, report.updated, report.duplicate, rejected


@pytest.fixture
def county(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The hand-made county of tests/apphelpers.small_county, loaded through the real loaders."""
    from tests.apphelpers import new_database, small_county

    con = new_database(tmp_path / "county.duckdb")
    small_county(con, tmp_path)
    yield con
    con.close()

"""Shared fixtures for the loader tests: a migrated temp DuckDB, a connection, a small registry."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

import loaders.write
sys.path.insert(0, str(Path(__file__).resolve().parent))

from core.db import connect  # noqa: E402
from core.migrations import migrate  # noqa: E402
from loaders.pipeline import import_file  # noqa: E402
from loaders.report import FileReport  # noqa: E402
from ledgers import registry_sheets, write_xlsx  # noqa: E402

# Tables an import may write; compared whole before/after to prove "changes nothing".
DATA_TABLES = ("units", "unit_aliases", "site_columns", "items", "findings", "finding_history", "requests",
               "quarantine", "annual_report_cells")


def import_bytes(con: duckdb.DuckDBPyConnection, path: Path, kind: str | None = None) -> FileReport:
    """Import a file exactly as the CLI and the upload page do: its bytes and its name."""
    return import_file(con, path.read_bytes(), path.name, kind)


def snapshot(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...] = DATA_TABLES,
             with_imports: bool = False) -> dict[str, list[tuple]]:
    """Full, ordered contents of the given tables (import timestamps excluded where they vary)."""
    result = {}
    for table in tables + (("imports",) if with_imports else ()):
        columns = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table]).fetchall()]
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


@dataclass
class UpsertSpy:
    """Records what every `loaders.write.upsert` call decided: (kind, {row_number: outcome})."""

    calls: list[tuple[str, dict[int, str]]] = field(default_factory=list)

    def of(self, kind: str) -> list[dict[int, str]]:
        return [outcomes for k, outcomes in self.calls if k == kind]

    def clear(self) -> None:
        self.calls.clear()


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> UpsertSpy:
    recorder = UpsertSpy()
    real = loaders.write.upsert

    def recording(con, kind, frame, import_id):
        outcomes = real(con, kind, frame, import_id)
        recorder.calls.append((kind, dict(outcomes)))
        return outcomes

    monkeypatch.setattr(loaders.write, "upsert", recording)
    return recorder


def row_outcomes(report: FileReport, spy: UpsertSpy, kind: str) -> dict[int, str]:
    """Spreadsheet row number → outcome for a single-sheet file of one kind, rejected rows included.

    Asserts that no row has two outcomes and that the outcomes account for every counted row.
    """
    written = spy.of(kind)
    assert len(written) <= 1, "use spy.of() for multi-sheet files"
    result = dict(written[0]) if written else {}
    for problem in report.problems:
        assert problem.row_number not in result, f"row {problem.row_number} both written and rejected"
        result[problem.row_number] = "rejected"
    assert len(result) == report.rows
    assert_invariant(report)
    for outcome in ("loaded", "updated", "duplicate", "rejected"):
        assert list(result.values()).count(outcome) == getattr(report, outcome), outcome
    return result

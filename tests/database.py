"""Database helpers the tests share: import a file as the CLI does, snapshot tables, count row outcomes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from loaders.pipeline import import_file
from loaders.report import FileReport

# Tables an import may write; compared whole before/after to prove "changes nothing".
DATA_TABLES = (
    "units",
    "unit_aliases",
    "unit_contacts",
    "site_columns",
    "items",
    "findings",
    "finding_history",
    "requests",
    "column_exemptions",
    "finding_conflicts",
    "quarantine",
    "quarantine_edits",
    "rectification_feedback",
    "rectification_evidence",
    "annual_reports",
    "annual_report_values",
    "annual_report_checks",
    "annual_check_reviews",
    "year_assessments",
    "year_assessment_scores",
    "year_assessment_monthly",
    "year_assessment_items",
    "import_uploads",
    "annual_report_cells",
    "rubric_versions",
    "bulletins",
    "bulletin_scores",
    "bulletin_lines",
    "document_register",
    "document_paragraphs",
    "users",
    "sessions",
    "audit_log",
    "reminder_sends",
    "inspection_pairs",
)


# The day the tests' ledgers are imported on: after every date they hold (some reach into 2027), so that the
# plausible-date window never depends on the day the suite runs. Tests of the window pass their own day.
IMPORT_DAY = date(2027, 12, 31)


def import_bytes(
    con: duckdb.DuckDBPyConnection, path: Path, kind: str | None = None, today: date = IMPORT_DAY
) -> FileReport:
    """Import a file exactly as the CLI and the upload page do: its bytes and its name, on `today`."""
    return import_file(con, path.read_bytes(), path.name, kind, today=today)


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


def outcomes(report: FileReport) -> tuple[int, int, int, dict[int, str]]:
    """(loaded, updated, duplicate, {row number: reason} of the rejected rows) of a one-sheet import.

    Checks that nothing is lost: loaded + updated + duplicate + rejected == rows, one problem per rejected row.
    """
    assert_invariant(report)
    rejected = {p.row_number: p.reason for p in report.problems}
    assert len(rejected) == len(report.problems) == report.rejected
    return report.loaded, report.updated, report.duplicate, rejected

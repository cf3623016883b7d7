"""Every file format and encoding gives the same row outcomes; the imports row records counts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.database import import_bytes, outcomes
from tests.loaders.helpers import HOSTILE_REASONS, HOSTILE_ROWS, OCT8, RARE, hostile_file, items, quarantine

# --- one hostile items sheet, in every file format ------------------------------------------------------

# Data starts on spreadsheet row 5 (title, 填报单位 line, blank row, header above it).
FORMATS = ["xlsx", "xlsm", "xls", "utf-8", "utf-8-sig", "gbk", "gb18030", "utf-8+tab", "gb18030+tab"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_items_sheet_gives_the_same_row_outcomes_in_every_format(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path, fmt: str
) -> None:
    path = hostile_file(tmp_path, fmt)
    report = import_bytes(registry_con, path)

    assert report.rows == 7
    assert outcomes(report) == (2, 0, 1, HOSTILE_REASONS)  # rows 5 and 6 loaded, 7 a duplicate of 6
    assert report.kind == "items" and report.sheets_skipped == []
    stored = items(registry_con)
    expected_first = HOSTILE_ROWS[0][2] if fmt != "gbk" else HOSTILE_ROWS[0][2].replace(RARE, "吉")
    assert [(r["unit"], r["column_name"], r["title"], r["published_on"]) for r in stored] == [
        ("县应急管理局", "通知公告", expected_first, OCT8),
        ("县应急管理局", "通知公告", "国庆值班安排", OCT8),
    ]
    assert stored[0]["url"] == "http://yjj.example.gov.cn/tzgg/1.html"
    q = quarantine(registry_con)
    assert {r["row_number"]: r["reason"] for r in q} == HOSTILE_REASONS
    assert {r["file_name"] for r in q} == {path.name}
    expected_sheet = "10月" if fmt in ("xlsx", "xlsm", "xls") else "CSV"
    assert {r["sheet"] for r in q} == {expected_sheet}
    assert {r["import_id"] for r in q} == {report.import_id}
    assert {r["kind"] for r in q} == {"items"}


def test_csv_encoding_is_reported(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = import_bytes(registry_con, hostile_file(tmp_path, "gbk"))
    assert report.encoding == "gb18030"
    report = import_bytes(registry_con, hostile_file(tmp_path, "utf-8-sig"))
    assert report.encoding == "utf-8-sig"


def test_imports_row_records_counts_and_sheets(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = import_bytes(registry_con, hostile_file(tmp_path, "xlsx"))
    row = registry_con.execute(
        """SELECT file_name, kind, status, rows, loaded, updated, duplicate, rejected,
                                         sheets_read, sheets_skipped, sha256, finished_at IS NOT NULL
                                  FROM imports WHERE import_id = ?""",
        [report.import_id],
    ).fetchone()
    assert row[:10] == ("发布台账.xlsx", "items", "completed", 7, 2, 0, 1, 4, "10月", "")
    assert len(row[10]) == 64 and row[11]

"""The 互查 county of tests/inspection serves the year's assessment too, with the 2025 annual reports: 县甲局's
received on time (2026-01-20), 县丙局's late (2026-02-10), 乙镇's missing."""

from datetime import date, datetime

import duckdb
import pytest

from tests.inspection.conftest import inspection_county

REPORTS = {"县甲局": date(2026, 1, 20), "县丙局": date(2026, 2, 10)}


def with_annual_reports(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    for name, received in REPORTS.items():
        con.execute(
            """INSERT INTO annual_reports (unit_id, year, file_name, sha256, file_format, report_format, complete,
                   received_on, imported_at, imported_by)
               SELECT unit_id, 2025, ?, 'x', 'docx', '2021版', true, ?, ?, '测试' FROM units WHERE name = ?""",
            [f"{name}2025年度报告.docx", received, datetime(2026, 3, 1), name],
        )
    return con


@pytest.fixture
def icounty(tmp_path):
    con = with_annual_reports(inspection_county(tmp_path))
    yield con
    con.close()

"""The county's annual-report documents of a year: the summary table (.xlsx, one row per registry unit) and each
received unit's 年度报告审查意见 (.docx), from the stored results of core.annual_reports.queries.

Never imports streamlit. The page (download buttons) and `python -m exports annual YEAR` build the same files
here; what a person may see is the UnitScope passed in (a liaison gets his own unit's row and review only).
"""

from datetime import date

import duckdb
import pandas as pd
from openpyxl import Workbook

from core.annual_reports.queries import report_checks, report_status
from core.annual_reports.vocabulary import (
    COLUMN_LABELS,
    DECISION_LABELS,
    FAIL,
    FORMAT_LABELS,
    LATE,
    ON_TIME,
    RECEIPT_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    UNCERTAIN,
)
from core.registry.office import Office
from core.storage.scope import UnitScope
from exports.annual_review import review_docx, review_file_name, review_from_checks
from exports.monthly import office_info
from exports.tables import _save, write_sheet

SUMMARY_COLUMNS = ("unit_name", "unit_type", "state", "received_on", "report_format", "complete", "fails",
                   "uncertain", "accepted", "dismissed", "open_fails", "main_problems")  # fmt: skip
DETAIL_COLUMNS = ("unit_name", "check_id", "check_name", "status", "severity", "message", "expected", "found",
                  "decision", "decision_note")  # fmt: skip
_COUNTS = ("fails", "uncertain", "accepted", "dismissed", "open_fails")


def summary_file_name(year: int) -> str:
    return f"{year}年度政府信息公开工作年度报告审查汇总表.xlsx"


def summary_rows(status: pd.DataFrame) -> pd.DataFrame:
    """`report_status` as the summary sheet shows it: Chinese words, the date, "—" where nothing was received."""
    received = status["state"].isin([ON_TIME, LATE])
    rows = pd.DataFrame(
        {
            "unit_name": status["unit_name"],
            "unit_type": status["unit_type"].fillna("—"),
            "state": status["state"].map(RECEIPT_LABELS),
            "received_on": [v.date() if pd.notna(v) else "—" for v in pd.to_datetime(status["received_on"])],
            "report_format": status["report_format"].map(lambda f: FORMAT_LABELS.get(f, "—")),
            "complete": status["complete"].map(lambda v: "—" if pd.isna(v) else ("是" if v else "否")),
        }
    )
    for column in _COUNTS:  # counts of a report not received would read as "no problem": say "—"
        rows[column] = [int(n) if r else "—" for n, r in zip(status[column], received, strict=True)]
    rows["main_problems"] = [p if isinstance(p, str) and p else "—" for p in status["main_problems"]]
    return rows


def detail_rows(checks: pd.DataFrame) -> pd.DataFrame:
    """The 不通过 and 无法确定 results of every unit, with the office's decision, in Chinese words."""
    kept = checks.loc[checks["status"].isin([FAIL, UNCERTAIN]), list(DETAIL_COLUMNS)].copy()
    kept["status"] = kept["status"].map(STATUS_LABELS)
    kept["severity"] = kept["severity"].map(lambda s: SEVERITY_LABELS.get(s, s))
    kept["decision"] = kept["decision"].map(lambda d: DECISION_LABELS.get(d, "—") if isinstance(d, str) else "—")
    for column in ("expected", "found", "decision_note"):
        kept[column] = [v if isinstance(v, str) and v else "—" for v in kept[column]]
    return kept


def summary_xlsx(con: duckdb.DuckDBPyConnection, scope: UnitScope, year: int, today: date) -> bytes:
    """The summary workbook: sheet 汇总 (every unit in scope, one row each) and sheet 问题明细 (each 不通过 /
    无法确定 result), titled with the year and 统计截至 `today`, styled like exports.tables."""
    status = report_status(con, scope, year, today)
    checks = report_checks(con, scope, year)
    wb = Workbook()
    wb.active.title = "汇总"
    title = f"{year}年度政府信息公开工作年度报告报送与审查情况汇总表"
    write_sheet(wb.active, summary_rows(status), title, COLUMN_LABELS, today)
    write_sheet(wb.create_sheet("问题明细"), detail_rows(checks), f"{year}年度报告审查问题明细", COLUMN_LABELS, today)
    return _save(wb)


def unit_reviews(
    con: duckdb.DuckDBPyConnection, scope: UnitScope, year: int, today: date, office: Office
) -> dict[str, bytes]:
    """File name → 审查意见 (.docx) for every unit in scope whose report of `year` was received, in registry order."""
    status = report_status(con, scope, year, today)
    checks = report_checks(con, scope, year)
    received = status.loc[status["state"].isin([ON_TIME, LATE])]
    files = {}
    for row in received.itertuples(index=False):
        review = review_from_checks(
            office_info(office),
            row.unit_name,
            year,
            checks.loc[checks["unit_id"] == row.unit_id],
            today,
            office.feedback_days,
            pd.Timestamp(row.received_on).date(),
            row.file_name,
        )
        files[review_file_name(row.unit_name, year)] = review_docx(review)
    return files


def unit_review(
    con: duckdb.DuckDBPyConnection, scope: UnitScope, year: int, unit_id: int, today: date, office: Office
) -> bytes:
    """One unit's 审查意见 (the scope narrowed to that unit); KeyError when its report is not received or the
    unit is outside the scope."""
    ids = (unit_id,) if scope.unit_ids is None else tuple(u for u in scope.unit_ids if u == unit_id)
    files = unit_reviews(con, UnitScope(scope.unit_types, ids, scope.assessed_only), year, today, office)
    if not files:
        raise KeyError(unit_id)
    return next(iter(files.values()))

"""Annual reports and their check results as stored: write one unit/year slice, read them back per scope.

Never imports streamlit. Every read of several units' data takes a UnitScope (a liaison sees his own unit).
"""

import json
from dataclasses import asdict
from datetime import date, datetime

import duckdb
import pandas as pd

from core.accounts.actions import person
from core.accounts.audit import audited
from core.accounts.identity import User
from core.accounts.vocabulary import MARK, REVIEW_ANNUAL_CHECK
from core.annual_reports.checks import CHECKS, CheckContext, LedgerFigures
from core.annual_reports.model import CheckResult, MappedReport, Value
from core.annual_reports.vocabulary import (
    ACCEPTED,
    DECISIONS,
    DISMISSED,
    FAIL,
    LATE,
    LED2_COLUMN_WORDS,
    MISSING,
    NOT_DUE,
    ON_TIME,
    STATUSES,
    UNCERTAIN,
)
from core.errors import DashboardError
from core.storage.db import fetch_df, fetch_rows
from core.storage.scope import UnitScope


def due_date(year: int) -> date:
    """The publication deadline of a year's report: 31 January of the next year (条例 第四十九条)."""
    return date(year + 1, 1, 31)


def store_report(
    con: duckdb.DuckDBPyConnection,
    unit_id: int,
    report: MappedReport,
    results: list[CheckResult],
    sha256: str,
    received_on: date,
    person: str,
) -> None:
    """Replace the unit's report of that year, its values and check results (the office's decisions stay)."""
    year = report.year
    for table in ("annual_reports", "annual_report_values", "annual_report_checks"):
        con.execute(f"DELETE FROM {table} WHERE unit_id = ? AND year = ?", [unit_id, year])
    now = datetime.now()
    con.execute(
        "INSERT INTO annual_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            unit_id, year, report.file_name, sha256, report.file_format, report.format,
            not any(r.check_id == "CMP-1" and r.status == FAIL for r in results), received_on, report.dated,
            report.unit_name, report.text, json.dumps(report.sections, ensure_ascii=False),
            json.dumps(report.notes, ensure_ascii=False), now, person,
        ],
    )  # fmt: skip
    values = [
        (unit_id, year, v.table, v.row, v.column, v.raw, v.number, v.invalid, v.where, v.row_label)
        for v in report.values.values()
    ]
    if values:
        con.executemany("INSERT INTO annual_report_values VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
    con.executemany(
        "INSERT INTO annual_report_checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (unit_id, year, r.check_id, r.status, r.severity, r.message, r.expected, r.found,
             json.dumps(list(r.cells), ensure_ascii=False), now)
            for r in results
        ],
    )  # fmt: skip


def stored_report(con: duckdb.DuckDBPyConnection, unit_id: int, year: int) -> MappedReport | None:
    """The unit's report of that year as mapped when it was stored, or None (for X-1, X-2, TXT-3, YOY-1)."""
    rows = fetch_rows(
        con,
        """SELECT file_name, file_format, unit_written, report_format, report_text, sections, dated, notes
           FROM annual_reports WHERE unit_id = ? AND year = ?""",
        [unit_id, year],
    )
    if not rows:
        return None
    name, file_format, unit, fmt_, text, sections, dated, notes = rows[0]
    report = MappedReport(name, file_format, unit or "", year, fmt_, text=text or "", dated=dated)
    report.sections = json.loads(sections or "{}")
    report.notes = json.loads(notes or "[]")
    for table, row, col, raw, value, invalid, where, label in fetch_rows(
        con,
        """SELECT table_no, row_key, col_key, raw, value, invalid, location, row_label
           FROM annual_report_values WHERE unit_id = ? AND year = ?""",
        [unit_id, year],
    ):
        report.values[(table, row, col)] = Value(table, row, col, raw, value, where, label or "", invalid)
    return report


def ledger_figures(con: duckdb.DuckDBPyConnection, unit_id: int, year: int) -> LedgerFigures | None:
    """What the unit's 依申请公开 ledger says for the year (LED-1); None when the unit has no ledger rows at all."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = fetch_rows(
        con,
        """SELECT count(*),
                  count(*) FILTER (WHERE received_on BETWEEN ? AND ?),
                  count(*) FILTER (WHERE received_on <= ? AND (replied_on IS NULL OR replied_on > ?))
           FROM requests WHERE unit_id = ?""",
        [start, end, end, end, unit_id],
    )
    everything, received, still_open = rows[0]
    if not everything:
        return None
    outcomes = fetch_rows(
        con,
        """SELECT outcome, count(*) FROM requests
           WHERE unit_id = ? AND replied_on BETWEEN ? AND ? AND outcome IS NOT NULL GROUP BY outcome""",
        [unit_id, start, end],
    )
    return LedgerFigures(received, still_open, dict(outcomes))


# the 依申请公开 ledger's applicant types and outcomes → table 三's columns and rows (the demo's reports, issue 13)
_APPLICANT_COLUMNS = {"自然人": "natural", "商业企业": "business", "科研机构": "research", "社会公益组织": "social",
                      "法律服务机构": "legal"}  # fmt: skip
_OUTCOME_ROWS = {"予以公开": "open", "部分公开": "partial", "不予公开": "deny_4", "无法提供": "cannot_1",
                 "不予处理": "noproc_2", "其他处理": "other_3"}  # fmt: skip


def ledger_table_three(con: duckdb.DuckDBPyConnection, unit_id: int, year: int) -> dict[tuple[str, str], int]:
    """Table 三 as the unit's 依申请公开 ledger gives it for the year: (row key, column key) → count, without the
    总计 column; rows new, carried_in (open on 1 Jan), the outcome rows (replied that year), carried_out (open on
    31 Dec). Other applicant types count as 其他; each outcome goes to one representative row."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    columns = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _APPLICANT_COLUMNS.items())
    rows = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _OUTCOME_ROWS.items())
    found = fetch_rows(
        con,
        f"""WITH r AS (SELECT CASE applicant_type {columns} ELSE 'other_org' END AS col, received_on, replied_on,
                              CASE outcome {rows} END AS result_row FROM requests WHERE unit_id = ?)
            SELECT 'new', col, count(*) FROM r WHERE received_on BETWEEN ? AND ? GROUP BY col
            UNION ALL SELECT 'carried_in', col, count(*) FROM r
                WHERE received_on < ? AND (replied_on IS NULL OR replied_on >= ?) GROUP BY col
            UNION ALL SELECT 'carried_out', col, count(*) FROM r
                WHERE received_on <= ? AND (replied_on IS NULL OR replied_on > ?) GROUP BY col
            UNION ALL SELECT result_row, col, count(*) FROM r
                WHERE replied_on BETWEEN ? AND ? AND result_row IS NOT NULL GROUP BY result_row, col""",
        [unit_id, start, end, start, start, end, end, start, end],
    )
    return {(row, col): int(n) for row, col, n in found}


def item_figures(con: duckdb.DuckDBPyConnection, unit_id: int, year: int) -> dict[str, int] | None:
    """LED-2: per table 二 row, the items the unit published that year in its columns named for that row (a row
    whose column the unit lacks is absent); None when the unit has no such column."""
    cases = " ".join(
        f"WHEN {' OR '.join('c.name LIKE ?' for _ in words)} THEN '{row}'" for row, words in LED2_COLUMN_WORDS.items()
    )
    params = [f"%{w}%" for words in LED2_COLUMN_WORDS.values() for w in words]
    rows = fetch_rows(
        con,
        f"""SELECT m.category_row, count(i.item_id) FROM (
                SELECT c.column_id, CASE {cases} END AS category_row FROM site_columns c WHERE c.unit_id = ?) m
            LEFT JOIN items i ON i.column_id = m.column_id AND i.unit_id = ? AND i.published_on BETWEEN ? AND ?
            WHERE m.category_row IS NOT NULL GROUP BY m.category_row""",
        [*params, unit_id, unit_id, date(year, 1, 1), date(year, 12, 31)],
    )
    return {row: int(n) for row, n in rows} or None


def check_context(con: duckdb.DuckDBPyConnection, unit_id: int, year: int, published_on: date | None) -> CheckContext:
    """What the checks compare with: the unit's type, last year's stored report, the requests ledger."""
    types = fetch_rows(con, "SELECT unit_type FROM units WHERE unit_id = ?", [unit_id])
    return CheckContext(
        unit_type=types[0][0] if types else None,
        published_on=published_on,
        due_on=due_date(year),
        previous=stored_report(con, unit_id, year - 1),
        ledger=ledger_figures(con, unit_id, year),
        items=item_figures(con, unit_id, year),
    )


MAIN_PROBLEMS = 3  # how many of a unit's open 不通过 results the status names (the rest: see its checks)


def report_status(con: duckdb.DuckDBPyConnection, scope: UnitScope, year: int, today: date) -> pd.DataFrame:
    """Every unit in scope for the year: received or not and when (judged against 31 Jan), format, complete, the
    number of FAIL and UNCERTAIN results, the office's decisions on them, and the open failures (FAIL not
    overruled by 不予采纳) with the first MAIN_PROBLEMS of them as "id：说明" (errors first, CHECKS order).
    Columns: unit_id, unit_name, unit_type, state, received_on, file_name, report_format, complete, fails,
    uncertain, accepted, dismissed, open_fails, main_problems."""
    where, params = scope.sql()
    due = due_date(year)
    return fetch_df(
        con,
        f"""
        SELECT u.unit_id, u.name AS unit_name, u.unit_type,
               CASE WHEN a.unit_id IS NULL AND ? > ? THEN '{MISSING}'
                    WHEN a.unit_id IS NULL THEN '{NOT_DUE}'
                    WHEN a.received_on > ? THEN '{LATE}' ELSE '{ON_TIME}' END AS state,
               a.received_on, a.file_name, a.report_format, a.complete,
               count(c.check_id) FILTER (WHERE c.status = '{FAIL}') AS fails,
               count(c.check_id) FILTER (WHERE c.status = '{UNCERTAIN}') AS uncertain,
               count(r.check_id) FILTER (WHERE r.decision = '{ACCEPTED}') AS accepted,
               count(r.check_id) FILTER (WHERE r.decision = '{DISMISSED}') AS dismissed,
               count(c.check_id) FILTER (WHERE c.status = '{FAIL}' AND r.decision IS DISTINCT FROM '{DISMISSED}')
                   AS open_fails,
               array_to_string(list_slice(list(c.check_id || '：' || c.message
                       ORDER BY c.severity, list_position(?, c.check_id) NULLS LAST, c.check_id)
                   FILTER (WHERE c.status = '{FAIL}' AND r.decision IS DISTINCT FROM '{DISMISSED}'), 1, ?), '；')
                   AS main_problems
        FROM units u
        LEFT JOIN annual_reports a ON a.unit_id = u.unit_id AND a.year = ?
        LEFT JOIN annual_report_checks c ON c.unit_id = u.unit_id AND c.year = ?
        LEFT JOIN annual_check_reviews r ON r.unit_id = c.unit_id AND r.year = c.year AND r.check_id = c.check_id
        WHERE {where}
        GROUP BY u.unit_id, u.name, u.unit_type, u.sort_order, a.unit_id, a.received_on, a.file_name,
                 a.report_format, a.complete
        ORDER BY u.sort_order NULLS LAST, u.name""",
        [today, due, due, list(CHECKS), MAIN_PROBLEMS, year, year, *params],
    )


def open_failures(
    con: duckdb.DuckDBPyConnection, scope: UnitScope, year: int, not_counted: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Units in scope whose stored report of the year has 不通过 results the office did not overrule with 不予采纳
    (checks in `not_counted` left out), one row each. Columns: unit_id, unit_name, failures, check_ids (list, in
    CHECKS order)."""
    where, params = scope.sql()
    return fetch_df(
        con,
        f"""
        SELECT u.unit_id, u.name AS unit_name, count(*) AS failures,
               list(c.check_id ORDER BY list_position(?, c.check_id) NULLS LAST, c.check_id) AS check_ids
        FROM annual_report_checks c JOIN units u USING (unit_id)
        LEFT JOIN annual_check_reviews r USING (unit_id, year, check_id)
        WHERE c.year = ? AND c.status = '{FAIL}' AND r.decision IS DISTINCT FROM '{DISMISSED}'
          AND NOT list_contains(?, c.check_id) AND {where}
        GROUP BY u.unit_id, u.name ORDER BY u.unit_id""",
        [list(CHECKS), year, list(not_counted), *params],
    )


def report_checks(con: duckdb.DuckDBPyConnection, scope: UnitScope, year: int) -> pd.DataFrame:
    """The stored check results of the year for the units in scope (不通过 first, then CHECKS order), with the
    office's decision.
    Columns: unit_id, unit_name, check_id, check_name, status, severity, message, expected, found, cells (list),
    decision, decision_note."""
    where, params = scope.sql()
    frame = fetch_df(
        con,
        f"""
        SELECT c.unit_id, u.name AS unit_name, c.check_id, c.status, c.severity, c.message, c.expected, c.found,
               c.cells, r.decision, r.note AS decision_note
        FROM annual_report_checks c JOIN units u USING (unit_id)
        LEFT JOIN annual_check_reviews r USING (unit_id, year, check_id)
        WHERE c.year = ? AND {where}""",
        [year, *params],
    )
    order = {check_id: i for i, check_id in enumerate(CHECKS)}
    frame["check_name"] = [CHECKS[c][0] if c in CHECKS else c for c in frame["check_id"]]
    frame["cells"] = [json.loads(c or "[]") for c in frame["cells"]]
    frame["_order"] = frame["check_id"].map(order)
    frame["_status"] = frame["status"].map({s: i for i, s in enumerate(STATUSES)})  # 不通过 first
    ordered = frame.sort_values(["unit_name", "_status", "_order"]).drop(columns=["_order", "_status"])
    return ordered.reset_index(drop=True)


def report_values(
    con: duckdb.DuckDBPyConnection, scope: UnitScope, year: int, unit_id: int | None = None
) -> pd.DataFrame:
    """Every stored value of the year for the units in scope (only `unit_id`'s when given: the page shows one
    report, and filtering here spares it the whole county's cells), with its raw text and location."""
    where, params = scope.sql()
    one_unit = "" if unit_id is None else "AND v.unit_id = ?"
    return fetch_df(
        con,
        f"""
        SELECT v.unit_id, u.name AS unit_name, v.table_no, v.row_key, v.col_key, v.raw, v.value, v.location
        FROM annual_report_values v JOIN units u USING (unit_id)
        WHERE v.year = ? AND {where} {one_unit} ORDER BY u.name, v.table_no""",
        [year, *params, *([] if unit_id is None else [unit_id])],
    )


def decide(con: duckdb.DuckDBPyConnection, unit_id: int, year: int, check_id: str, decision: str, note: str,
           person: str) -> None:  # fmt: skip
    """Record the office's decision on one result (已核实 / 不予采纳); a re-check keeps it."""
    con.execute("DELETE FROM annual_check_reviews WHERE unit_id = ? AND year = ? AND check_id = ?",
                [unit_id, year, check_id])  # fmt: skip
    con.execute("INSERT INTO annual_check_reviews VALUES (?, ?, ?, ?, ?, ?, ?)",
                [unit_id, year, check_id, decision, note, person, datetime.now()])  # fmt: skip


def decide_as(con: duckdb.DuckDBPyConnection, user: User, unit_id: int, year: int, check_id: str,
              decision: str, note: str) -> None:  # fmt: skip
    """The office marks one 不通过/无法确定 result 已核实 or 不予采纳 with its reason, audited in the same
    transaction (the person from the login; a liaison is refused). A re-check of the report keeps it."""

    def work() -> None:
        stored = fetch_rows(con, "SELECT status FROM annual_report_checks WHERE unit_id = ? AND year = ? AND check_id = ?",
                            [unit_id, year, check_id])  # fmt: skip
        if not stored or stored[0][0] not in (FAIL, UNCERTAIN):
            raise DashboardError(f"{year}年度报告的核对项 {check_id} 不是“不通过”或“无法确定”，无需审核", "")
        if decision not in DECISIONS:
            raise DashboardError(f"未知的审核意见“{decision}”（核对项 {check_id}）", "请选择“已核实”或“不予采纳”。")
        if not note.strip():
            raise DashboardError(f"请填写理由：核对项 {check_id} 的审核意见需要说明理由", "")
        decide(con, unit_id, year, check_id, decision, note.strip(), person(user))

    audited(con, user, MARK, REVIEW_ANNUAL_CHECK, f"{year}年度报告 单位{unit_id} {check_id}", work,
            after=f"{decision}：{note.strip()}")  # fmt: skip


def result_rows(results: list[CheckResult]) -> pd.DataFrame:
    """Check results of a report not stored (a draft checked before publishing) as the same columns."""
    frame = pd.DataFrame([asdict(r) for r in results])
    frame["check_name"] = [CHECKS[c][0] if c in CHECKS else c for c in frame["check_id"]]
    frame["cells"] = [list(c) for c in frame["cells"]]
    return frame

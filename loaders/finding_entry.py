"""A 互查 finding entered on the 季度互查 page, written as the findings ledger writes one (issue 14 item 2).

Never imports streamlit. The entry becomes a one-row 问题清单 (core.inspection.entry.ledger_row) that goes through
the importer's own parse → validate → write, as a batch of its own (source `page`, uploaded by the person): the
finding gets its row key, history and batch like an imported one, and the batch can be undone like any import.
The refusals (unit not inspected this quarter, dates, an empty description, the same finding entered twice, a row
the validator would quarantine) are Chinese and nothing is written; the attempt is audited either way.
"""

import hashlib
import json
from datetime import date

import duckdb

from core.accounts.audit import audited
from core.accounts.identity import User
from core.calendar.workdays import WorkdayCalendar
from core.errors import DashboardError
from core.inspection.entry import ENTER_FINDING, LEDGER_HEADER, MutualFinding, entry_refusals, ledger_row
from core.inspection.plans import PERMISSION, saved_plan
from core.storage.scope import UnitScope
from loaders.pipeline import parse_workbook, write_file
from loaders.read import RawSheet, RawWorkbook
from loaders.report import FileReport

SOURCE = "page"


def enter_finding_as(
    con: duckdb.DuckDBPyConnection, user: User, entry: MutualFinding, today: date, calendar: WorkdayCalendar
) -> FileReport:
    """Store `entry` by `user` (needs the office's MARK, as planning does) as a new finding of the quarter's 互查;
    returns the batch's report. DashboardError in Chinese, nothing written, when refused."""
    plan = saved_plan(con, entry.quarter, UnitScope(assessed_only=False))
    planned = plan.loc[plan["unit_id"] == entry.unit_id]
    unit_name = str(planned["unit_name"].iloc[0]) if len(planned) else f"单位{entry.unit_id}"
    what = f"{entry.quarter.label}互查问题：{unit_name}"

    def work() -> FileReport:
        refusals = entry_refusals(entry, plan, today)
        if refusals:
            raise DashboardError(f"{what}未保存：" + "；".join(refusals), "请修改后再保存。")
        row = ledger_row(entry, unit_name, str(planned["inspector_name"].iloc[0]))
        data = json.dumps([list(LEDGER_HEADER), row], ensure_ascii=False).encode("utf-8")
        name = f"页面录入互查问题_{entry.quarter.key}_{unit_name}_{hashlib.sha256(data).hexdigest()[:8]}"
        workbook = RawWorkbook(name, "csv", "utf-8", [RawSheet("录入", [list(LEDGER_HEADER), row])])
        report = write_file(
            con, parse_workbook(workbook, data, "findings"), SOURCE, calendar, today, uploaded_by=user.login
        )
        if report.already_imported_as or report.duplicate or report.updated:
            raise DashboardError(
                f"{what}未保存：同一问题已录入（{row[5]}）。", "如需修改状态，请在“整改跟踪”页人工标记。"
            )
        if report.rejected or report.loaded != 1:
            reasons = "；".join(p.reason for p in report.problems) or "未能写入"
            raise DashboardError(f"{what}未保存：{reasons}", "请修改后再保存。")
        return report

    return audited(
        con,
        user,
        PERMISSION,
        ENTER_FINDING,
        what,
        work,
        after=lambda r: f"批次 {r.import_id}：{entry.problem_type}，{entry.description}，整改时限{entry.deadline}",
    )

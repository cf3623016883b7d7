"""The quarter's 互查 as files: the assignment and checklist workbook, and the 互查情况通报 (公文 .docx).

Never imports streamlit. Callers pass the frames of core.inspection.plans; the only database work here is taking
the bulletin's 文号 from the 发文登记 (inspection_bulletin_file), as the monthly 通报 does. The bulletin reuses the 公文 layout helpers of exports.documents (版头, title, body styles, tables, signature, 版记),
so it looks like the monthly 通报.
"""

import io
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd
from openpyxl import Workbook

from core.frames import dates
from core.inspection.rotation import Quarter
from core.registry.doc_register import BULLETIN, NumberRequest, inspection_key, register_number
from core.registry.office import Office
from exports.documents import (
    _PORTRAIT_WIDTH_MM,
    OfficeInfo,
    _attachment_note,
    _imprint,
    _letterhead,
    _new_attachment,
    _new_document,
    _para,
    _save,
    _signature,
    _table,
    _title,
    cn_date,
)
from exports.monthly import office_info
from exports.tables import write_sheet

_PLAN_LABELS = {"inspector_name": "检查单位", "unit_name": "被检查单位", "unit_type": "单位类型"}
_CHECK_LABELS = {
    "inspector_name": "检查单位",
    "unit_name": "被检查单位",
    "column_name": "栏目",
    "category": "栏目类别",
    "interval": "规定更新周期",
    "last_published_on": "最近更新日期",
    "state": "当前状态",
}
_FINDING_COLUMNS = ("序号", "单位", "问题编号", "问题描述", "整改期限", "状态", "回头看")
_FINDING_WIDTHS_MM = (10, 26, 28, 44, 20, 14, 14)  # sum 156: the portrait type area
# What every inspector checks besides the columns (国办秘函〔2019〕19号 and the county's rubric, domain.md)
CHECK_RULES = (
    "栏目更新：各栏目是否在规定更新周期内更新，有无空白栏目、超期未更新栏目",
    "发布及时性：信息是否在形成或变更之日起20个工作日内公开（条例第二十六条）",
    "内容准确：有无错别字、链接失效、附件无法打开、内容与栏目不符",
    "政策解读：重要政策文件是否同步发布解读",
    "依申请公开：答复是否在法定期限内、答复书是否告知救济途径",
)


def plan_workbook(plan: pd.DataFrame, checklist: pd.DataFrame, quarter: Quarter, as_of: date) -> bytes:
    """Three sheets: 互查分工 (who inspects whom), 检查清单 (every column of each inspected unit with its rule and
    state), 检查要点 (the rules every inspector checks)."""
    wb = Workbook()
    wb.active.title = "互查分工"
    write_sheet(
        wb.active,
        plan[["inspector_name", "unit_name", "unit_type"]],
        f"{quarter.label}政务公开互查分工",
        _PLAN_LABELS,
        as_of,
    )
    write_sheet(wb.create_sheet("检查清单"), checklist, f"{quarter.label}政务公开互查检查清单", _CHECK_LABELS, as_of)
    rules = pd.DataFrame({"number": range(1, len(CHECK_RULES) + 1), "rule": CHECK_RULES})
    write_sheet(
        wb.create_sheet("检查要点"), rules, f"{quarter.label}互查检查要点", {"number": "序号", "rule": "检查要点"}, None
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class InspectionBulletin:
    """The facts of a quarter's 互查情况通报, already decided by core.inspection."""

    office: OfficeInfo
    quarter: Quarter
    doc_number: str
    issue_date: date
    as_of: date
    inspectors: int  # units that inspected
    inspected: int  # units inspected
    results: pd.DataFrame  # core.inspection.plans.quarter_results
    findings: pd.DataFrame  # core.inspection.plans.quarter_findings


def _review_text(review: object, is_open: bool) -> str:
    if isinstance(review, str) and review:
        return review
    return "—" if is_open else "待回头看"


def _unit_sentence(row) -> str:
    parts = [f"发现问题{row.findings}个，已整改{row.rectified}个"]
    if row.unfinished:
        due = dates(pd.Series([row.last_due_on]))[0]
        parts.append(
            f"未完成整改{row.unfinished}个（其中逾期{row.overdue}个，最迟整改期限{cn_date(due) if due else '—'}）"
        )
    reviews = [(row.review_passed, "通过"), (row.review_failed, "未通过"), (row.review_pending, "待回头看")]
    said = [f"{label}{n}个" for n, label in reviews if n]
    if said:
        parts.append("回头看" + "、".join(said))
    return "，".join(parts) + "。"


def inspection_bulletin_docx(bulletin: InspectionBulletin) -> bytes:
    """The 互查情况通报 as .docx bytes: 版头, title, overview, 一、发现问题及整改情况 (one sentence per unit with
    findings), 二、工作要求, 附件 (every finding with its deadline, state and 回头看), 版记."""
    q, office, results, judged = bulletin.quarter, bulletin.office, bulletin.results, bulletin.findings
    segments = ("关于", q.label, "全县", "政务公开", "互查情况的", "通报")
    doc = _new_document("".join(segments), office, bulletin.issue_date)
    _letterhead(doc, office, bulletin.doc_number)
    _title(doc, segments)
    _para(doc, "Addressee", "各有关单位：", before=1)
    total, open_ = int(results["findings"].sum()), int(results["unfinished"].sum())
    with_findings = results.loc[results["findings"] > 0]
    _para(
        doc,
        "Normal",
        f"按照“一季一互查”工作要求，{bulletin.inspectors}个单位对全县{bulletin.inspected}个单位的政府信息公开情况"
        f"开展了{q.label}交叉检查，共发现问题{total}个，涉及{len(with_findings)}个单位。截至{cn_date(bulletin.as_of)}，"
        f"已整改{total - open_}个，未完成整改{open_}个（其中逾期{int(results['overdue'].sum())}个）；"
        f"回头看通过{int(results['review_passed'].sum())}个、未通过{int(results['review_failed'].sum())}个。现将有关情况通报如下。",
    )
    _para(doc, "Heading 1", "一、发现问题及整改情况")
    for number, row in enumerate(with_findings.itertuples(index=False), 1):
        _para(doc, "Normal", f"{number}.{row.unit_name}：{_unit_sentence(row)}")
    if with_findings.empty:
        _para(doc, "Normal", "本季度互查未发现问题。")
    _para(doc, "Heading 1", "二、工作要求")
    _para(
        doc,
        "Normal",
        "未完成整改的单位要在整改期限内完成整改并报送整改情况；回头看未通过的问题要重新整改，逾期未整改的将在月度考核中扣分。",
    )
    attachment = f"{q.label}政务公开互查问题清单"
    _attachment_note(doc, (attachment,))
    _signature(doc, office, bulletin.issue_date)
    _new_attachment(doc, 1, attachment, bulletin.as_of)
    order = {unit_id: i for i, unit_id in enumerate(results["unit_id"])}
    judged = judged.assign(_order=judged["unit_id"].map(order)).sort_values(["_order", "found_on"], kind="stable")
    rows = [
        [
            str(i),
            r.unit_name,
            r.finding_no if isinstance(r.finding_no, str) and r.finding_no else "—",  # no 编号: NaN in the frame
            r.description,
            cn_date(d) if d else "—",
            r.state,
            _review_text(r.review, r.is_open),
        ]
        for i, (r, d) in enumerate(zip(judged.itertuples(index=False), dates(judged["due_on"])), 1)
    ]
    _table(doc, _FINDING_COLUMNS, rows, _FINDING_WIDTHS_MM, left_columns={1, 3})
    _imprint(doc, office, bulletin.issue_date, _PORTRAIT_WIDTH_MM, office.copy_to)
    return _save(doc)


def inspection_bulletin_title(quarter: Quarter) -> str:
    return f"关于{quarter.label}全县政务公开互查情况的通报"


def inspection_bulletin_file(
    con: duckdb.DuckDBPyConnection,
    office: Office,
    quarter: Quarter,
    issue_date: date,
    as_of: date,
    plan: pd.DataFrame,
    results: pd.DataFrame,
    judged: pd.DataFrame,
) -> bytes:
    """The quarter's 互查情况通报 as .docx, its 文号 registered in the 发文登记 (通报 sequence of the issue year) the
    first time it is made and the same number on every later export (issue 14)."""
    number = register_number(
        con,
        NumberRequest(
            inspection_key(quarter.key),
            BULLETIN,
            office.doc_prefix,
            issue_date.year,
            inspection_bulletin_title(quarter),
            as_of,
        ),
    )
    return inspection_bulletin_docx(
        InspectionBulletin(
            office_info(office),
            quarter,
            number,
            issue_date,
            as_of,
            int(plan["inspector_id"].nunique()),
            len(plan),
            results,
            judged,
        )
    )

"""A 互查 finding entered on the page (issue 14 item 2): what the office fills in, the rules it must meet, and the
ledger row it becomes — the same 问题清单 row an inspector's ledger would carry, so rectification, 回头看, the
quarter's bulletin and the year's 互查整改率 count it like an imported one.

Never imports streamlit or loaders: loaders.finding_entry writes the row through the importer in one audited
transaction. The 检查名称 names the quarter and the inspecting unit (2026年第四季度互查（县教育局检查）), which is how
core.inspection.plans recognises the quarter's findings; the 整改期限 is a number of working days kept as text
(`10个工作日`) and turned into a date on read, as for the ledger (core.rectification.rules.due_from_deadline).
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.accounts.vocabulary import ENTER_MUTUAL_FINDING
from core.calendar.workdays import WorkdayCalendar
from core.inspection.plans import MUTUAL
from core.inspection.rotation import Quarter
from core.rectification.rules import due_from_deadline
from core.rectification.vocabulary import NOT_STARTED

PROBLEM_TYPES = ("栏目更新不及时", "空白栏目", "内容错误", "链接失效", "政策解读缺失", "发布不规范", "其他")
DEFAULT_WORKDAYS = 10
ENTER_FINDING = ENTER_MUTUAL_FINDING  # the audit action
# The 问题清单 headers (loaders.kinds synonyms) of the row written, in this order.
LEDGER_HEADER = ("编号", "检查名称", "发现日期", "单位", "问题类型", "问题描述", "整改期限", "整改状态")


@dataclass(frozen=True)
class MutualFinding:
    """One finding as the office enters it for a unit the quarter's plan has inspected."""

    quarter: Quarter
    unit_id: int
    column: str  # the column it is about ('' = the site as a whole)
    problem_type: str
    problem: str
    found_on: date
    workdays: int = DEFAULT_WORKDAYS
    number: str = ""  # 编号, optional

    @property
    def deadline(self) -> str:
        return f"{self.workdays}个工作日"

    @property
    def description(self) -> str:
        # 【】 rather than a full-width colon: the importer folds text with NFKC, which would turn ： into :
        return f"【{self.column.strip()}】{self.problem.strip()}" if self.column.strip() else self.problem.strip()


def inspection_name(quarter: Quarter, inspector_name: str) -> str:
    """The 检查名称 of an entered finding: the quarter and who inspected."""
    return f"{quarter.label}{MUTUAL}（{inspector_name}检查）"


def entry_refusals(entry: MutualFinding, plan: pd.DataFrame, today: date) -> list[str]:
    """Why the entry cannot be stored (empty = it can), in Chinese, naming the unit and the quarter.

    `plan`: core.inspection.plans.saved_plan of the quarter (unit_id, unit_name, inspector_name).
    """
    q = entry.quarter
    problems = []
    planned = plan.loc[plan["unit_id"] == entry.unit_id]
    if planned.empty:
        problems.append(f"该单位不在{q.label}互查安排的被检查单位中，请先保存互查安排或选择安排中的单位")
    if not entry.problem.strip():
        problems.append("请填写问题描述")
    if entry.problem_type not in PROBLEM_TYPES:
        problems.append(f"问题类型应为{'、'.join(PROBLEM_TYPES)}之一")
    if not q.start <= entry.found_on <= q.end:
        problems.append(f"发现日期 {entry.found_on} 不在{q.label}（{q.start}至{q.end}）内")
    if entry.found_on > today:
        problems.append(f"发现日期 {entry.found_on} 晚于今天（{today}）")
    if not 1 <= entry.workdays <= 60:
        problems.append(f"整改时限应为 1 至 60 个工作日（现为 {entry.workdays}）")
    return problems


def ledger_row(entry: MutualFinding, unit_name: str, inspector_name: str) -> list[str]:
    """The 问题清单 row (LEDGER_HEADER order) of an entry: a new finding, 未整改."""
    return [
        entry.number.strip(),
        inspection_name(entry.quarter, inspector_name),
        entry.found_on.isoformat(),
        unit_name,
        entry.problem_type,
        entry.description,
        entry.deadline,
        NOT_STARTED,
    ]


def due_preview(entry: MutualFinding, calendar: WorkdayCalendar) -> date | None:
    """The 整改期限 the entry will have (counted from the day found, start day not counted), as the ledger's."""
    return due_from_deadline(entry.found_on, entry.deadline, None, calendar)[0]

"""The month's documents from its ranking: the 月度通报, one 整改通知书 per unit, the ranking workbook, charts.

Never imports streamlit. The bulletin reads only what was frozen (scores, lines, facts) when the month was
issued, so a document regenerated later says what was announced; notices list each unit's findings still open
on the day they are issued, judged by core.rectification.rules.
"""

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.frames import dates
from core.ranking.view import RankingView, ranking_table
from core.rectification.queries import findings
from core.rectification.rules import judge_findings
from core.registry.office import Office
from core.storage.scope import UnitScope
from exports.documents import (
    MonthlyBulletin,
    NoticeFinding,
    OfficeInfo,
    RankingRow,
    RectificationNotice,
    bulletin_docx,
    notices_zip,
)
from exports.tables import table_xlsx

RANKING_LABELS = {
    "rank": "名次",
    "unit_name": "单位",
    "unit_type": "单位类型",
    "group_name": "考核组别",
    "base": "基础分",
    "deductions": "扣分",
    "bonuses": "加分",
    "score": "得分",
    "grade": "等次",
    "movement": "较上月名次",
    "main": "主要扣分项",
}
_FACT_SENTENCES = (
    ("silent_weeks", "{n}个单位·周次未做到“一周一更新”"),
    ("stale_columns", "{n}个栏目超过规定周期未更新"),
    ("blank_columns", "{n}个空白栏目"),
    ("late_items", "{n}条信息超过20个工作日才公开"),
    ("new_findings", "网上巡查和互查新发现问题{n}个"),
    ("overdue_findings", "逾期未整改问题{n}个"),
    ("late_requests", "依申请公开超期答复或逾期未答复{n}件"),
)


def office_info(office: Office) -> OfficeInfo:
    return OfficeInfo(office.county_name, office.office_name, office.short_name, office.doc_prefix, office.contact)


def month_label(month: str) -> str:
    year, mon = month.split("-")
    return f"{year}年{int(mon)}月"


def ranking_xlsx(view: RankingView) -> bytes:
    """The ranking workbook: one styled sheet, Chinese headers, formula-safe text."""
    return table_xlsx(ranking_table(view), f"{month_label(view.scores.month)}考核排名", RANKING_LABELS)


def _overview(view: RankingView, facts: dict) -> tuple[str, ...]:
    label = month_label(view.scores.month)
    counts = facts.get("counts", {})
    change = facts.get("items", 0) - facts.get("items_last_month", 0)
    first = (
        f"根据《中华人民共和国政府信息公开条例》和县政务公开考核办法，县政务公开办对{label}全县{facts.get('units', 0)}"
        f"个单位的政务公开工作进行了检查考核。{label}全县共主动公开政府信息{facts.get('items', 0)}条，"
        f"较上月{'增加' if change >= 0 else '减少'}{abs(change)}条。"
    )
    problems = [s.format(n=counts[k]) for k, s in _FACT_SENTENCES if counts.get(k)]
    second = ("检查发现：" + "，".join(problems) + "。") if problems else "检查未发现扣分问题。"
    if facts.get("estimate_note"):  # some deadline ran into a year without the State Council's arrangement
        second += facts["estimate_note"] + "。"
    return (first, second)


def _problems(view: RankingView) -> tuple[tuple[str, str], ...]:
    lines = view.scores.lines.loc[view.scores.lines["amount"] < 0]
    names = dict(zip(view.scores.scores["unit_id"], view.scores.scores["unit_name"]))
    result = []
    for unit_id, own in lines.groupby("unit_id", sort=False):
        text = "；".join(
            f"{r.rule_name}{r.count}处（{r.evidence[:60]}{'…' if len(r.evidence) > 60 else ''}）"
            for r in own.itertuples()
        )
        result.append((names.get(unit_id, str(unit_id)), text))
    return tuple(sorted(result, key=lambda p: list(names.values()).index(p[0]) if p[0] in names.values() else 0))


def bulletin_for(view: RankingView, office: Office, facts: dict, issue_date: date) -> MonthlyBulletin:
    """The 月度通报 of a ranking (frozen or not) with the facts quoted in its opening paragraphs."""
    table = ranking_table(view)
    groups = []
    for group, rows in table.groupby("group_name", sort=False):
        groups.append(
            (
                group,
                tuple(
                    RankingRow(
                        int(r.rank),
                        r.unit_name,
                        float(r.score),
                        r.grade,
                        None if pd.isna(r.movement) else int(r.movement),
                        r.main,
                    )
                    for r in rows.itertuples()
                ),
            )
        )
    number = (view.frozen or {}).get("doc_number") or office.bulletin_number(view.scores.month, issue_date)
    return MonthlyBulletin(
        office_info(office),
        number,
        issue_date,
        month_label(view.scores.month),
        _overview(view, facts),
        tuple(groups),
        _problems(view),
        office.bulletin_requirements,
    )


def notices_for(
    con: duckdb.DuckDBPyConnection, view: RankingView, office: Office, calendar: WorkdayCalendar, issue_date: date
) -> list[RectificationNotice]:
    """One 整改通知书 per unit: the findings found by the month's end that are still open on the issue date
    (the day the notice is sent, so its overdue days are today's), numbered in ranking order."""
    judged = judge_findings(findings(con, UnitScope()), issue_date, calendar)
    found = pd.Series(
        [d is not None and d <= view.scores.as_of for d in dates(judged["found_on"])], index=judged.index, dtype=bool
    )
    open_ = judged.loc[judged["is_open"] & found].sort_values(["found_on", "finding_id"])
    order = list(view.scores.scores["unit_name"])
    notices = []
    for index, unit in enumerate(
        sorted(open_["unit_name"].unique(), key=lambda u: order.index(u) if u in order else len(order)), start=1
    ):
        rows = open_.loc[open_["unit_name"] == unit]
        items = tuple(
            NoticeFinding(
                r.finding_no if isinstance(r.finding_no, str) and r.finding_no else "—",
                r.inspection,
                pd.Timestamp(r.found_on).date(),
                r.problem_type,
                r.description,
                None if pd.isna(r.due_on) else pd.Timestamp(r.due_on).date(),
                r.state,
                int(r.days_overdue),
            )
            for r in rows.itertuples()
        )
        notices.append(
            RectificationNotice(
                office_info(office),
                unit,
                office.notice_number(view.scores.month, index),
                issue_date,
                month_label(view.scores.month),
                items,
                office.feedback_days,
            )
        )
    return notices


@dataclass
class MonthDocuments:
    bulletin: bytes
    notices: list[RectificationNotice]
    notices_zip: bytes
    ranking: bytes


def bulletin_file(view: RankingView, office: Office, facts: dict, issue_date: date) -> bytes:
    """The 月度通报 as .docx."""
    return bulletin_docx(bulletin_for(view, office, facts, issue_date))


def month_documents(
    con: duckdb.DuckDBPyConnection,
    view: RankingView,
    office: Office,
    calendar: WorkdayCalendar,
    facts: dict,
    issue_date: date,
) -> MonthDocuments:
    """Everything the month sends out (the exports CLI writes all of it)."""
    notices = notices_for(con, view, office, calendar, issue_date)
    return MonthDocuments(
        bulletin_file(view, office, facts, issue_date), notices, notices_zip(notices), ranking_xlsx(view)
    )

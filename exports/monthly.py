"""The month's documents from its ranking: the 月度通报, one 整改通知书 per unit, the ranking workbook, charts.

Never imports streamlit. The bulletin reads only what was frozen (scores, lines, facts) when the month was
issued, so a document regenerated later says what was announced; notices list each unit's findings still open
on the set's 统计截至, judged by core.rectification.rules; 文号 come from the 发文登记 (core.registry.doc_register).
"""

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.ranking.paragraphs import bulletin_paragraphs
from core.ranking.view import RankingView, lines_table, ranking_table
from core.rectification.queries import findings
from core.rectification.rules import judge_findings
from core.registry.doc_register import (
    BULLETIN,
    NOTICE,
    NumberRequest,
    bulletin_key,
    next_number,
    notice_key,
    register_number,
    register_numbers,
)
from core.registry.office import Office
from core.storage.scope import UnitScope
from exports.documents import (
    Deduction,
    MonthlyBulletin,
    NoticeFinding,
    OfficeInfo,
    ProblemSummary,
    RankingRow,
    RectificationNotice,
    bulletin_docx,
    cn_date,
    notices_zip,
)
from exports.tables import ranking_workbook

_FACT_SENTENCES = (
    ("silent_weeks", "{n}个单位·周次未做到“一周一更新”"),
    ("stale_columns", "{n}个栏目超过规定周期未更新"),
    ("blank_columns", "{n}个空白栏目"),
    ("late_items", "{n}条信息超过20个工作日才公开"),
    ("new_findings", "网上巡查和互查新发现问题{n}个"),
    ("overdue_findings", "逾期未整改问题{n}个"),
    ("late_requests", "依申请公开超期答复或逾期未答复{n}件"),
)


def office_info(office: Office, copy_to: str | None = None) -> OfficeInfo:
    return OfficeInfo(
        office.county_name,
        office.office_name,
        office.short_name,
        office.doc_prefix,
        office.contact,
        office.copy_to if copy_to is None else copy_to,
    )


def month_label(month: str) -> str:
    year, mon = month.split("-")
    return f"{year}年{int(mon)}月"


def documents_as_of(view: RankingView) -> date:
    """The one 统计截至 of a month's document set: the day the scores count to (the frozen day once issued).

    The bulletin, every notice and the ranking workbook count overdue days to this day and say so, so the same
    finding never shows 199 days in a notice and 168 in the bulletin (issue 12)."""
    return view.scores.as_of


def ranking_xlsx(view: RankingView) -> bytes:
    """The ranking workbook: one sheet per group, then every deduction (see exports.tables.ranking_workbook)."""
    return ranking_workbook(
        ranking_table(view), lines_table(view), month_label(view.scores.month), documents_as_of(view)
    )


def _overview(view: RankingView, facts: dict) -> tuple[str, ...]:
    label = month_label(view.scores.month)
    counts = facts.get("counts", {})
    change = facts.get("items", 0) - facts.get("items_last_month", 0)
    first = (
        f"根据《中华人民共和国政府信息公开条例》和县政务公开考核办法，县政务公开办对{label}全县{facts.get('units', 0)}"
        f"个单位的政务公开工作进行了检查考核（数据统计截至{cn_date(documents_as_of(view))}）。"
        f"{label}全县共主动公开政府信息{facts.get('items', 0)}条，"
        f"较上月{'增加' if change >= 0 else '减少'}{abs(change)}条。"
    )
    problems = [s.format(n=counts[k]) for k, s in _FACT_SENTENCES if counts.get(k)]
    second = ("检查发现：" + "，".join(problems) + "。") if problems else "检查未发现扣分问题。"
    if facts.get("estimate_note"):  # some deadline ran into a year without the State Council's arrangement
        second += facts["estimate_note"] + "。"
    return (first, second)


def _deductions(view: RankingView) -> tuple[Deduction, ...]:
    """Every deduction line in ranking order (group, rank), its evidence whole: 附件2 of the bulletin."""
    lines = view.scores.lines.loc[view.scores.lines["amount"] < 0]
    order = {u: i for i, u in enumerate(view.scores.scores["unit_id"])}
    names = dict(zip(view.scores.scores["unit_id"], view.scores.scores["unit_name"]))
    ordered = lines.assign(_order=lines["unit_id"].map(order)).sort_values(["_order", "amount"], kind="stable")
    return tuple(
        Deduction(names.get(r.unit_id, str(r.unit_id)), r.rule_name, int(r.count), float(r.amount), str(r.evidence))
        for r in ordered.itertuples()
    )


def _problems(deductions: tuple[Deduction, ...]) -> tuple[ProblemSummary, ...]:
    """One summary per kind of deduction, the kinds that cost most first; units by points lost."""
    by_rule: dict[str, list[Deduction]] = {}
    for d in deductions:
        by_rule.setdefault(d.rule_name, []).append(d)
    summaries = [
        ProblemSummary(
            rule,
            sum(d.count for d in rows),
            tuple((d.unit_name, d.amount) for d in sorted(rows, key=lambda d: d.amount)),
        )
        for rule, rows in by_rule.items()
    ]
    return tuple(sorted(summaries, key=lambda p: sum(a for _, a in p.units)))


def bulletin_for(
    con: duckdb.DuckDBPyConnection, view: RankingView, office: Office, facts: dict, issue_date: date
) -> MonthlyBulletin:
    """The 月度通报 of a ranking (frozen or not): its registered 文号, the staff's paragraphs, the facts."""
    table = ranking_table(view)
    groups = []
    for group, rows in table.groupby("group_name", sort=False):
        groups.append(
            (
                group,
                tuple(
                    RankingRow(int(r.rank), r.unit_name, float(r.score), r.grade, r.movement, r.main)
                    for r in rows.itertuples()
                ),
            )
        )
    month, as_of = view.scores.month, documents_as_of(view)
    number = register_number(
        con,
        NumberRequest(
            bulletin_key(month),
            BULLETIN,
            office.doc_prefix,
            issue_date.year,
            f"关于{month_label(month)}全县政务公开工作情况的通报",
            as_of,
            (view.frozen or {}).get("doc_number") or None,
        ),
    )
    paragraphs = bulletin_paragraphs(con, month, office)
    deductions = _deductions(view)
    return MonthlyBulletin(
        office_info(office, paragraphs.copy_to),
        number,
        issue_date,
        month_label(month),
        _overview(view, facts),
        tuple(groups),
        _problems(deductions),
        paragraphs.requirements,
        deductions,
        as_of,
    )


def bulletin_number_preview(con: duckdb.DuckDBPyConnection, month: str, office: Office, issue_date: date) -> str:
    """The 文号 the month's bulletin has in the 发文登记, or the next free one it would get (nothing written)."""
    return next_number(con, bulletin_key(month), BULLETIN, office.doc_prefix, issue_date.year)


def notices_for(
    con: duckdb.DuckDBPyConnection, view: RankingView, office: Office, calendar: WorkdayCalendar, issue_date: date
) -> list[RectificationNotice]:
    """One 整改通知书 per unit with findings open on the document set's 统计截至 (documents_as_of), overdue days
    counted to that day like the bulletin's; numbered from the 发文登记 in ranking order (kept on re-export)."""
    as_of = documents_as_of(view)
    judged = judge_findings(findings(con, UnitScope()), as_of, calendar)
    open_ = judged.loc[judged["is_open"]].sort_values(["found_on", "finding_id"])
    order = list(view.scores.scores["unit_name"])
    units = sorted(open_["unit_name"].unique(), key=lambda u: order.index(u) if u in order else len(order))
    month = view.scores.month
    numbers = register_numbers(
        con,
        [
            NumberRequest(
                notice_key(month, unit),
                NOTICE,
                office.notice_prefix or f"{office.doc_prefix}整改",
                issue_date.year,
                f"关于{unit}政务公开问题限期整改的通知",
                as_of,
            )
            for unit in units
        ],
    )
    notices = []
    for unit, number in zip(units, numbers):
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
                office_info(office, ""),
                unit,
                number,
                issue_date,
                month_label(month),
                items,
                office.feedback_days,
                as_of,
            )
        )
    return notices


@dataclass
class MonthDocuments:
    bulletin: bytes
    notices: list[RectificationNotice]
    notices_zip: bytes
    ranking: bytes


def bulletin_file(
    con: duckdb.DuckDBPyConnection, view: RankingView, office: Office, facts: dict, issue_date: date
) -> bytes:
    """The 月度通报 as .docx."""
    return bulletin_docx(bulletin_for(con, view, office, facts, issue_date))


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
        bulletin_file(con, view, office, facts, issue_date), notices, notices_zip(notices), ranking_xlsx(view)
    )

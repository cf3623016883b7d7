"""Monthly scores from the rubric: base − deductions + bonuses per unit, every line traceable to its rows.

Never imports streamlit. Each measure reuses the rule function of the page that shows the same thing
(更新频率, 发布及时性, 整改跟踪, 依申请公开), so a point can always be found again on that page.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from core.calendar.workdays import WorkdayCalendar, fallback_note, holidays_path
from core.frames import dates, required_dates
from core.monitoring.freshness import column_freshness, veto_flags, weekly_items, weeks_ending_in
from core.monitoring.gaming import GAMING_FILE, load_gaming_settings, repost_counts, rush_reason, rush_updates
from core.monitoring.interpretations import interpretation_sources
from core.monitoring.overview import items_by_unit
from core.monitoring.timeliness import LIMIT_WORKDAYS, item_timeliness
from core.monitoring.vocabulary import BLANK, LATE, STALE
from core.ranking.rubric import RUBRIC_FILE, Rubric, Rule
from core.rectification.queries import findings
from core.rectification.rules import judge_findings
from core.registry.categories import CATEGORIES_FILE
from core.registry.vocabulary import GROUP_OF_TYPE, GROUP_ORDER
from core.requests.deadlines import judge_requests
from core.requests.queries import requests_received
from core.requests.vocabulary import LATE as LATE_REPLY
from core.requests.vocabulary import OVERDUE as OVERDUE_REQUEST
from core.storage.scope import Period, UnitScope, month_period

_DEADLINE_HORIZON_DAYS = 120  # 20 + 20 working days (+ pauses) from the month end reach at most this far
INTERPRETATION_WORKDAYS = 3  # 解读 with its policy or at the latest 3 working days after (domain.md §4.4)
LINE_COLUMNS = ["unit_id", "rule_key", "rule_name", "indicator", "kind", "count", "points", "amount", "evidence"]
# Appended to a piece of evidence whose date rests on a year without official holiday data (issue 10).
ESTIMATED = "（按推算日历，为估算）"


def scoring_files() -> list[Path]:
    """The files the office edits that a month's scores rest on: the rubric, the holiday calendar (working-day
    deadlines), the gaming thresholds (rush_updates, reposts) and the column categories (stale and blank
    columns). A cache of scores must be keyed on them too (ui.state.ranking_key): before the last two were in
    it, an edit of data/gaming.toml changed 更新频率's flags at once while 考核排名 kept deducting by the old
    thresholds until the next import."""
    return [RUBRIC_FILE, holidays_path(), GAMING_FILE, CATEGORIES_FILE]


@dataclass
class MonthScores:
    month: str
    as_of: date
    lines: pd.DataFrame  # LINE_COLUMNS: one row per unit × rule that applied (count > 0)
    scores: pd.DataFrame  # unit_id, unit_name, unit_type, group_name, sort_order, base, deductions, bonuses,
    # score, rank, grade — ranked within group_name, ties share a rank
    estimate_note: str = field(default="")  # set when some evidence is ESTIMATED: which years lack holiday data


def _evidence(frame: pd.DataFrame, text: pd.Series) -> pd.DataFrame:
    """unit_id, count, evidence (the rows behind a count, joined with ；)."""
    if frame.empty:
        return pd.DataFrame(columns=["unit_id", "count", "evidence"])
    grouped = pd.DataFrame({"unit_id": frame["unit_id"].to_numpy(), "text": text.to_numpy()}).groupby("unit_id")
    return grouped["text"].agg(count="size", evidence=lambda s: "；".join(s)).reset_index()


def _estimated(text: pd.Series, flags: pd.Series) -> pd.Series:
    """The evidence with ESTIMATED appended where its date was computed on a fallback year."""
    return text + flags.fillna(False).astype(bool).map({True: ESTIMATED, False: ""})


def _silent_weeks(ctx: "_Context", rule: Rule) -> pd.DataFrame:
    weekly = weekly_items(ctx.con, ctx.scope, ctx.calendar, *weeks_ending_in(ctx.period))
    missing = weekly.loc[weekly["missing"]]
    text = pd.to_datetime(missing["week_start"]).dt.strftime("%m-%d起的一周")
    return _evidence(missing, _estimated(text, missing["estimated"]))


def _columns_in_state(state: str):
    def measure(ctx: "_Context", rule: Rule) -> pd.DataFrame:
        rows = ctx.freshness.loc[ctx.freshness["state"] == state]
        text = (
            rows["column_name"] + "（超期" + rows["days_over"].astype("Int64").astype(str) + "天）"
            if state == STALE
            else rows["column_name"]
        )
        return _evidence(rows, text)

    return measure


def _late_items(ctx: "_Context", rule: Rule) -> pd.DataFrame:
    late, _ = item_timeliness(ctx.con, ctx.period, ctx.scope, ctx.calendar, state=LATE, limit=1_000_000)
    late = late.merge(ctx.units[["unit_id", "unit_name"]], on="unit_name")
    due, published = pd.to_datetime(late["due_on"]), pd.to_datetime(late["published_on"])
    # what was counted: the 20-working-day limit's last day, the day published, the calendar days past it
    text = (
        "《"
        + late["title"]
        + f"》{LIMIT_WORKDAYS}个工作日期限为"
        + due.dt.strftime("%m-%d")
        + "，实际"
        + published.dt.strftime("%m-%d")
        + "公开，超期"
        + (published - due).dt.days.astype(str)
        + "天"
    )
    return _evidence(late, _estimated(text, late["uses_fallback"]))


def _new_findings(ctx: "_Context", rule: Rule) -> pd.DataFrame:
    found = dates(ctx.findings["found_on"])
    rows = ctx.findings.loc[[d is not None and ctx.period.start <= d <= ctx.period.end for d in found]]
    return _evidence(rows, rows["finding_no"].fillna("") + " " + rows["description"])


def _overdue_findings(ctx: "_Context", rule: Rule) -> pd.DataFrame:
    rows = ctx.judged_findings.loc[ctx.judged_findings["is_overdue"]]
    text = rows["finding_no"].fillna("") + "（逾期" + rows["days_overdue"].astype(str) + "天）"
    return _evidence(rows, _estimated(text, rows["due_uses_fallback"]))


def _late_requests(ctx: "_Context", rule: Rule) -> pd.DataFrame:
    judged = ctx.judged_requests
    replied = dates(judged["replied_on"])
    replied_this_month = pd.Series(
        [r is not None and ctx.period.start <= r <= ctx.period.end for r in replied], index=judged.index, dtype=bool
    )
    rows = judged.loc[((judged["state"] == LATE_REPLY) & replied_this_month) | (judged["state"] == OVERDUE_REQUEST)]
    return _evidence(rows, _estimated(rows["request_no"] + "（" + rows["state"] + "）", rows["uses_fallback"]))


def _timely_interpretations(ctx: "_Context", rule: Rule) -> pd.DataFrame:
    """解读 items whose 《policy》 the same unit published on the same day or up to 3 working days before."""
    matched = interpretation_sources(ctx.con, ctx.period, ctx.scope)
    hits = []
    for unit_id, title, published, issued in zip(
        matched["unit_id"], matched["title"], required_dates(matched["published_on"]), required_dates(matched["issued"])
    ):
        lag = ctx.calendar.workdays_between(issued, published)[0]
        if lag <= INTERPRETATION_WORKDAYS:
            hits.append((unit_id, f"{title}（文件发布后第{lag}个工作日）"))
    frame = pd.DataFrame(hits, columns=["unit_id", "text"])
    return _evidence(frame, frame["text"])


def _below_quota(ctx: "_Context", rule: Rule) -> pd.DataFrame:
    rows = ctx.units.loc[ctx.units["items"] < rule.threshold]
    return _evidence(rows, "本月发布" + rows["items"].astype(str) + f"条，低于{rule.threshold}条")


def _column_veto(ctx: "_Context", rule: Rule) -> pd.DataFrame:
    """Once per unit that reaches a 单项否决-style threshold (≥ 5 超期 or ≥ 5 空白栏目 at month end)."""
    flagged = veto_flags(ctx.freshness)
    return _evidence(flagged, flagged["reason"])


def _rush_updates(ctx: "_Context", rule: Rule) -> pd.DataFrame:
    """Once per unit whose month crowds into its closing working days (core.monitoring.gaming, data/gaming.toml)."""
    rows = rush_updates(ctx.con, ctx.period, ctx.scope, ctx.calendar, ctx.gaming)
    text = pd.Series([rush_reason(row) for _, row in rows.iterrows()], index=rows.index, dtype=object)
    return _evidence(rows, _estimated(text, rows["estimated"]))


def _reposts(ctx: "_Context", rule: Rule) -> pd.DataFrame:
    """Each item of the month published with an old 成文日期 or under an earlier item's title (旧稿新发)."""
    counted = repost_counts(ctx.con, ctx.period, ctx.scope, ctx.gaming)
    return pd.DataFrame({"unit_id": counted["unit_id"], "count": counted["reposts"], "evidence": counted["evidence"]})


MEASURES = {
    "silent_weeks": _silent_weeks,
    "stale_columns": _columns_in_state(STALE),
    "blank_columns": _columns_in_state(BLANK),
    "late_items": _late_items,
    "new_findings": _new_findings,
    "overdue_findings": _overdue_findings,
    "late_requests": _late_requests,
    "timely_interpretations": _timely_interpretations,
    "below_quota": _below_quota,
    "column_veto": _column_veto,
    "rush_updates": _rush_updates,
    "reposts": _reposts,
}


class _Context:
    """What the measures of one month share, computed once."""

    def __init__(self, con: duckdb.DuckDBPyConnection, period: Period, calendar: WorkdayCalendar) -> None:
        self.con, self.period, self.calendar = con, period, calendar
        self.scope = UnitScope()  # assessed units of every type; groups are ranked separately afterwards
        self.gaming = load_gaming_settings()
        self.units = items_by_unit(con, period, self.scope)
        self.freshness = column_freshness(con, period, self.scope)
        self.findings = findings(con, self.scope)
        self.judged_findings = judge_findings(self.findings, period.as_of, calendar)
        self.judged_requests = judge_requests(
            requests_received(con, self.scope, date(period.start.year - 1, 1, 1), period.as_of), period.as_of, calendar
        )


def score_month(
    con: duckdb.DuckDBPyConnection, month: str, today: date, calendar: WorkdayCalendar, rubric: Rubric
) -> MonthScores:
    """Every assessed unit's score for `month` (judged on its last day, or today within the month)."""
    period = month_period(month, today)
    ctx = _Context(con, period, calendar)
    types = dict(zip(ctx.units["unit_id"], ctx.units["unit_type"]))
    lines = []
    for rule in rubric.rules:
        counted = MEASURES[rule.key](ctx, rule)
        for row in counted.itertuples(index=False):
            if types.get(row.unit_id) in rule.unit_types and row.count:
                lines.append(
                    (
                        row.unit_id,
                        rule.key,
                        rule.name,
                        rule.indicator,
                        rule.kind,
                        int(row.count),
                        rule.points,
                        rule.amount(int(row.count)),
                        row.evidence,
                    )
                )
    line_frame = pd.DataFrame(lines, columns=LINE_COLUMNS)
    return MonthScores(
        month,
        period.as_of,
        line_frame,
        _ranked(ctx.units, line_frame, rubric),
        _estimate_note(line_frame, period, calendar),
    )


def _estimate_note(lines: pd.DataFrame, period: Period, calendar: WorkdayCalendar) -> str:
    """The sentence a bulletin quotes when some scored evidence is an estimate (fallback holiday years)."""
    if not lines["evidence"].str.contains(ESTIMATED, regex=False).any():
        return ""
    horizon = period.as_of + timedelta(days=_DEADLINE_HORIZON_DAYS)
    years = [y for y in range(period.start.year - 1, horizon.year + 1) if not calendar.has_official_data(y)]
    return "部分扣分依据的期限" + fallback_note(years) if years else ""


def rank_within_groups(frame: pd.DataFrame) -> pd.Series:
    """Competition ranking by score within group_name: ties share a rank and the next rank is skipped (1, 1, 3)."""
    return frame.groupby("group_name")["score"].rank(method="min", ascending=False).astype(int)


def _ranked(units: pd.DataFrame, lines: pd.DataFrame, rubric: Rubric) -> pd.DataFrame:
    frame = units[["unit_id", "unit_name", "unit_type"]].copy()
    order = dict(zip(units["unit_id"], range(len(units))))
    frame["group_name"] = frame["unit_type"].map(GROUP_OF_TYPE).fillna(frame["unit_type"])
    sums = lines.groupby(["unit_id", "kind"])["amount"].sum().unstack(fill_value=0) if len(lines) else None
    frame["deductions"] = [
        abs(float(sums.loc[u, "deduction"])) if sums is not None and u in sums.index and "deduction" in sums else 0.0
        for u in frame["unit_id"]
    ]
    frame["bonuses"] = [
        min(float(sums.loc[u, "bonus"]), rubric.bonus_cap)
        if sums is not None and u in sums.index and "bonus" in sums
        else 0.0
        for u in frame["unit_id"]
    ]
    frame["base"] = rubric.base
    frame["score"] = (frame["base"] - frame["deductions"] + frame["bonuses"]).round(2)
    frame["rank"] = rank_within_groups(frame)
    frame["grade"] = frame["score"].map(rubric.grade)
    frame["sort_order"] = frame["unit_id"].map(order)
    frame["group_position"] = (
        frame["group_name"].map({g: i for i, g in enumerate(GROUP_ORDER)}).fillna(len(GROUP_ORDER))
    )
    frame = frame.sort_values(["group_position", "rank", "sort_order"], kind="stable").reset_index(drop=True)
    return frame.drop(columns=["group_position"])

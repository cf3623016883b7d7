"""The year's assessment: each unit's monthly scores, year items and the combined score, ranked per group.

Never imports streamlit. Rule (data/assessment.toml): 年度得分 = 月度得分平均 × monthly_weight + 年度项目; each
point carries its explanation (the months averaged, the findings counted). Monthly scores are the frozen ones where
the month was signed (core.ranking.view.month_scores); months after `today` are not counted.
"""

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from core.annual_reports.queries import due_date, open_failures, report_status
from core.annual_reports.vocabulary import ON_TIME
from core.calendar.workdays import WorkdayCalendar
from core.config import DATA_DIR
from core.errors import DashboardError
from core.inspection.plans import quarter_findings
from core.inspection.rotation import Quarter
from core.monitoring.freshness import column_freshness
from core.monitoring.vocabulary import STALE
from core.ranking.rubric import Rubric
from core.ranking.scoring import rank_within_groups
from core.ranking.view import month_scores
from core.registry.vocabulary import RANKED_GROUPS
from core.storage.scope import UnitScope, month_period

ASSESSMENT_FILE = DATA_DIR / "assessment.toml"
ITEM_KEYS = ("mutual_rectified", "no_stale_month", "annual_report_on_time", "annual_report_no_errors")


@dataclass(frozen=True)
class YearItem:
    key: str
    name: str
    points: float


@dataclass(frozen=True)
class AssessmentRule:
    name: str
    monthly_weight: float
    items: tuple[YearItem, ...]
    grades: tuple[tuple[str, float], ...]  # (name, min), highest first

    def grade(self, score: float) -> str:
        return next((name for name, low in self.grades if score >= low), self.grades[-1][0])


def load_assessment_rule(path: Path = ASSESSMENT_FILE) -> AssessmentRule:
    """The rule from assessment.toml; a wrong key or value is refused naming the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        items = tuple(YearItem(str(i["key"]), str(i["name"]), float(i["points"])) for i in data.get("items", []))
        grades = tuple(sorted(((str(g["name"]), float(g["min"])) for g in data["grades"]), key=lambda g: -g[1]))
        rule = AssessmentRule(str(data.get("name", "")), float(data["monthly_weight"]), items, grades)
    except (OSError, KeyError, ValueError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise DashboardError(f"年度考评办法文件 {path.name} 有误：{exc}", "请检查 data/assessment.toml。") from exc
    unknown = [i.key for i in items if i.key not in ITEM_KEYS]
    if unknown or not grades:
        raise DashboardError(
            f"年度考评办法文件 {path.name} 有误：未知的年度项目 {'、'.join(unknown)}" if unknown else "缺少等次",
            f"年度项目可用：{'、'.join(ITEM_KEYS)}。",
        )
    return rule


@dataclass(frozen=True)
class YearAssessment:
    year: int
    months: tuple[str, ...]
    monthly: pd.DataFrame  # unit_id, month, score, rank (the frozen score where the month was signed)
    items: pd.DataFrame  # unit_id, item, item_points, item_explanation
    scores: pd.DataFrame  # unit_id, unit_name, group_name, sort_order, monthly_average, items_total, score, rank, grade


def _mutual_rectified(con, year: int, scope: UnitScope, calendar: WorkdayCalendar, today: date, item: YearItem):
    frames = [quarter_findings(con, Quarter(year, q), scope, calendar, today) for q in range(1, 5)]
    judged = pd.concat([f for f in frames if not f.empty]) if any(not f.empty for f in frames) else None
    if judged is None:
        return {}
    counts = judged.groupby("unit_id").agg(found=("finding_id", "size"), open=("is_open", "sum"))
    return {
        int(u): (
            round(item.points * (r.found - r.open) / r.found, 2),
            f"互查问题{r.found}个，已整改{r.found - r.open}个，整改率{(r.found - r.open) / r.found:.0%}",
        )
        for u, r in counts.iterrows()
    }


def _no_stale_month(con, months: tuple[str, ...], scope: UnitScope, today: date, item: YearItem):
    stale: dict[int, list[str]] = {}
    for month in months:
        columns = column_freshness(con, month_period(month, today), scope)
        for unit_id in columns.loc[columns["state"] == STALE, "unit_id"].unique():
            stale.setdefault(int(unit_id), []).append(f"{int(month[5:])}月")
    return {u: (0.0, f"月末有超期栏目的月份：{'、'.join(ms)}") for u, ms in stale.items()}


def _annual_report_on_time(con, year: int, scope: UnitScope, today: date, item: YearItem):
    """The year's assessment judges the report of the year before (published by 31 January of this year):
    received late or missing loses the points; not yet due keeps them."""
    reported = year - 1
    status = report_status(con, scope, reported, today)
    due = due_date(reported)
    found = {}
    for row in status.itertuples():
        if row.state == ON_TIME:
            continue
        if pd.isna(row.received_on):
            why = f"{reported}年度报告未报送" if today > due else None
        else:
            received = pd.Timestamp(row.received_on).date()
            why = f"{reported}年度报告{received:%Y-%m-%d}报送，晚于{due.month}月{due.day}日" if received > due else None
        if why:
            found[int(row.unit_id)] = (0.0, why)
    return found


# PUB-1 (published by 31 January) is what 年度报告按时发布 scores; counting it here too would take the points twice
_NOT_AN_ERROR_ITEM = ("PUB-1",)


def _annual_report_no_errors(con, year: int, scope: UnitScope, today: date, item: YearItem):
    """The report of the year before: a 不通过 result the office did not overrule (不予采纳) loses the points, and
    so does a report missing after its deadline (nothing to check); not yet due keeps them."""
    reported = year - 1
    found = {
        int(row.unit_id): (0.0, f"{reported}年度报告有{row.failures}项核对不通过：{'、'.join(row.check_ids)}")
        for row in open_failures(con, scope, reported, _NOT_AN_ERROR_ITEM).itertuples()
    }
    if today > due_date(reported):
        status = report_status(con, scope, reported, today)
        for unit_id in status.loc[status["received_on"].isna(), "unit_id"]:
            found[int(unit_id)] = (0.0, f"{reported}年度报告未报送，无从核对")
    return found


_DEFAULTS = {
    "mutual_rectified": "全年无互查问题，得满分",
    "no_stale_month": "每个月末均无超期栏目",
    "annual_report_on_time": "上年度报告按时（1月31日前）报送",
    "annual_report_no_errors": "上年度报告核对无不通过项（办公室不予采纳的除外）",
}


def assess_year(
    con: duckdb.DuckDBPyConnection,
    year: int,
    today: date,
    calendar: WorkdayCalendar,
    rubric: Rubric,
    scope: UnitScope,
    rule: AssessmentRule,
) -> YearAssessment:
    """The year's assessment of the units in scope, judged on `today` (months after it are not counted)."""
    months = tuple(f"{year}-{m:02d}" for m in range(1, 13) if date(year, m, 1) <= today)
    ids = None if scope.unit_ids is None else set(scope.unit_ids)
    frames = []
    for month in months:
        scores = month_scores(con, month, today, calendar, rubric).scores
        frames.append(scores.assign(month=month))
    monthly = pd.concat(frames) if frames else pd.DataFrame(columns=["unit_id", "unit_name", "group_name", "score"])
    monthly = monthly.loc[monthly["unit_type"].isin(scope.unit_types)] if "unit_type" in monthly else monthly
    if ids is not None:
        monthly = monthly.loc[monthly["unit_id"].isin(ids)]
    units = monthly.drop_duplicates("unit_id")[["unit_id", "unit_name", "group_name", "sort_order"]]
    rows = []
    for item in rule.items:
        if item.key == "mutual_rectified":
            found = _mutual_rectified(con, year, scope, calendar, today, item)
        elif item.key == "annual_report_on_time":
            found = _annual_report_on_time(con, year, scope, today, item)
        elif item.key == "annual_report_no_errors":
            found = _annual_report_no_errors(con, year, scope, today, item)
        else:
            found = _no_stale_month(con, months, scope, today, item)
        default = _DEFAULTS[item.key]
        for unit_id in units["unit_id"]:
            points, why = found.get(int(unit_id), (item.points, default))
            rows.append((int(unit_id), item.name, points, why))
    items = pd.DataFrame(rows, columns=["unit_id", "item", "item_points", "item_explanation"])
    average = monthly.groupby("unit_id")["score"].mean().round(2).rename("monthly_average")
    totals = items.groupby("unit_id")["item_points"].sum().rename("items_total")
    scores = units.merge(average, on="unit_id").merge(totals, on="unit_id", how="left").fillna({"items_total": 0})
    scores["score"] = (scores["monthly_average"] * rule.monthly_weight + scores["items_total"]).round(2)
    scores["rank"] = rank_within_groups(scores) if not scores.empty else []
    scores["grade"] = [rule.grade(s) for s in scores["score"]]
    scores["_group"] = scores["group_name"].map({g: i for i, g in enumerate(RANKED_GROUPS)})
    scores = scores.sort_values(["_group", "rank", "sort_order"], kind="stable").drop(columns="_group")
    scores = scores.reset_index(drop=True)
    return YearAssessment(
        year, months, monthly[["unit_id", "month", "score", "rank"]].reset_index(drop=True), items, scores
    )

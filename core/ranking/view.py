"""A month's ranking as the 考核排名 page and the exports show it: frozen if issued, else computed now.

Never imports streamlit.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.monitoring.overview import items_published
from core.monitoring.publications import shift_month
from core.ranking.bulletins import bulletin_info, changes_since_freeze, frozen_scores, with_movement
from core.ranking.rubric import Rubric, RubricError, current_rubric, rubric_version
from core.ranking.scoring import MonthScores, score_month
from core.storage.db import fetch_rows
from core.storage.scope import UnitScope, month_period


@dataclass
class RankingView:
    scores: MonthScores  # as announced when frozen, else as computed now
    ranking: pd.DataFrame  # scores.scores + movement (vs the previous month, frozen or computed)
    frozen: dict | None  # bulletin_info of a frozen month (or of the withdrawn version asked for)
    rubric: Rubric  # the rubric these scores used
    rubric_version_id: int
    rubric_error: RubricError | None  # a newer data/rubric.toml that was refused
    changes: pd.DataFrame | None  # for a frozen month: what a recomputation would change


def month_scores(
    con: duckdb.DuckDBPyConnection, month: str, today: date, calendar: WorkdayCalendar, rubric: Rubric
) -> MonthScores:
    """Frozen scores when the month was issued, else computed with `rubric`."""
    return frozen_scores(con, month) or score_month(con, month, today, calendar, rubric)


# month_scores of (month, rubric) on one database state and day: lets the UI edge hand in its per-month cache, so
# the ranking, its rank trend and the unit page score each month once between them (issue 12 item 11).
ScoresFor = Callable[[str, Rubric], MonthScores]


def scores_on(con: duckdb.DuckDBPyConnection, today: date, calendar: WorkdayCalendar) -> ScoresFor:
    """month_scores on `con` as a ScoresFor (what the functions below use when no cache is handed in)."""
    return lambda month, rubric: month_scores(con, month, today, calendar, rubric)


def ranking_view(
    con: duckdb.DuckDBPyConnection,
    month: str,
    today: date,
    calendar: WorkdayCalendar,
    version: int | None = None,
    scores_for: ScoresFor | None = None,
) -> RankingView:
    """The month as signed (the version in force, or the signed `version` even if withdrawn), else computed now.
    The previous month (for 较上月) comes from `scores_for` when given (a cache), else is scored on `con`."""
    scores_for = scores_for or scores_on(con, today, calendar)
    rubric, version_id, error = current_rubric(con)
    info = bulletin_info(con, month, version)
    changes = None
    if info is not None:
        used = rubric_version(con, int(info["rubric_version_id"]))
        scores = frozen_scores(con, month, int(info["version"]))
        if scores is None:
            raise RuntimeError(f"bulletin {month} has no frozen scores")  # written in the same transaction
        recomputed = score_month(con, month, pd.Timestamp(info["as_of"]).date(), calendar, used)
        changes = changes_since_freeze(scores, recomputed)
        rubric, version_id = used, int(info["rubric_version_id"])
    elif version is None:  # nothing signed in force: the month as month_scores computes it (the cache when given)
        scores = scores_for(month, rubric)
    else:
        scores = score_month(con, month, today, calendar, rubric)
    previous = scores_for(shift_month(month, -1), rubric)
    return RankingView(scores, with_movement(scores, previous), info, rubric, version_id, error, changes)


def rank_trend(month: str, months: int, rubric: Rubric, scores_for: ScoresFor) -> pd.DataFrame:
    """Each unit's rank over the `months` months up to `month`, each month from `scores_for` (scores_on(con, …)
    or the UI's cache). Columns: month, unit_name, group_name, rank, score."""
    frames = []
    for offset in range(months - 1, -1, -1):
        m = shift_month(month, -offset)
        frames.append(scores_for(m, rubric).scores.assign(month=m))
    return pd.concat(frames)[["month", "unit_name", "group_name", "rank", "score"]]


def month_facts(con: duckdb.DuckDBPyConnection, scores: MonthScores, today: date) -> dict:
    """The figures a bulletin's opening paragraph quotes, frozen with it: units assessed, items published this
    and last month, each rule's total count, and the note when some evidence rests on an estimated calendar.
    Keys: units, items, items_last_month, counts {rule_key: n}, estimate_note ("" when none)."""
    period = month_period(scores.month, today)
    previous = month_period(shift_month(scores.month, -1), today)
    scope = UnitScope()
    return {
        "units": int(len(scores.scores)),
        "items": items_published(con, period, scope),
        "items_last_month": items_published(con, previous, scope),
        "counts": {k: int(v) for k, v in scores.lines.groupby("rule_key")["count"].sum().items()},
        "estimate_note": scores.estimate_note,
    }


def bulletin_facts(con: duckdb.DuckDBPyConnection, view: RankingView, today: date) -> dict:
    """The facts as frozen with the bulletin, or as they stand now for a month not yet issued."""
    return (view.frozen or {}).get("facts") or month_facts(con, view.scores, today)


def main_deductions(lines: pd.DataFrame, top: int = 3) -> dict[int, str]:
    """Each unit's largest deductions in words, by unit_id: 问题逾期未整改 −9；… (for ranking tables and bulletins;
    a unit without deductions is absent). One pass over the lines, not one filter per unit (issue 12 item 11)."""
    own = lines.loc[lines["amount"] < 0].sort_values("amount", kind="stable")
    words = {}
    for unit_id, rows in own.groupby("unit_id", sort=False):
        words[int(unit_id)] = "；".join(
            f"{n}{a:g}" for n, a in zip(rows["rule_name"].head(top), rows["amount"].head(top))
        )
    return words


def ranking_table(view: RankingView) -> pd.DataFrame:
    """The ranking as shown and exported: group, rank, unit, scores, grade, movement (in words), main deductions."""
    frame = view.ranking.copy()
    words = main_deductions(view.scores.lines)
    frame["main"] = [words.get(int(u), "") for u in frame["unit_id"]]
    frame["movement"] = frame["movement"].map(movement_text).astype(object)
    return frame[
        [
            "group_name",
            "rank",
            "unit_name",
            "unit_type",
            "base",
            "deductions",
            "bonuses",
            "score",
            "grade",
            "movement",
            "main",
        ]
    ]


def lines_table(view: RankingView) -> pd.DataFrame:
    """Every scored line with its unit, for the point-by-point breakdown."""
    names = dict(zip(view.scores.scores["unit_id"], view.scores.scores["unit_name"]))
    frame = view.scores.lines.assign(unit_name=view.scores.lines["unit_id"].map(names))
    return frame[["unit_name", "indicator", "rule_name", "count", "points", "amount", "evidence"]]


def groups_in_scope(view: RankingView, scope: UnitScope) -> list[str]:
    """The ranked groups that hold a unit of the scope's types, in GROUP_ORDER (the page's tabs)."""
    scores = view.scores.scores
    shown = set(scores.loc[scores["unit_type"].isin(scope.unit_types), "group_name"])
    return [g for g in view.ranking["group_name"].unique() if g in shown]


def movement_text(movement: object) -> str:
    """较上月 in words, for the page table, the ranking workbook and the bulletin alike (issue 12): 升13位, 降3位,
    持平, or — when the unit was not ranked last month. Words, not "13 / −3": arrows and signs read as informal."""
    if movement is None or pd.isna(movement):
        return "—"
    places = int(movement)  # type: ignore[call-overload]
    if places == 0:
        return "持平"
    return f"{'升' if places > 0 else '降'}{abs(places)}位"


def trend_choices(ranking: pd.DataFrame, group: str, scope: UnitScope, count: int = 3) -> tuple[list[str], list[str]]:
    """(the group's units within the scope, in rank order; its last `count` of them) — the rank trend's options
    and default selection, so the trend starts on the units a leader asks about and never leaves 单位范围."""
    rows = ranking.loc[(ranking["group_name"] == group) & ranking["unit_type"].isin(scope.unit_types)]
    if scope.unit_ids is not None and "unit_id" in rows:
        rows = rows.loc[rows["unit_id"].isin(scope.unit_ids)]
    units = list(rows.sort_values("rank", kind="stable")["unit_name"])
    return units, units[-count:]


# A box line quotes its evidence up to this many characters; a longer one (at 1M items a line names hundreds of
# items) is given as its count, every item being in the breakdown below the box and in the printout's details.
BOX_EVIDENCE_CHARS = 120


def box_evidence(evidence: str, count: int) -> str:
    """What a line of 末位单位及主要扣分 says about its evidence: all of it when short, else how many items."""
    return evidence if len(evidence) <= BOX_EVIDENCE_CHARS else f"共{count}项，逐项见扣分明细"


@dataclass(frozen=True)
class LastPlace:
    """A unit at the bottom of its group, for the leader's box 末位单位及主要扣分 (issue 12 item 4)."""

    unit_id: int
    unit_name: str
    score: float
    rank: int
    costliest: tuple[tuple[str, float, str], ...]  # (rule_name, amount, box_evidence), the costliest first


def last_places(view: RankingView, group: str, lines: int = 3) -> list[LastPlace]:
    """The unit(s) at the group's last rank (all of them when tied), each with its `lines` costliest deductions."""
    rows = view.scores.scores.loc[view.scores.scores["group_name"] == group]
    if rows.empty:
        return []
    last = rows.loc[rows["rank"] == rows["rank"].max()]
    deductions = view.scores.lines.loc[view.scores.lines["amount"] < 0].sort_values("amount", kind="stable")
    return [
        LastPlace(
            int(r.unit_id),
            str(r.unit_name),
            float(r.score),
            int(r.rank),
            tuple(
                (str(d.rule_name), float(d.amount), box_evidence(str(d.evidence or ""), int(d.count)))
                for d in deductions.loc[deductions["unit_id"] == r.unit_id].head(lines).itertuples()
            ),
        )
        for r in last.itertuples()
    ]


def scoring_state(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever anything a month's scores or its bulletin rest on changes: imports and undos, marks and
    conflict decisions (finding_history), exemptions granted or revoked, signatures and withdrawals, the rubric
    versions recorded. The key for caching scores at the UI edge (issue 12 item 11), with the month and the day."""
    # one row of single-table aggregates joined side by side: ten scalar subqueries took 59 ms a page run in
    # DuckDB 2.0, this takes 7 (issue 12, speed)
    (row,) = fetch_rows(
        con,
        """SELECT * FROM
               (SELECT count(*), coalesce(max(import_id), 0), count(*) FILTER (status = 'undone') FROM imports),
               (SELECT coalesce(max(history_id), 0) FROM finding_history),
               (SELECT count(*) FILTER (resolved_at IS NOT NULL) FROM finding_conflicts),
               (SELECT count(*), count(revoked_at) FROM column_exemptions),
               (SELECT count(*), count(withdrawn_at) FROM bulletins),
               (SELECT coalesce(max(version_id), 0) FROM rubric_versions)""",
    )
    return "-".join(str(value) for value in row)

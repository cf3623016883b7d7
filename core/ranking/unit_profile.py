"""One unit's page (单位画像; 本单位 for a liaison): which unit a person may open, and the unit's own rows that the
domain queries do not already give per scope (its findings' history, its scores over the months).

Why here, in core/ranking: the page joins monitoring, rectification, requests and ranking, and ranking is the
domain that already reads the other three (its measures count their rows). Everything else on the page comes
from the domains' own scoped queries (monthly_counts, column_freshness, findings, requests_received), called
with the narrowed scope `UnitCard.scope` that only unit_card hands out.

Who may open which unit is decided here, not on the page: unit_card returns None for a unit outside the
person's scope (a liaison asking for another unit by URL), and every function filters by the scope it is given.
The scores are the ranking page's own (core.ranking.view.month_scores: frozen when issued, else computed with
the rubric in force), never recomputed another way. Never imports streamlit.
"""

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.monitoring.publications import shift_month
from core.ranking.bulletins import frozen_months
from core.ranking.rubric import Rubric
from core.ranking.view import ScoresFor, scores_on
from core.registry.vocabulary import GROUP_OF_TYPE, UNIT_TYPES
from core.storage.db import fetch_df
from core.storage.scope import UnitScope


@dataclass(frozen=True)
class UnitCard:
    """A unit the person may open, and the scope that covers it alone (for the domains' scoped queries)."""

    unit_id: int
    name: str
    unit_type: str
    group_name: str
    in_assessment: bool

    @property
    def scope(self) -> UnitScope:
        return UnitScope(UNIT_TYPES, (self.unit_id,), assessed_only=False)


def units_in_scope(con: duckdb.DuckDBPyConnection, scope: UnitScope) -> pd.DataFrame:
    """The units a person may open (the page's picker), in registry order.

    Columns: unit_id, unit_name, unit_type, in_assessment.
    """
    where, params = scope.sql()
    return fetch_df(
        con,
        f"""SELECT u.unit_id, u.name AS unit_name, u.unit_type, u.in_assessment FROM units u WHERE {where}
            ORDER BY u.sort_order NULLS LAST, u.unit_id""",
        params,
    )


def unit_card(con: duckdb.DuckDBPyConnection, scope: UnitScope, name: str) -> UnitCard | None:
    """The unit called `name` if it lies in `scope`; None otherwise — unknown, or not the person's to see.

    A liaison's scope holds only his units, so a URL naming another unit gets None here and the page refuses;
    the two cases are not told apart, so a refusal does not confirm that a name is registered.
    """
    units = units_in_scope(con, scope)
    row = units.loc[units["unit_name"] == name]
    if row.empty:
        return None
    unit = row.iloc[0]
    return UnitCard(
        int(unit["unit_id"]),
        str(unit["unit_name"]),
        str(unit["unit_type"]),
        GROUP_OF_TYPE.get(str(unit["unit_type"]), str(unit["unit_type"])),
        bool(unit["in_assessment"]),
    )


def finding_histories(con: duckdb.DuckDBPyConnection, scope: UnitScope) -> pd.DataFrame:
    """Every status change of the scope's findings, per finding oldest first (the timelines of a unit's findings;
    core.rectification.queries.finding_timeline gives one finding's by id).

    Columns: finding_id, unit_id, unit_name, changed_at, old_status, new_status, rectified_on, review, source
    ('import' / 'user' / 'user-release'), file_name (the ledger, for imports), changed_by, note.
    """
    where, params = scope.sql()
    return fetch_df(
        con,
        f"""
        SELECT h.finding_id, f.unit_id, u.name AS unit_name, h.changed_at, h.old_status, h.new_status,
               h.rectified_on, h.review, h.source, i.file_name, h.changed_by, h.note
        FROM finding_history h JOIN findings f USING (finding_id) JOIN units u ON u.unit_id = f.unit_id
        LEFT JOIN imports i ON i.import_id = h.import_id
        WHERE {where}
        ORDER BY h.finding_id, h.history_id""",
        params,
    )


@dataclass
class UnitScores:
    """The scope's units over the months, as the ranking page shows them month by month."""

    history: pd.DataFrame  # month, unit_id, unit_name, group_name, rank, units_in_group, score, deductions,
    # bonuses, grade, frozen (the month was issued: scores as announced)
    lines: pd.DataFrame  # the last month's scored lines: unit_id, unit_name, indicator, rule_name, count,
    # points, amount, evidence — biggest deduction first


def unit_scores(
    con: duckdb.DuckDBPyConnection,
    scope: UnitScope,
    month: str,
    months: int,
    today: date,
    calendar: WorkdayCalendar,
    rubric: Rubric,
    scores_for: ScoresFor | None = None,
) -> UnitScores:
    """The scope's units' scores for the `months` months up to `month`, and `month`'s deductions and bonuses.

    Each month is core.ranking.view.month_scores (the ranking page's and the bulletins' source); a unit's rank
    is within its group, and units_in_group is how many were ranked there — a count, no other unit's data.
    `scores_for` hands in the UI's per-month cache (shared with the ranking page); without it each month is scored
    on `con`.
    """
    scores_for = scores_for or scores_on(con, today, calendar)
    ids = set(units_in_scope(con, scope)["unit_id"])
    issued = set(frozen_months(con))
    frames, last = [], None
    for offset in range(months - 1, -1, -1):
        m = shift_month(month, -offset)
        scores = scores_for(m, rubric)
        sizes = scores.scores.groupby("group_name")["unit_id"].transform("count")
        own = scores.scores.assign(units_in_group=sizes, month=m, frozen=m in issued)
        frames.append(own.loc[own["unit_id"].isin(ids)])
        last = scores
    columns = ["month", "unit_id", "unit_name", "group_name", "rank", "units_in_group", "score"]
    history = pd.concat(frames)[[*columns, "deductions", "bonuses", "grade", "frozen"]].reset_index(drop=True)
    assert last is not None  # months >= 1
    names = dict(zip(last.scores["unit_id"], last.scores["unit_name"]))
    lines = last.lines.loc[last.lines["unit_id"].isin(ids)].sort_values("amount", kind="stable")
    lines = lines.assign(unit_name=lines["unit_id"].map(names))
    return UnitScores(
        history,
        lines[["unit_id", "unit_name", "indicator", "rule_name", "count", "points", "amount", "evidence"]].reset_index(
            drop=True
        ),
    )

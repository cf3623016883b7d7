"""Frozen monthly bulletins: what was announced stays as announced, with the rubric version, who and when.

Never imports streamlit. Freezing copies the month's scores and every scored line into bulletin_* tables;
later imports change only what a recomputation would give, which `changes_since_freeze` lists.
"""

import json
from datetime import datetime

import duckdb
import pandas as pd

from core.errors import DashboardError
from core.ranking.scoring import LINE_COLUMNS, MonthScores
from core.storage.db import fetch_df, fetch_rows, transaction

SCORE_COLUMNS = [
    "unit_id",
    "unit_name",
    "unit_type",
    "group_name",
    "base",
    "deductions",
    "bonuses",
    "score",
    "rank",
    "grade",
]


def freeze(
    con: duckdb.DuckDBPyConnection,
    scores: MonthScores,
    rubric_version_id: int,
    frozen_by: str,
    doc_number: str = "",
    facts: dict | None = None,
) -> None:
    """Issue the month's bulletin: store its scores, lines and rubric version; a month is frozen once."""
    if not frozen_by.strip():
        raise DashboardError("请填写发布人。", "冻结后的通报会记录发布人和时间。")
    with transaction(con):
        if fetch_rows(con, "SELECT 1 FROM bulletins WHERE month = ?", [scores.month]):
            raise DashboardError(f"{scores.month} 的通报已经发布（冻结），不能重复发布。")
        con.execute(
            "INSERT INTO bulletins VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                scores.month,
                rubric_version_id,
                scores.as_of,
                datetime.now(),
                frozen_by.strip(),
                doc_number,
                json.dumps(facts or {}, ensure_ascii=False),
            ],
        )
        frame = scores.scores[SCORE_COLUMNS].assign(month=scores.month)
        con.register("_frozen_scores", frame)
        con.execute(
            f"INSERT INTO bulletin_scores (month, {', '.join(SCORE_COLUMNS)}) "
            f"SELECT month, {', '.join(SCORE_COLUMNS)} FROM _frozen_scores"
        )
        con.unregister("_frozen_scores")
        lines = scores.lines.assign(month=scores.month)
        columns = [c for c in LINE_COLUMNS if c != "kind"]
        if len(lines):
            con.register("_frozen_lines", lines)
            con.execute(
                f"INSERT INTO bulletin_lines (month, {', '.join(columns)}) "
                f"SELECT month, {', '.join(columns)} FROM _frozen_lines"
            )
            con.unregister("_frozen_lines")


def bulletin_info(con: duckdb.DuckDBPyConnection, month: str) -> dict | None:
    """{month, rubric_version_id, as_of, frozen_at, frozen_by, doc_number, facts (dict)} of a frozen month."""
    frame = fetch_df(con, "SELECT * FROM bulletins WHERE month = ?", [month])
    if frame.empty:
        return None
    info = frame.iloc[0].to_dict()
    info["facts"] = json.loads(info["facts"] or "{}")
    return info


def frozen_scores(con: duckdb.DuckDBPyConnection, month: str) -> MonthScores | None:
    """The scores as announced, or None when the month was not frozen."""
    info = bulletin_info(con, month)
    if info is None:
        return None
    scores = fetch_df(
        con,
        f"""SELECT s.{", s.".join(SCORE_COLUMNS)}, u.sort_order
                               FROM bulletin_scores s LEFT JOIN units u USING (unit_id)
                               WHERE month = ?
                               ORDER BY list_position(['县直部门', '乡镇/街道', '垂管单位'], group_name) NULLS LAST,
                                        rank, sort_order""",
        [month],
    )
    lines = fetch_df(
        con,
        """SELECT unit_id, rule_key, rule_name, indicator,
                                    CASE WHEN amount >= 0 THEN 'bonus' ELSE 'deduction' END AS kind,
                                    count, points, amount, evidence
                             FROM bulletin_lines WHERE month = ?""",
        [month],
    )
    return MonthScores(month, pd.Timestamp(info["as_of"]).date(), lines[LINE_COLUMNS], scores)


def frozen_months(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in fetch_rows(con, "SELECT month FROM bulletins ORDER BY month")]


def changes_since_freeze(frozen: MonthScores, now: MonthScores) -> pd.DataFrame:
    """Units whose score or rank a recomputation would change (later imports, marks, exemptions).

    Columns: unit_name, group_name, frozen_score, score_now, frozen_rank, rank_now.
    """
    merged = frozen.scores[["unit_id", "unit_name", "group_name", "score", "rank"]].merge(
        now.scores[["unit_id", "score", "rank"]], on="unit_id", how="outer", suffixes=("_frozen", "_now")
    )
    changed = merged.loc[
        (merged["score_frozen"] != merged["score_now"]) | (merged["rank_frozen"] != merged["rank_now"])
    ]
    return changed.rename(columns={"score_frozen": "frozen_score", "rank_frozen": "frozen_rank"})[
        ["unit_name", "group_name", "frozen_score", "score_now", "frozen_rank", "rank_now"]
    ].reset_index(drop=True)


def with_movement(current: MonthScores, previous: MonthScores | None) -> pd.DataFrame:
    """current.scores plus `movement`: previous rank − current rank (positive = moved up), None if unranked."""
    frame = current.scores.copy()
    if previous is None:
        frame["movement"] = None
        return frame
    before = dict(zip(previous.scores["unit_id"], previous.scores["rank"]))
    frame["movement"] = [before[u] - r if u in before else None for u, r in zip(frame["unit_id"], frame["rank"])]
    return frame

"""Frozen monthly bulletins: what was announced stays as announced, with the rubric version, who and when.

Never imports streamlit. Freezing copies the month's scores and every scored line into bulletin_* tables;
later imports change only what a recomputation would give, which `changes_since_freeze` lists. A leader may
withdraw a signed bulletin with a written reason (issue 11); each 签发 is a version, and withdrawn versions stay.
"""

import json
from datetime import datetime

import duckdb
import pandas as pd

from core.errors import DashboardError
from core.ranking.scoring import LINE_COLUMNS, MonthScores
from core.registry.vocabulary import GROUP_ORDER
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
) -> int:
    """Issue (签发) the month's bulletin: store its scores, lines and rubric version as a new version; returns it.

    A month has at most one signed version in force; after a withdrawal the next 签发 stores version + 1."""
    if not frozen_by.strip():
        raise DashboardError("请填写发布人。", "冻结后的通报会记录发布人和时间。")
    with transaction(con):
        if _in_force(con, scores.month) is not None:
            raise DashboardError(
                f"{scores.month} 的通报已经发布（冻结），不能重复发布。",
                "如需更正，请先撤回已签发的通报（须写明原因）。",
            )
        version = int(
            fetch_rows(con, "SELECT coalesce(max(version), 0) + 1 FROM bulletins WHERE month = ?", [scores.month])[0][0]
        )
        con.execute(
            "INSERT INTO bulletins (month, version, rubric_version_id, as_of, frozen_at, frozen_by, doc_number, facts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                scores.month,
                version,
                rubric_version_id,
                scores.as_of,
                datetime.now(),
                frozen_by.strip(),
                doc_number,
                json.dumps(facts or {}, ensure_ascii=False),
            ],
        )
        frame = scores.scores[SCORE_COLUMNS].assign(month=scores.month, version=version)
        con.register("_frozen_scores", frame)
        con.execute(
            f"INSERT INTO bulletin_scores (month, version, {', '.join(SCORE_COLUMNS)}) "
            f"SELECT month, version, {', '.join(SCORE_COLUMNS)} FROM _frozen_scores"
        )
        con.unregister("_frozen_scores")
        lines = scores.lines.assign(month=scores.month, version=version)
        columns = [c for c in LINE_COLUMNS if c != "kind"]
        if len(lines):
            con.register("_frozen_lines", lines)
            con.execute(
                f"INSERT INTO bulletin_lines (month, version, {', '.join(columns)}) "
                f"SELECT month, version, {', '.join(columns)} FROM _frozen_lines"
            )
            con.unregister("_frozen_lines")
    return version


def withdraw(con: duckdb.DuckDBPyConnection, month: str, reason: str, withdrawn_by: str) -> int:
    """Withdraw the month's signed bulletin (issue 11): it stays readable, marked 已撤回 with the reason, person
    and time, and the month is live again until the next 签发 (a new version). Returns the withdrawn version."""
    if not reason.strip():
        raise DashboardError(
            f"撤回 {month} 的通报须写明原因。", "原因会与撤回人、时间一起记录，并在已撤回的版本上显示。"
        )
    with transaction(con):
        version = _in_force(con, month)
        if version is None:
            raise DashboardError(f"{month} 没有已签发（生效中）的通报，无需撤回。")
        con.execute(
            "UPDATE bulletins SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ? WHERE month = ? AND version = ?",
            [datetime.now(), withdrawn_by.strip(), reason.strip(), month, version],
        )
    return version


def _in_force(con: duckdb.DuckDBPyConnection, month: str) -> int | None:
    rows = fetch_rows(con, "SELECT version FROM bulletins WHERE month = ? AND withdrawn_at IS NULL", [month])
    return int(rows[0][0]) if rows else None


def bulletin_info(con: duckdb.DuckDBPyConnection, month: str, version: int | None = None) -> dict | None:
    """{month, version, rubric_version_id, as_of, frozen_at, frozen_by, doc_number, facts (dict), withdrawn_at,
    withdrawn_by, withdraw_reason} of the month's signed version in force (or of `version`, withdrawn or not)."""
    if version is None:
        version = _in_force(con, month)
        if version is None:
            return None
    frame = fetch_df(con, "SELECT * FROM bulletins WHERE month = ? AND version = ?", [month, version])
    if frame.empty:
        return None
    info = frame.iloc[0].to_dict()
    info["facts"] = json.loads(info["facts"] or "{}")
    return info


def bulletin_versions(con: duckdb.DuckDBPyConnection, month: str) -> pd.DataFrame:
    """Every signed version of the month, newest first. Columns: version, frozen_at, frozen_by, doc_number,
    withdrawn_at, withdrawn_by, withdraw_reason (withdrawn_* null for the version in force)."""
    return fetch_df(
        con,
        """SELECT version, frozen_at, frozen_by, doc_number, withdrawn_at, withdrawn_by, withdraw_reason
           FROM bulletins WHERE month = ? ORDER BY version DESC""",
        [month],
    )


def frozen_scores(con: duckdb.DuckDBPyConnection, month: str, version: int | None = None) -> MonthScores | None:
    """The scores as announced (the version in force, or `version`), or None when there is none."""
    info = bulletin_info(con, month, version)
    if info is None:
        return None
    key = [month, int(info["version"])]
    scores = fetch_df(
        con,
        f"""SELECT s.{", s.".join(SCORE_COLUMNS)}, u.sort_order
                               FROM bulletin_scores s LEFT JOIN units u USING (unit_id)
                               WHERE month = ? AND version = ?
                               ORDER BY list_position(?, group_name) NULLS LAST, rank, sort_order""",
        [*key, list(GROUP_ORDER)],
    )
    lines = fetch_df(
        con,
        """SELECT unit_id, rule_key, rule_name, indicator,
                                    CASE WHEN amount >= 0 THEN 'bonus' ELSE 'deduction' END AS kind,
                                    count, points, amount, evidence
                             FROM bulletin_lines WHERE month = ? AND version = ?""",
        key,
    )
    return MonthScores(month, pd.Timestamp(info["as_of"]).date(), lines[LINE_COLUMNS], scores)


def frozen_months(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Months with a signed bulletin in force (withdrawn ones are live again)."""
    return [r[0] for r in fetch_rows(con, "SELECT month FROM bulletins WHERE withdrawn_at IS NULL ORDER BY month")]


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

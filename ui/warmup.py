"""Scores a first visit will ask for, computed before anyone asks (issue 12, first visit ≤ 2.5 s).

单位画像 shows six months of scores and 考核排名 ranks a month against the one before: on a new server the first
visit scored all of them while the person waited (3–4 s). server.py runs warm_month_scores once on a background
thread after it starts serving; the months land in the same per-month cache the pages read (ui.state)."""

from core.monitoring.overview import available_months
from core.monitoring.publications import shift_month
from core.ranking.rubric import current_rubric
from ui.components import default_month, today
from ui.state import db, month_scores_for, ranking_key

WARM_MONTHS = 6  # 单位画像's score history and 考核排名's rank trend


def warm_month_scores(months: int = WARM_MONTHS) -> list[str]:
    """Score the default month (as the sidebar picks it for today) and the months before it into the cache;
    returns the months scored (none for a database without data)."""
    day = today()
    with db() as con:
        found = available_months(con)
        rubric, _, _ = current_rubric(con)
    if not found:
        return []
    month = default_month(found, day)
    scores_for = month_scores_for(ranking_key(), day)
    scored = [shift_month(month, -offset) for offset in range(months)]
    for each in scored:
        scores_for(each, rubric)
    return scored

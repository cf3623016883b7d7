"""What a first visit will ask for, computed before anyone asks (issue 12, first visit ≤ 2.5 s).

单位画像 shows six months of scores and 考核排名 ranks a month against the one before: at 1M items that is 3–4 s
of scoring, which the first visitor after a start waited for; 更新频率's 旧稿新发 title match is another 0.3 s. So
server.py's lifespan computes them before the server answers, into the same caches the pages read (ui.state),
for the month and unit range the sidebar opens on. After a change (an import, an undo, a mark) the next visit
computes what it needs, as before: with a background re-warm a browser journey test failed once under load
(cause not found), so there is none.
"""

from core.config import db_path
from core.monitoring.gaming import load_gaming_settings
from core.monitoring.overview import available_months
from core.monitoring.publications import shift_month
from core.ranking.rubric import current_rubric
from core.registry.vocabulary import ALL_UNITS
from core.storage.scope import month_period, scope_for_group
from ui.components import default_month, today
from ui.state import cached_reposts, db, month_scores_for, ranking_key

WARM_MONTHS = 6  # 单位画像's score history and 考核排名's rank trend


def warm_first_visits() -> list[str]:
    """warm_month_scores, then the default view's 旧稿新发 (更新频率, the whole county, the default month); returns
    the months scored."""
    scored = warm_month_scores()
    if scored:
        period = month_period(scored[0], today())
        cached_reposts(str(db_path()), ranking_key(), period, scope_for_group(ALL_UNITS), load_gaming_settings())
    return scored


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

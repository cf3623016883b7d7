"""What a first visit will ask for, computed before anyone asks (issue 12, first visit ≤ 2.5 s).

单位画像 shows six months of scores and 考核排名 ranks a month against the one before: at 1M items that is 3–4 s
of scoring, which the first visitor after a start or after any change (an import, an undo, a mark, a signature)
waited for; 更新频率's 旧稿新发 title match is another 0.3 s. So they are computed ahead, into the same caches the
pages read (ui.state), for the month and unit range the sidebar opens on:
- at start, before the server answers (server.py's lifespan calls warm_first_visits);
- after a change, on a background thread: at the end of each page run keep_warm compares the scoring state
  (ranking_key) and the day with what was warmed last, and warms again when they differ. A change made outside
  the server (a CLI import at night) is seen by the first page run after it, whose visitor gets the head start
  for the pages after. Only the server
  turns this on (enable_keep_warm); AppTest runs and the CLI never start a thread.
"""

import logging
import threading

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

_keep = {"enabled": False, "warmed": ""}  # what keep_warm last started warming (scoring state and day)
_one_at_a_time = threading.Lock()
_log = logging.getLogger(__name__)


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


def enable_keep_warm() -> None:
    """From now on keep_warm warms after changes. The server calls this before its start-up warm-up, so the state
    recorded is the one before it: a change landing during that warm-up is warmed again at the next run. When the
    state cannot be read (the warm-up will fail too), the first run's keep_warm tries again."""
    _keep["enabled"] = True
    try:
        _keep["warmed"] = _state()
    except Exception:  # noqa: BLE001 — a failure costs only the head start
        _log.exception("读取计分状态失败（将在页面运行后重试预先计算）")


def keep_warm() -> threading.Thread | None:
    """At the end of a page run: when the scoring state or the day moved since the last warm-up, compute the
    first visits again on a background thread (returned, for tests to wait on); None when nothing changed, when
    a warm-up is still running (the next run looks again), when keep-warm is off, or when it fails (logged: a
    page that worked never shows an error for its head start)."""
    if not _keep["enabled"] or not _one_at_a_time.acquire(blocking=False):
        return None
    started = False
    try:
        state = _state()
        if state == _keep["warmed"]:
            return None
        worker = threading.Thread(target=_warm_and_release, name="keep-warm", daemon=True)
        worker.start()
        started = True
        _keep["warmed"] = state
        return worker
    except Exception:  # noqa: BLE001 — see above
        _log.exception("预先计算得分失败（页面将在打开时计算）")
        return None
    finally:
        if not started:
            _one_at_a_time.release()


def _state() -> str:
    """What the warmed caches rest on: the scoring state (imports, undos, marks, signatures, rubric, holidays) and
    the day. About 5 ms, once a page run."""
    return f"{ranking_key()}|{today()}"


def _warm_and_release() -> None:
    """warm_first_visits; a failure costs only the head start (the pages compute what they need as before)."""
    try:
        warm_first_visits()
    except Exception:  # noqa: BLE001 — see above
        _log.exception("预先计算得分失败（页面将在打开时计算）")
    finally:
        _one_at_a_time.release()

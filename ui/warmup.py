"""What the next visit will ask for, computed before anyone asks (issue 12, first visit ≤ 2.5 s).

单位画像 shows six months of scores and 考核排名 ranks a month against the one before: at 1M items that is
2.5–3 s of scoring, which a first visitor waited for; 更新频率's 旧稿新发 title match is another 0.2 s. So they
are computed into the same caches the pages read (ui.state):
- at start, before the server answers (server.py's lifespan calls warm_first_visits), for the month and unit
  range the sidebar opens on;
- after a change (an import, an undo, a mark, a signature, a CLI import at night), at the end of the first page
  run that finishes after it (dashboard.py calls state_to_warm, then warm_after_changes), for that session's
  month and unit range.
  This runs in the page run itself, after the page is drawn: the person sees the result of the import at once,
  and a click meanwhile stops the warm-up between two months (see warm_after_changes). A background thread did
  this before, and a browser journey test failed once under load while it ran (cause not found); in the run
  there is no second thread. Only the server turns this on (enable_warm_after_changes): AppTest runs and the
  CLI never warm.
"""

import logging
from collections.abc import Callable
from datetime import date

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from core.config import db_path
from core.monitoring.gaming import load_gaming_settings
from core.monitoring.overview import available_months
from core.monitoring.publications import shift_month
from core.ranking.rubric import current_rubric
from core.registry.vocabulary import ALL_UNITS
from core.storage.scope import Period, UnitScope, month_period, scope_for_group
from ui.components import default_month, today
from ui.state import cached_reposts, db, month_scores_for, ranking_key

WARM_MONTHS = 6  # 单位画像's score history and 考核排名's rank trend

_log = logging.getLogger(__name__)
_after_changes: dict = {"on": False, "warmed": None}  # the scoring state and day the caches were last warmed for


def warm_first_visits() -> list[str]:
    """The default month and the months before it (warm_month_scores), then the default view's 旧稿新发
    (更新频率, the whole county, the default month); returns the months scored."""
    day = today()
    with db() as con:
        found = available_months(con)
    if not found:
        return []
    period = month_period(default_month(found, day), day)
    return _warm(period, scope_for_group(ALL_UNITS), ranking_key())


def warm_month_scores(
    month: str | None = None, between: Callable[[], None] = lambda: None, key: str | None = None
) -> list[str]:
    """Score `month` (default: the one the sidebar opens on today) and the WARM_MONTHS − 1 before it into the
    cache for the scoring state `key` (default: read now), calling `between` after each; returns the months scored
    (none for a database without data)."""
    day = today()
    with db() as con:
        found = available_months(con)
        rubric, _, _ = current_rubric(con)
    if not found:
        return []
    scores_for = month_scores_for(key or ranking_key(), day)
    scored = [shift_month(month or default_month(found, day), -offset) for offset in range(WARM_MONTHS)]
    for each in scored:
        scores_for(each, rubric)
        between()
    return scored


def enable_warm_after_changes() -> None:
    """From now on warm_after_changes works (the server calls this once, before its start-up warm-up, so the state
    recorded is the one that warm-up computes for)."""
    _after_changes["on"] = True
    _after_changes["warmed"] = _state()


def state_to_warm() -> tuple[str, date] | None:
    """At the end of a page run, on the run's own connection (dashboard.py): the scoring state (ranking_key) and
    the day when they moved since the last warm-up, else None (and None until the server turns this on). About
    7 ms a run."""
    if not _after_changes["on"]:
        return None
    try:
        state = _state()
    except Exception:  # noqa: BLE001 — a page that worked never shows an error for a head start
        _log.exception("读取计分状态失败（页面将在打开时计算）")
        return None
    return None if state == _after_changes["warmed"] else state


def warm_after_changes(period: Period | None, scope: UnitScope, state: tuple[str, date] | None) -> list[str]:
    """After a page run that finished and found the state moved (`state`, from state_to_warm): score this
    session's month (`period`) and the months before it and find its 旧稿新发 for `scope`, here in this run;
    returns the months scored ([] when `state` is None or without data). dashboard.py calls it once the run's
    connection is closed, so an importer waiting for the file is not kept waiting for the warm-up too.

    The state is recorded as warmed when every month is done, or when the warm-up failed (logged; one try per
    state). A click stops the run between two months (Streamlit handles a pending rerun whenever the page gets an
    element, and `slot` is emptied after each month); the next run that finishes goes on with the months still
    missing (those done are cache hits).
    """
    if state is None or period is None:
        return []
    try:
        scored = _warm(period, scope, state[0])
    except Exception:  # noqa: BLE001 — a page that worked never shows an error for a head start (a click's
        # rerun is a BaseException and still passes)
        _log.exception("预先计算得分失败（页面将在打开时计算）")
        scored = []
    _after_changes["warmed"] = state
    return scored


def _warm(period: Period, scope: UnitScope, key: str) -> list[str]:
    """warm_month_scores for the period's month, then its 旧稿新发 for `scope`, both for the scoring state `key`,
    giving way to a click between the steps when run inside a page run."""
    slot = st.empty() if get_script_run_ctx(suppress_warning=True) else None

    def between() -> None:
        if slot is not None:
            slot.empty()

    scored = warm_month_scores(period.start.strftime("%Y-%m"), between, key)
    if scored:
        cached_reposts(str(db_path()), key, period, scope, load_gaming_settings())
    return scored


def _state() -> tuple[str, date]:
    """What the warmed caches rest on: the scoring state (imports, undos, marks, signatures, rubric, holidays and
    the other files) and the day."""
    return ranking_key(), today()

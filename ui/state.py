"""Database access for pages: the path, first-start demo build, one short-lived connection per run, caching.

Why no long-lived connection: a CLI import must be able to write the file while the app serves, and DuckDB
lets one process hold it; opening per run costs ≈30 ms and lets the next rerun see new data without restart.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from core.calendar.workdays import WorkdayCalendar, holidays_path, load_calendar
from core.config import db_path, today
from core.monitoring.gaming import GamingSettings, reposts
from core.ranking.month_state import MonthStates, month_states
from core.ranking.rubric import Rubric, current_rubric
from core.ranking.scoring import MonthScores, scoring_files
from core.ranking.unit_profile import UnitScores, unit_scores
from core.ranking.view import RankingView, ScoresFor, month_scores, rank_trend, ranking_view, scoring_state
from core.storage.db import connect, opened, transaction
from core.storage.migrations import migrate
from core.storage.scope import Period, UnitScope
from exports.printout import docx_preview, ranking_print_fragment
from loaders.demo import build_demo_database
from ui import strings

KEY_MONTH = "filter_month"
KEY_GROUP = "filter_group"
KEY_FILTERS = "filters"
KEY_INTENDED_PAGE = "intended_page"
KEY_UNIT = "unit_pick"
# The URL carries the view (issue 12 item 5): ?month=2026-10&group=县直部门 on every page, &unit=… on 单位画像.
PARAM_MONTH, PARAM_GROUP, PARAM_UNIT = "month", "group", "unit"
_KEY_URL_WRITTEN, _KEY_URL_PREVIOUS = "_url_written", "_url_previous"
_BUILD_LOCK = threading.Lock()


def ensure_database() -> None:
    """On the very first start, build the demo database from ledgers generated for today (with a progress bar);
    then migrate once.

    The build runs under a hidden one-page st.navigation, so Streamlit never lists the pages/ file names while
    it lasts (issue 12 item 6; .streamlit/config.toml also turns its own page list off).
    """
    path = db_path()
    if not path.exists():
        st.navigation([st.Page(_building, title=strings.APP_TITLE)], position="hidden")
        with _BUILD_LOCK:
            if not path.exists():
                bar = st.progress(0.0, text=strings.BUILDING_DEMO)

                def progress(done: int, total: int, name: str) -> None:
                    bar.progress(done / total, text=strings.BUILDING_FILE.format(done=done, total=total, name=name))

                build_demo_database(path, today(), progress=progress)
                bar.empty()
    _migrated(str(path))


def _building() -> None:
    """The page shown while the demo is built (the progress bar is drawn by ensure_database)."""


@st.cache_resource(show_spinner=False)
def _migrated(path: str) -> bool:
    with db() as con:
        migrate(con)
    return True


def calendar() -> WorkdayCalendar:
    """The working-day calendar, reloaded when data/holidays.csv changes (no restart needed)."""
    path = holidays_path()
    return _calendar(str(path), path.stat().st_mtime if path.exists() else 0.0)


@st.cache_resource(show_spinner=False, max_entries=2)
def _calendar(path: str, mtime: float) -> WorkdayCalendar:
    return load_calendar(Path(path) if Path(path).exists() else None)


def with_connection(work):
    """Run work(con) on its own short connection: for download callables, which Streamlit runs on another thread."""
    with opened(db_path()) as con:
        return work(con)


class _StateMoved(Exception):
    """The database changed between reading a month's key and scoring it (see _cached_month_scores)."""


@st.cache_data(show_spinner=False, max_entries=48)
def _cached_month_scores(
    path: str, key: str, month: str, today_: date, rubric_sha: str, _rubric: Rubric, _keyed_state: str
) -> MonthScores:
    """One month's scores (core.ranking.view.month_scores), cached per state of that month (month_scores_for), day
    and rubric: the one place a month is scored for the pages, so 考核排名, its rank trend and 单位画像 share each
    month.

    Scored in one transaction that first checks the scoring state is still the one the key was read in
    (`_keyed_state`): an import landing in between would otherwise be cached under the old key, and an undo of it
    brings that key back (the key is the content) with the undone rows in its scores. Raises _StateMoved then,
    which Streamlit does not cache."""
    with opened(Path(path)) as con, transaction(con):
        if scoring_state(con) != _keyed_state:
            raise _StateMoved
        return month_scores(con, month, today_, calendar(), _rubric)


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_month_states(path: str, key: str) -> MonthStates:
    """core.ranking.month_state.month_states, once per scoring state (ranking_key)."""
    with opened(Path(path)) as con:
        return month_states(con)


def month_scores_for(key: str, today_: date) -> ScoresFor:
    """_cached_month_scores on this database, state `key` and day, as the ScoresFor the core functions take. Each
    month is keyed on what it rests on (core.ranking.month_state) and on the files the office edits: an import of
    this month's items leaves the months before it cached. A month whose data moved while it was asked for is
    scored without the cache (the next page run reads the new state)."""
    path, stamps = str(db_path()), file_stamps()
    states = _cached_month_states(path, key)

    def scores(month: str, rubric: Rubric) -> MonthScores:
        try:
            return _cached_month_scores(
                path, f"{states.of(month)}|{stamps}", month, today_, rubric.sha256, rubric, states.scoring_state
            )
        except _StateMoved:
            with opened(Path(path)) as con:
                return month_scores(con, month, today_, calendar(), rubric)

    return scores


def cached_rank_trend(key: str, month: str, today_: date) -> pd.DataFrame:
    """rank_trend for six months with the rubric in force, from the per-month cache (months the ranking or
    单位画像 scored already are reused)."""
    with db() as con:
        rubric, _, _ = current_rubric(con)
    return rank_trend(month, 6, rubric, month_scores_for(key, today_))


def ranking_key() -> str:
    """The cache key of what rests on the scores (issue 12 item 11): everything they rest on in the database
    (core.ranking.view.scoring_state) and the files the office edits (file_stamps). The rubric in force is
    recorded first: otherwise the first scoring recorded it, which changed the key, and the next page scored every
    month again (单位画像 took 4–5 s on its first two visits to a new database). Each month's own scores are keyed
    finer (month_scores_for)."""
    with db() as con:
        current_rubric(con)
        state = scoring_state(con)
    return f"{state}|{file_stamps()}"


def file_stamps() -> str:
    """The modification times of the files the scores rest on (core.ranking.scoring.scoring_files)."""
    return "-".join(f"{p.stat().st_mtime_ns}" if p.exists() else "0" for p in scoring_files())


@st.cache_data(show_spinner=False, max_entries=32)
def cached_reposts(path: str, key: str, period: Period, scope: UnitScope, settings: GamingSettings) -> pd.DataFrame:
    """core.monitoring.gaming.reposts per data state (ranking_key: items change only by imports and undos),
    month, scope and thresholds: its title match over a year of items is 更新频率's slowest query (0.33 s at 1M
    items), and the page reruns on each of its widgets (issue 12, speed). The scope is part of the key."""
    with opened(Path(path)) as con:
        return reposts(con, period, scope, settings)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_ranking_view(path: str, key: str, month: str, today_: date, version: int | None = None) -> RankingView:
    """ranking_view cached per scoring state, rubric, calendar, month, day and signed version (see ranking_key):
    a rerun of 考核排名 (any widget) no longer scores two months again."""
    with opened(Path(path)) as con:
        return ranking_view(con, month, today_, calendar(), version, month_scores_for(key, today_))


@st.cache_data(show_spinner=False, max_entries=16)
def cached_print_fragment(path: str, key: str, month: str, today_: date, version: int | None = None) -> str:
    """exports.printout.ranking_print_fragment of the cached view (the same key): not rebuilt on every rerun."""
    return ranking_print_fragment(cached_ranking_view(path, key, month, today_, version))


def cached_unit_scores(key: str, month: str, months: int, today_: date, scope: UnitScope) -> UnitScores:
    """unit_scores for the unit page, each month from the per-month cache shared with 考核排名 (ranking_key)."""
    with db() as con:
        rubric, _, _ = current_rubric(con)
        return unit_scores(con, scope, month, months, today_, calendar(), rubric, month_scores_for(key, today_))


T = TypeVar("T")
_run = threading.local()  # the connection of the script run on this thread (one_connection_per_run)


@contextmanager
def one_connection_per_run() -> Iterator[None]:
    """Inside it (dashboard.py wraps each run), every db() of the run shares one connection, opened at the first
    and closed when the run ends, however it ends. Opening the file costs ≈30 ms and a page asks 4–8 times: in the
    browser that was 60 % of a simple page's run (issue 12, speed). A run lasts well under a second, so an
    importer waiting for the file (it retries) still gets it between two runs."""
    _run.active, _run.con, _run.values = True, None, {}
    try:
        yield
    finally:
        con, _run.active, _run.con, _run.values = _run.con, False, None, {}
        if con is not None:
            con.close()


def once_per_run(name: str, compute: Callable[[], T]) -> T:
    """compute() the first time `name` is asked for in this script run, the same value after; outside
    one_connection_per_run (AppTest's page runs, download threads) every time. For what cannot change within a
    run but is asked for several times: who is signed in (three session look-ups a run, 20 ms each)."""
    if not getattr(_run, "active", False):
        return compute()
    if name not in _run.values:
        _run.values[name] = compute()
    return _run.values[name]


@contextmanager
def db() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for one piece of page work (the run's own inside one_connection_per_run, else one opened for
    this use and closed after); waits (with a note) while an importer holds the file."""
    shared = getattr(_run, "active", False)
    if shared and _run.con is not None:
        yield _run.con
        return
    con = _connect_telling_the_page() if get_script_run_ctx(suppress_warning=True) else connect(db_path())
    if shared:
        _run.con = con
        yield con
        return
    try:
        yield con
    finally:
        con.close()


def _connect_telling_the_page() -> duckdb.DuckDBPyConnection:
    """connect, with a note on the page while an importer holds the file. Only inside a script run: outside one
    (the warm-up thread, ui.warmup) there is no page, and each st.empty() logged "missing ScriptRunContext"."""
    note = st.empty()

    def waiting(_seconds: float) -> None:
        note.info(strings.DB_WAITING)

    con = connect(db_path(), on_wait=waiting)
    note.empty()
    return con


def start_url_run() -> None:
    """At the start of every run (dashboard.py's sidebar): what this session wrote to the URL last run becomes
    the echo that url_value ignores, and the writes of this run start afresh."""
    st.session_state[_KEY_URL_PREVIOUS] = st.session_state.get(_KEY_URL_WRITTEN, {})
    st.session_state[_KEY_URL_WRITTEN] = {}


def url_value(param: str) -> str | None:
    """`param` from the URL when the URL brought it — a link opened, the address edited — and None when it is
    absent or only repeats what this session wrote there in its last run (the widget then keeps the user's
    latest choice, which the URL has not caught up with yet)."""
    value = st.query_params.get(param)
    if value is None or value == st.session_state.get(_KEY_URL_PREVIOUS, {}).get(param):
        return None
    return value


def from_url(param: str, key: str, valid) -> None:
    """Before the widget `key` is drawn: set it from the URL's `param` when that is new and one of `valid`."""
    value = url_value(param)
    if value is not None and value in valid:
        st.session_state[key] = value


def to_url(param: str, value: str) -> None:
    """Show `value` in the URL (so the view can be sent as a link) and remember it as this session's own."""
    if st.query_params.get(param) != value:
        st.query_params[param] = value
    st.session_state.setdefault(_KEY_URL_WRITTEN, {})[param] = value


@st.cache_data(show_spinner=False, max_entries=4)
def cached_docx_preview(document: bytes) -> list[bytes]:
    """exports.printout.docx_preview (LibreOffice → PNG pages), cached per document's bytes."""
    return docx_preview(document)

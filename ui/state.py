"""Database access for pages: the path, first-start demo build, one short-lived connection per use, caching.

Why no long-lived connection: a CLI import must be able to write the file while the app serves, and DuckDB
lets one process hold it; opening per use costs ≈20 ms and lets the next rerun see new data without restart.
"""

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from core.calendar.workdays import DEFAULT_HOLIDAYS_PATH, ENV_HOLIDAYS, WorkdayCalendar, load_calendar
from core.config import db_path, today
from core.ranking.rubric import RUBRIC_FILE, current_rubric
from core.ranking.view import RankingView, rank_trend, ranking_view, scoring_state
from core.storage.db import connect, opened
from core.storage.migrations import migrate
from exports.printout import ranking_print_fragment
from loaders.demo import build_demo_database
from ui import strings

KEY_MONTH = "filter_month"
KEY_GROUP = "filter_group"
KEY_FILTERS = "filters"
KEY_INTENDED_PAGE = "intended_page"
_BUILD_LOCK = threading.Lock()


def ensure_database() -> None:
    """On the very first start, build the demo database from ledgers generated for today (with a progress bar);
    then migrate once."""
    path = db_path()
    if not path.exists():
        with _BUILD_LOCK:
            if not path.exists():
                bar = st.progress(0.0, text=strings.BUILDING_DEMO)

                def progress(done: int, total: int, name: str) -> None:
                    bar.progress(done / total, text=strings.BUILDING_FILE.format(done=done, total=total, name=name))

                build_demo_database(path, today(), progress=progress)
                bar.empty()
    _migrated(str(path))


@st.cache_resource(show_spinner=False)
def _migrated(path: str) -> bool:
    with db() as con:
        migrate(con)
    return True


def calendar() -> WorkdayCalendar:
    """The working-day calendar, reloaded when data/holidays.csv changes (no restart needed)."""
    path = Path(os.environ.get(ENV_HOLIDAYS) or DEFAULT_HOLIDAYS_PATH)
    return _calendar(str(path), path.stat().st_mtime if path.exists() else 0.0)


@st.cache_resource(show_spinner=False, max_entries=2)
def _calendar(path: str, mtime: float) -> WorkdayCalendar:
    return load_calendar(Path(path) if Path(path).exists() else None)


def with_connection(work):
    """Run work(con) on its own short connection: for download callables, which Streamlit runs on another thread."""
    with opened(db_path()) as con:
        return work(con)


@st.cache_data(show_spinner=False, max_entries=24)
def cached_rank_trend(path: str, version: str, month: str, today_: date, rubric_sha: str) -> pd.DataFrame:
    """rank_trend for six months, cached per database state and rubric (each month is a full scoring run)."""
    with opened(Path(path)) as con:
        rubric, _, _ = current_rubric(con)
        return rank_trend(con, month, 6, today_, calendar(), rubric)


def ranking_key() -> str:
    """The cache key of a month's scores (issue 12 item 11): everything they rest on in the database
    (core.ranking.view.scoring_state), the rubric file and the holiday calendar as edited on disk."""
    with db() as con:
        state = scoring_state(con)
    files = [RUBRIC_FILE, Path(os.environ.get(ENV_HOLIDAYS) or DEFAULT_HOLIDAYS_PATH)]
    stamps = "-".join(f"{p.stat().st_mtime_ns}" if p.exists() else "0" for p in files)
    return f"{state}|{stamps}"


@st.cache_data(show_spinner=False, max_entries=16)
def cached_ranking_view(path: str, key: str, month: str, today_: date, version: int | None = None) -> RankingView:
    """ranking_view cached per scoring state, rubric, calendar, month, day and signed version (see ranking_key):
    a rerun of 考核排名 (any widget) no longer scores two months again."""
    with opened(Path(path)) as con:
        return ranking_view(con, month, today_, calendar(), version)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_print_fragment(path: str, key: str, month: str, today_: date, version: int | None = None) -> str:
    """exports.printout.ranking_print_fragment of the cached view (the same key): not rebuilt on every rerun."""
    return ranking_print_fragment(cached_ranking_view(path, key, month, today_, version))


@contextmanager
def db() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for one piece of page work; waits (with a note) while an importer holds the file."""
    note = st.empty()

    def waiting(_seconds: float) -> None:
        note.info(strings.DB_WAITING)

    con = connect(db_path(), on_wait=waiting)
    note.empty()
    try:
        yield con
    finally:
        con.close()

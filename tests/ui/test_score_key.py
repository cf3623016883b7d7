"""The key of the pages' score cache (ui.state.ranking_key) stays the same when a month is scored: the first
scoring of a new database records the rubric in force, which must not make the next page score it all again.
It moves when a file the scores rest on is edited."""

import os
from datetime import date

import pytest

from core.calendar.workdays import DEFAULT_HOLIDAYS_PATH, ENV_HOLIDAYS
from core.monitoring.gaming import GAMING_FILE
from core.ranking.rubric import RUBRIC_FILE
from core.registry.categories import CATEGORIES_FILE
from core.storage.scope import UnitScope
from tests.apphelpers import county_database
from ui.state import cached_unit_scores, db, ranking_key


def test_scoring_a_month_leaves_the_cache_key_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    with db() as fresh:
        assert fresh.execute("SELECT count(*) FROM rubric_versions").fetchone() == (0,)  # nothing scored yet
    key = ranking_key()
    cached_unit_scores(key, "2026-10", 2, date(2026, 11, 20), UnitScope())
    assert ranking_key() == key
    with db() as again:
        assert again.execute("SELECT count(*) FROM rubric_versions").fetchone() == (1,)


@pytest.mark.parametrize("edited", [GAMING_FILE, CATEGORIES_FILE, RUBRIC_FILE, DEFAULT_HOLIDAYS_PATH])
def test_an_edit_of_a_file_the_scores_rest_on_changes_the_key(tmp_path, monkeypatch, edited):
    """data/gaming.toml and data/column_categories.csv decide rush_updates, reposts and the stale and blank columns:
    before they were in the key, 考核排名 kept the old thresholds' deductions until the next import while 更新频率
    showed the new flags. The file's content is left alone; only its modification time moves, and is put back."""
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    monkeypatch.delenv(ENV_HOLIDAYS, raising=False)
    before = ranking_key()
    stat = edited.stat()
    try:
        os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert ranking_key() != before
    finally:
        os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert ranking_key() == before

"""The key of the pages' score cache (ui.state.ranking_key) stays the same when a month is scored: the first
scoring of a new database records the rubric in force, which must not make the next page score it all again."""

from datetime import date

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

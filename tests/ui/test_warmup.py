"""ui.warmup: the months a first visit of 单位画像 asks for are scored into the pages' cache beforehand."""

from datetime import date

import ui.state
from core.storage.scope import UnitScope
from tests.apphelpers import county_database
from ui.state import cached_unit_scores, ranking_key
from ui.warmup import warm_month_scores


def test_after_the_warm_up_the_unit_page_scores_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")
    ui.state._cached_month_scores.clear()

    assert warm_month_scores() == ["2026-10", "2026-09", "2026-08", "2026-07", "2026-06", "2026-05"]  # the newest data
    scored = []
    real = ui.state.month_scores
    monkeypatch.setattr(ui.state, "month_scores", lambda *args: scored.append(args[1]) or real(*args))
    cached_unit_scores(ranking_key(), "2026-10", 6, date(2026, 11, 20), UnitScope())
    assert scored == []  # every month came from the cache
    cached_unit_scores(ranking_key(), "2026-11", 6, date(2026, 11, 20), UnitScope())
    assert scored == ["2026-11"]  # and a month it did not warm is scored as before

"""ui.warmup: the months a first visit of 单位画像 asks for are scored into the pages' cache beforehand."""

import threading
from datetime import date

import ui.state
from core.monitoring.gaming import load_gaming_settings
from core.storage.scope import UnitScope, month_period, scope_for_group
from tests.apphelpers import county_database
from ui.state import cached_reposts, cached_unit_scores, ranking_key
from ui.warmup import warm_first_visits, warm_month_scores


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


def test_the_default_views_reposts_are_found_ahead_too(tmp_path, monkeypatch):
    """更新频率 opens on the whole county and the default month: its 旧稿新发 come from the cache after the warm-up."""
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")
    ui.state._cached_month_scores.clear()
    ui.state.cached_reposts.clear()
    assert warm_first_visits()[0] == "2026-10"
    found = []
    real = ui.state.reposts
    monkeypatch.setattr(ui.state, "reposts", lambda *args: found.append(args[1]) or real(*args))
    page_view = (month_period("2026-10", date(2026, 11, 20)), scope_for_group("全部单位"), load_gaming_settings())
    cached_reposts(str(tmp_path / "county.duckdb"), ranking_key(), *page_view)
    assert found == []
    cached_reposts(
        str(tmp_path / "county.duckdb"), ranking_key(), page_view[0], scope_for_group("县直部门"), page_view[2]
    )
    assert len(found) == 1  # another unit range is found when asked, as before


def test_the_warm_up_thread_writes_nothing_to_a_page(tmp_path, monkeypatch, capfd):
    """Outside a script run db() opens the file without the page note (st.empty): on the server's start-up thread
    each note logged "missing ScriptRunContext", 18 lines at every start."""
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")
    ui.state._cached_month_scores.clear()
    worker = threading.Thread(target=warm_first_visits)
    worker.start()
    worker.join()
    assert "ScriptRunContext" not in capfd.readouterr().err

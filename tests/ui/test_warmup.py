"""ui.warmup: the months a first visit of 单位画像 asks for are scored into the pages' cache beforehand, at start
and after a change."""

import threading
from datetime import date

import ui.state
import ui.warmup
from core.monitoring.gaming import load_gaming_settings
from core.storage.db import opened
from core.storage.scope import UnitScope, month_period, scope_for_group
from tests.apphelpers import app_as, county_database, load, write_csv
from ui.state import cached_reposts, cached_unit_scores, ranking_key
from ui.warmup import (
    enable_warm_after_changes,
    state_to_warm,
    warm_after_changes,
    warm_first_visits,
    warm_month_scores,
)


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


def _scored_months(monkeypatch) -> list[str]:
    """The months ui.state scores from now on (each cache miss), in order."""
    scored: list[str] = []
    real = ui.state.month_scores
    monkeypatch.setattr(ui.state, "month_scores", lambda *args: scored.append(args[1]) or real(*args))
    return scored


def _new_item(folder, published_on: str = "2026-10-20") -> None:
    """An import through the loaders, as the page or the CLI makes one: the scoring state moves."""
    header = ["单位", "栏目", "标题", "发布日期", "成文日期", "链接"]
    with opened(folder / "county.duckdb") as con:
        row = ["县甲局", "工作动态", f"新的一条（{published_on}）", published_on, "", ""]
        load(con, write_csv(folder / f"new-{published_on}.csv", header, [row]))


def _page_run() -> None:
    """A page run of dashboard.py that finishes (a new AppTest session: after its landing page's switch, AppTest
    runs the page alone, without dashboard.py around it)."""
    at = app_as("office")
    at.run()
    assert not at.exception and not at.error


def test_after_an_import_the_next_page_run_scores_the_months_it_moved(tmp_path, monkeypatch):
    """With the server's switch on, the first page run that finishes after an import scores the session's month
    and the five before it again where the import moved them (an item moves its month and the later ones), so
    单位画像 then scores nothing; a run with nothing changed scores nothing."""
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")
    monkeypatch.setitem(ui.warmup._after_changes, "on", False)  # restored after the test, like the server's start
    ui.state._cached_month_scores.clear()
    enable_warm_after_changes()
    assert warm_first_visits()[:2] == ["2026-10", "2026-09"]  # as at the server's start
    scored = _scored_months(monkeypatch)
    _page_run()
    assert scored == []  # nothing changed since the switch was turned on

    _new_item(tmp_path, "2026-10-20")
    _page_run()
    assert scored == ["2026-10"]  # the months before it rest on nothing that moved
    _new_item(tmp_path, "2026-08-20")
    _page_run()
    assert scored == ["2026-10", "2026-10", "2026-09", "2026-08"]
    cached_unit_scores(ranking_key(), "2026-10", 6, date(2026, 11, 20), UnitScope())
    _page_run()
    assert len(scored) == 4  # the unit page's months were cache hits, and the state is recorded as warmed


def test_without_the_servers_switch_a_page_run_warms_nothing(tmp_path, monkeypatch):
    """AppTest runs and the CLI never warm: only server.py turns warm_after_changes on."""
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")
    monkeypatch.setitem(ui.warmup._after_changes, "on", False)
    ui.state._cached_month_scores.clear()
    scored = _scored_months(monkeypatch)
    _new_item(tmp_path)
    _page_run()
    assert scored == []
    assert state_to_warm() is None
    assert warm_after_changes(month_period("2026-10", date(2026, 11, 20)), UnitScope(), None) == []


def test_a_failed_warm_up_is_logged_once_and_never_reaches_the_page(tmp_path, monkeypatch, caplog):
    """The warm-up is only a head start: when it fails, the run that tried goes on without an error, and the next
    runs do not try again for the same state (a persistent failure must not cost every run)."""
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")
    monkeypatch.setitem(ui.warmup._after_changes, "on", False)
    enable_warm_after_changes()
    tries = []

    def failing(period, scope, key):
        tries.append(period)
        raise RuntimeError("the file went away")

    monkeypatch.setattr(ui.warmup, "_warm", failing)
    _new_item(tmp_path)
    october = month_period("2026-10", date(2026, 11, 20))
    assert warm_after_changes(october, UnitScope(), state_to_warm()) == []
    assert warm_after_changes(october, UnitScope(), state_to_warm()) == []
    assert len(tries) == 1
    assert "预先计算得分失败" in caplog.text

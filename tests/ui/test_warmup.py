"""ui.warmup: the months a first visit of 单位画像 asks for are scored into the pages' cache beforehand."""

import logging
import threading
from datetime import date

import ui.state
import ui.warmup
from core.monitoring.gaming import load_gaming_settings
from core.storage.db import connect
from core.storage.scope import UnitScope, month_period, scope_for_group
from tests.apphelpers import county_database, load, write_csv
from ui.state import cached_reposts, cached_unit_scores, ranking_key
from ui.warmup import enable_keep_warm, keep_warm, warm_first_visits, warm_month_scores


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


def test_keep_warm_scores_again_after_an_import_and_only_then(tmp_path, monkeypatch):
    """After a change the months are scored on a background thread, so the next first visit scores nothing; with
    no change since, no thread starts."""
    path = county_database(tmp_path)
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")
    monkeypatch.setitem(ui.warmup._keep, "enabled", False)  # restored after the test, like the module's state
    monkeypatch.setitem(ui.warmup._keep, "warmed", "")
    ui.state._cached_month_scores.clear()
    assert keep_warm() is None  # off until the server turns it on
    enable_keep_warm()
    assert keep_warm() is None  # nothing changed since

    con = connect(path)
    load(
        con,
        write_csv(
            tmp_path / "more.csv", ["单位", "栏目", "标题", "发布日期"], [["县甲局", "工作动态", "新稿", "2026-10-12"]]
        ),
    )
    con.close()
    worker = keep_warm()
    assert worker is not None
    worker.join()
    scored = []
    real = ui.state.month_scores
    monkeypatch.setattr(ui.state, "month_scores", lambda *args: scored.append(args[1]) or real(*args))
    cached_unit_scores(ranking_key(), "2026-10", 6, date(2026, 11, 20), UnitScope())
    assert scored == []  # the six months of the new state came from the cache
    assert keep_warm() is None  # warmed for this state already


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
    """Outside a script run db() opens the file without the page note (st.empty): on the server's warm-up thread
    each note logged "missing ScriptRunContext", 18 lines at every start."""
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")
    ui.state._cached_month_scores.clear()
    worker = threading.Thread(target=warm_first_visits)
    worker.start()
    worker.join()
    assert "ScriptRunContext" not in capfd.readouterr().err


def test_a_failing_keep_warm_is_logged_and_tried_again_at_the_next_run(tmp_path, monkeypatch, caplog):
    """A page that worked never shows an error for its head start, and a failure never leaves keep-warm off."""
    monkeypatch.setenv("DASHBOARD_DB", str(county_database(tmp_path)))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-11-20")
    monkeypatch.setitem(ui.warmup._keep, "enabled", False)
    monkeypatch.setitem(ui.warmup._keep, "warmed", "")
    real = ui.warmup.ranking_key

    def broken() -> str:
        raise RuntimeError("计分状态读不出")

    monkeypatch.setattr(ui.warmup, "ranking_key", broken)
    with caplog.at_level(logging.ERROR, logger="ui.warmup"):
        enable_keep_warm()  # the server's start goes on
        assert keep_warm() is None
    assert "计分状态读不出" in caplog.text and "预先计算得分失败" in caplog.text
    monkeypatch.setattr(ui.warmup, "ranking_key", real)
    worker = keep_warm()  # the next run: the lock was let go
    assert worker is not None
    worker.join()

"""Freezing a month: what was announced stays; a recomputation shows what would change; movement by month."""

from datetime import date

import pandas as pd
import pytest

from core.calendar.workdays import load_calendar
from core.errors import DashboardError
from core.ranking.bulletins import bulletin_info, bulletin_versions, freeze, frozen_months, withdraw
from core.ranking.rubric import current_rubric
from core.ranking.view import month_facts, ranking_view
from tests.apphelpers import load, write_csv

CAL = load_calendar()
TODAY = date(2026, 11, 23)


def _scores(view):
    return {r.unit_name: (r.score, r.rank) for r in view.scores.scores.itertuples()}


def test_frozen_month_ignores_later_imports_and_shows_the_difference(county, tmp_path):
    view = ranking_view(county, "2026-10", TODAY, CAL)
    assert view.frozen is None
    announced = _scores(view)
    _, version, _ = current_rubric(county)
    freeze(county, view.scores, version, "王五", "清公开办〔2026〕10号", month_facts(county, view.scores, TODAY))
    # a late ledger: 县丙局 had in fact published twice in October, and a new finding for 县丙局
    load(
        county,
        write_csv(
            tmp_path / "late.csv",
            ["单位", "栏目", "标题", "发布日期", "链接"],
            [
                ["县丙局", "工作动态", "补报一", "2026-09-29", "http://x/l1"],
                ["县丙局", "工作动态", "补报二", "2026-10-06", "http://x/l2"],
            ],
        ),
    )
    after = ranking_view(county, "2026-10", TODAY, CAL)
    assert after.frozen["frozen_by"] == "王五" and after.frozen["doc_number"] == "清公开办〔2026〕10号"
    assert _scores(after) == announced
    # recomputed: 丙 now misses only weeks 10-12 and 10-19 → −4 → 96
    changes = after.changes.set_index("unit_name")
    assert (changes.loc["县丙局", "frozen_score"], changes.loc["县丙局", "score_now"]) == (92.0, 96.0)
    assert after.frozen["facts"]["items"] == 3 and frozen_months(county) == ["2026-10"]


def test_a_month_is_frozen_once_and_needs_a_name(county):
    view = ranking_view(county, "2026-10", TODAY, CAL)
    _, version, _ = current_rubric(county)
    with pytest.raises(DashboardError):
        freeze(county, view.scores, version, " ")
    assert bulletin_info(county, "2026-10") is None
    freeze(county, view.scores, version, "王五")
    with pytest.raises(DashboardError, match="已经发布"):
        freeze(county, view.scores, version, "王五")


def test_movement_compares_with_the_previous_month(county):
    ranking = ranking_view(county, "2026-10", TODAY, CAL).ranking.set_index("unit_name")
    # September: 甲 (no item, 通知公告 fine, F3 new) and 丙 (no item) — every department silent all month
    assert ranking.loc["县甲局", "movement"] is not None
    september = ranking_view(county, "2026-09", TODAY, CAL).scores.scores.set_index("unit_name")
    expected = september.loc["县甲局", "rank"] - ranking.loc["县甲局", "rank"]
    assert ranking.loc["县甲局", "movement"] == expected


def test_a_withdrawn_bulletin_stays_readable_and_the_next_signature_is_a_new_version(county, tmp_path):
    view = ranking_view(county, "2026-10", TODAY, CAL)
    _, rubric_id, _ = current_rubric(county)
    assert freeze(county, view.scores, rubric_id, "李领导", "清公开办〔2026〕10号") == 1
    announced = _scores(view)
    with pytest.raises(DashboardError, match="须写明原因"):
        withdraw(county, "2026-10", "  ", "李领导")
    assert bulletin_info(county, "2026-10")["version"] == 1  # nothing written on refusal
    assert withdraw(county, "2026-10", "县丙局补报了10月台账", "李领导") == 1
    assert bulletin_info(county, "2026-10") is None and frozen_months(county) == []
    assert ranking_view(county, "2026-10", TODAY, CAL).frozen is None  # live again
    with pytest.raises(DashboardError, match="没有已签发"):
        withdraw(county, "2026-10", "再撤一次", "李领导")
    load(
        county,
        write_csv(
            tmp_path / "late.csv",
            ["单位", "栏目", "标题", "发布日期", "链接"],
            [["县丙局", "工作动态", "补报二", "2026-10-06", "http://x/l2"]],
        ),
    )
    corrected = ranking_view(county, "2026-10", TODAY, CAL)
    assert _scores(corrected) != announced
    assert freeze(county, corrected.scores, rubric_id, "李领导", "清公开办〔2026〕10号") == 2
    versions = bulletin_versions(county, "2026-10")
    assert list(versions["version"]) == [2, 1]
    old = versions.set_index("version").loc[1]
    assert (old["withdrawn_by"], old["withdraw_reason"]) == ("李领导", "县丙局补报了10月台账")
    assert old["withdrawn_at"] is not None and pd.isna(versions.set_index("version").loc[2, "withdrawn_at"])
    # the withdrawn version still reads as it was announced; the version in force is the corrected one
    assert _scores(ranking_view(county, "2026-10", TODAY, CAL, version=1)) == announced
    assert ranking_view(county, "2026-10", TODAY, CAL, version=1).frozen["withdraw_reason"] == "县丙局补报了10月台账"
    assert _scores(ranking_view(county, "2026-10", TODAY, CAL)) == _scores(corrected)


def test_m013_keeps_a_bulletin_signed_before_it_as_version_one(tmp_path):
    import duckdb

    from core.storage.migrations import migrate

    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    migrate(con, until="m011_accounts_sessions_audit")
    con.execute("INSERT INTO bulletins VALUES ('2026-09', 1, '2026-10-31', now(), '王五', '清公开办〔2026〕9号', '{}')")
    con.execute(
        "INSERT INTO bulletin_scores VALUES ('2026-09', 7, '县甲局', '县直部门', '县直部门', 100, 3, 0, 97, 1, '优秀')"
    )
    con.execute("INSERT INTO bulletin_lines VALUES ('2026-09', 7, 'blank_columns', '空白栏目', '栏目', 3, 1, -3, '甲')")
    assert "m013_bulletin_withdrawal" in migrate(con)
    info = bulletin_info(con, "2026-09")
    assert (info["version"], info["frozen_by"], info["doc_number"]) == (1, "王五", "清公开办〔2026〕9号")
    assert con.execute("SELECT version, score FROM bulletin_scores").fetchall() == [(1, 97.0)]
    assert con.execute("SELECT version, evidence FROM bulletin_lines").fetchall() == [(1, "甲")]
    assert frozen_months(con) == ["2026-09"]
    con.close()

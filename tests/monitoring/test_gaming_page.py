"""更新频率 shows 突击更新 and 旧稿新发 (issue 14 item 4) in AppTest on a real database file: every item named in
full, and a liaison sees only his own unit's flags (the scope is applied in the query)."""

import pytest

from core.accounts.vocabulary import LIAISON
from core.storage.db import connect
from tests.apphelpers import app_as, load, new_database, write_csv
from tests.monitoring.test_gaming import gamed_county
from ui import strings
from ui.state import KEY_MONTH
from ui.text import plain_format


@pytest.fixture
def gamed_db(tmp_path, monkeypatch):
    path = tmp_path / "gamed.duckdb"
    con = new_database(path)
    gamed_county(con, tmp_path)
    ids = dict(con.execute("SELECT name, unit_id FROM units").fetchall())
    con.close()
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-03-01")
    return ids


def _freshness(role: str = "office", unit_ids: tuple[int, ...] = ()):
    at = app_as(role, unit_ids)
    at.session_state[KEY_MONTH] = "2026-02"
    at.run()
    at.switch_page("pages/freshness.py").run()
    assert not at.exception
    return at, [m.value for m in at.markdown]


def test_the_office_sees_both_flags_with_every_item_named(gamed_db):
    at, texts = _freshness()
    assert f"**{strings.GAMING_RUSH.format(n=1)}**" in texts
    assert f"**{strings.GAMING_REPOST.format(n=2, units=2)}**" in texts
    rush = plain_format(
        strings.GAMING_UNIT_LINE,
        unit="县甲局",
        reason="当月发布10条，其中5条（50%）在月末2026-02-26至2026-02-28发布：02-26《甲局春季造林动员会》；"
        "02-27《甲局关于安全生产检查的通报》；02-27《甲局工作简报第6期》；02-28《甲局工作简报第7期》；"
        "02-28《甲局工作简报第8期》",
    )
    assert rush in texts
    repost = plain_format(
        strings.GAMING_UNIT_LINE,
        unit="乙镇",
        reason="2026-02-27在“工作动态”发布《乙镇开展“冬季防火” 宣传》：与本单位2025-11-10在“工作动态”发布的"
        "《乙镇开展冬季防火宣传》标题相同",
    )
    # the reasons of one unit at a time, the unit with most flagged items first (one each here: by name)
    assert at.selectbox(key="fresh_repost_unit").options == ["乙镇（1条）", "县甲局（1条）"]
    assert any(repost in text.split("\n\n") for text in texts)  # one paragraph of its unit's box
    at.selectbox(key="fresh_repost_unit").set_value("县甲局").run()
    shown = [m.value for m in at.markdown]
    assert not any(repost in text.split("\n\n") for text in shown)
    old_draft = plain_format(strings.GAMING_UNIT_LINE, unit="县甲局", reason="成文日期2024-12-01，发布时已过453天")
    assert any(old_draft.split("：")[1] in text for text in shown)
    grid = next(d.value for d in at.dataframe if "此前信息标题" in d.value.columns)
    assert list(grid["标题"]) == ["甲局关于安全生产检查的通报"]  # the chosen unit's items


def test_a_liaison_sees_only_his_units_flags(gamed_db):
    _, texts = _freshness(LIAISON, (gamed_db["乙镇"],))
    assert f"**{strings.GAMING_RUSH.format(n=0)}**" in texts  # 县甲局's rush is not his to see
    assert f"**{strings.GAMING_REPOST.format(n=1, units=1)}**" in texts
    assert not any("县甲局" in t for t in texts)


def test_a_new_import_shows_its_reposts_on_the_next_visit(gamed_db, tmp_path):
    """The page keeps the month's 旧稿新发 between reruns (ui.state.cached_reposts), never past a change of data."""
    at, texts = _freshness()
    assert f"**{strings.GAMING_REPOST.format(n=2, units=2)}**" in texts
    path = tmp_path / "more.csv"
    write_csv(
        path,
        ["单位", "栏目", "标题", "发布日期", "成文日期", "链接"],
        [["县丙局", "工作动态", "丙局旧文", "2026-02-20", "2024-01-02", ""]],
    )
    con = connect(tmp_path / "gamed.duckdb")
    try:
        load(con, path)
    finally:
        con.close()
    at.run()
    assert f"**{strings.GAMING_REPOST.format(n=3, units=3)}**" in [m.value for m in at.markdown]


def test_early_in_a_month_the_weekly_section_says_when_its_first_week_ends(gamed_db, monkeypatch, tmp_path):
    """On 04-02 no week of April has ended (its first Sunday is 04-05): the section says so instead of showing
    nothing; February, whose weeks have ended, shows its heatmap and table."""
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-04-02")
    with connect(tmp_path / "gamed.duckdb") as con:
        header = ["单位", "栏目", "标题", "发布日期"]
        load(con, write_csv(tmp_path / "april.csv", header, [["县甲局", "工作动态", "四月第一条", "2026-04-01"]]))
    at = app_as("office")
    at.session_state[KEY_MONTH] = "2026-04"
    at.run()
    at.switch_page("pages/freshness.py").run()
    assert not at.exception
    assert plain_format(strings.WEEKLY_NONE_YET, first_sunday="04-05") in [i.value for i in at.info]
    at, texts = _freshness()
    assert f"**{strings.WEEKLY_SUMMARY}**" in texts

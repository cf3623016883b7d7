"""Every page driven with AppTest on real temporary databases: no exception, the right figures, real uploads."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.accounts.identity import User
from core.accounts.vocabulary import LEADER, OFFICE
from core.config import REPO_ROOT
from tests.apphelpers import add_long_finding, app_as, new_database, ranking_shown, small_county, write_csv
from ui import strings
from ui.auth import KEY_TEST_USER
from ui.state import KEY_GROUP, KEY_MONTH
from ui.text import plain

ROOT = REPO_ROOT
PAGES = [
    "pages/overview.py",
    "pages/publications.py",
    "pages/freshness.py",
    "pages/timeliness.py",
    "pages/rectification.py",
    "pages/requests.py",
    "pages/rhythm.py",
    "pages/inspection.py",
    "pages/annual_reports.py",
    "pages/ranking.py",
    "pages/assessment.py",
    "pages/imports.py",
]


def _app(db: Path, monkeypatch, month: str | None = None, group: str | None = None, role: str = OFFICE) -> AppTest:
    """The app on `db`; filters are preset through session state because AppTest (1.67) drops the entry
    script's widgets from its element tree after the first run of an st.navigation app."""
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    at = app_as(role)
    if month:
        at.session_state[KEY_MONTH] = month
    if group:
        at.session_state[KEY_GROUP] = group
    return at


@pytest.fixture
def empty_db(tmp_path):
    path = tmp_path / "empty.duckdb"
    new_database(path).close()
    return path


@pytest.fixture
def county_db(tmp_path):
    path = tmp_path / "county.duckdb"
    con = new_database(path)
    small_county(con, tmp_path)
    con.close()
    return path


@pytest.mark.parametrize("state", ["empty_db", "county_db"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(page, state, request, monkeypatch):
    at = _app(request.getfixturevalue(state), monkeypatch).run()
    at.switch_page(page).run()
    assert not at.exception
    assert not [e.value for e in at.error]
    pickers = [*at.selectbox, *at.multiselect]
    assert [w.label for w in pickers if w.proto.placeholder != strings.CHOOSE] == []  # never Streamlit's English


def test_empty_database_says_how_to_start(empty_db, monkeypatch):
    at = _app(empty_db, monkeypatch).run()
    assert strings.OVERVIEW_EMPTY in [i.value for i in at.info]


def test_overview_shows_the_kpis_for_the_selected_month_and_group(county_db, monkeypatch):
    at = _app(county_db, monkeypatch, month="2026-10").run()
    assert [s.label for s in at.sidebar.selectbox] == [strings.SIDEBAR_GROUP, strings.SIDEBAR_MONTH]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[strings.KPI_ITEMS] == "3" and metrics[strings.KPI_OVERDUE] == "1"
    at = _app(county_db, monkeypatch, month="2026-10", group="乡镇/街道").run()
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics[strings.KPI_ITEMS], metrics[strings.KPI_STALE], metrics[strings.KPI_BLANK]) == ("1", "1", "0")


def test_upload_imports_files_shows_outcomes_and_can_be_undone(county_db, tmp_path, monkeypatch):
    good = write_csv(
        tmp_path / "new.csv",
        ["单位", "栏目", "标题", "发布日期", "链接"],
        [
            ["县甲局", "工作动态", "十月新闻", "2026-10-28", "http://x/n1"],
            ["县无此局", "工作动态", "无主", "2026-10-28", "http://x/n2"],
        ],
    )
    at = _app(county_db, monkeypatch).run()
    at.switch_page("pages/imports.py").run()
    at.file_uploader[0].upload(good.name, good.read_bytes(), "text/csv")
    at.file_uploader[0].upload("photo.xlsx", b"\x89PNG\r\n\x1a\nnot a workbook", "application/octet-stream")
    at.run()
    at.button[0].click().run()
    assert not at.exception
    assert any(plain("photo.xlsx") in e.value and "未写入任何数据" in e.value for e in at.error)  # shown as text
    outcome = at.dataframe[0].value
    row = outcome.iloc[0]
    assert (row["文件"], row["新增"], row["隔离"], row["数据行"]) == ("new.csv", 1, 1, 2)
    quarantine = at.dataframe[1].value
    assert "单位未登记: 县无此局" in set(quarantine["原因"])
    undo = next(b for b in at.button if b.label.startswith("撤销最近一次导入"))
    undo.click().run()
    next(b for b in at.button if b.label == "确认撤销").click().run()  # one click asks; the second undoes
    assert not at.exception
    at.session_state[KEY_MONTH] = "2026-10"
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}[strings.KPI_ITEMS] == "3"


def test_no_traceback_when_the_database_is_from_a_newer_program(county_db, monkeypatch):
    con = new_database(county_db)
    con.execute("INSERT INTO _migrations VALUES ('m999_future', now())")
    con.close()
    at = _app(county_db, monkeypatch).run()
    assert not at.exception
    assert any("更新版本" in e.value for e in at.error)


def test_publications_totals_agree_with_the_overview(county_db, monkeypatch):
    at = _app(county_db, monkeypatch, month="2026-10").run()
    overview = {m.label: m.value for m in at.metric}[strings.KPI_ITEMS]
    at.switch_page("pages/publications.py").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}[strings.PUB_THIS_MONTH] == overview == "3"


def test_selecting_a_unit_lists_its_items(county_db, monkeypatch):
    at = _app(county_db, monkeypatch, month="2026-10")
    at.session_state["pub_unit"] = "县甲局"
    at.run()
    at.switch_page("pages/publications.py").run()
    items = next(d.value for d in at.dataframe if "标题" in d.value.columns)
    assert list(items["标题"]) == ["甲二", "甲一"]  # newest first


def test_freshness_page_counts_and_exemption_round_trip(county_db, monkeypatch):
    at = _app(county_db, monkeypatch, month="2026-10").run()
    at.switch_page("pages/freshness.py").run()
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics[strings.FRESH_STALE], metrics[strings.FRESH_BLANK]) == ("2", "1")
    at.selectbox(key="ex_unit").set_value("县甲局")
    at.selectbox(key="ex_column").set_value("通知公告")
    at.button(key="ex_add").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics[strings.FRESH_STALE], metrics[strings.FRESH_EXEMPT]) == ("1", "1")
    exemptions = next(d.value for d in at.dataframe if "经办人" in d.value.columns)
    assert exemptions.iloc[0]["经办人"] == "王五（wang）" and exemptions.iloc[0]["栏目"] == "通知公告"
    at.button(key="ex_revoke").click().run()
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics[strings.FRESH_STALE], metrics[strings.FRESH_EXEMPT]) == ("2", "0")
    exemptions = next(d.value for d in at.dataframe if "经办人" in d.value.columns)
    assert exemptions.iloc[0]["撤销人"] == "王五（wang）"


def test_an_exemption_by_a_leader_is_refused_in_chinese(county_db, monkeypatch):
    at = _app(county_db, monkeypatch, month="2026-10", role=LEADER).run()
    at.switch_page("pages/freshness.py").run()
    at.button(key="ex_add").click().run()
    assert not at.exception
    assert any("领导（wang）无权栏目豁免" in e.value for e in at.error)


def test_timeliness_page_shows_counts(county_db, monkeypatch):
    at = _app(county_db, monkeypatch, month="2026-10").run()
    at.switch_page("pages/timeliness.py").run()
    metrics = {m.label: m.value for m in at.metric}
    # the hand-made county has no 成文日期 at all: every item is 未知, none 按时
    assert (metrics[strings.TIME_ITEMS], metrics[strings.TIME_UNKNOWN], metrics[strings.TIME_ON_TIME]) == (
        "3",
        "3",
        "0",
    )
    assert metrics[strings.TIME_RATE] == "—"


def test_the_finding_picked_for_its_record_shows_its_whole_description(county_db, tmp_path, monkeypatch):
    long = "“通知公告”栏目" + "、".join(f"第{i}条信息未注明发布机构" for i in range(1, 6))
    con = new_database(county_db)
    add_long_finding(con, tmp_path, long)
    con.close()
    at = _app(county_db, monkeypatch, month="2026-10").run()
    at.switch_page("pages/rectification.py").run()
    f9 = next(o for o in at.selectbox(key="rect_pick").options if o.startswith("F9"))
    assert long not in f9  # the picker's line is short …
    at.selectbox(key="rect_pick").set_value(f9).run()
    assert plain(long) in [m.value for m in at.markdown]  # … the record under it says it all


def test_marking_a_finding_holds_against_a_later_ledger_and_shows_the_conflict(county_db, tmp_path, monkeypatch):
    at = _app(county_db, monkeypatch, month="2026-10").run()
    at.switch_page("pages/rectification.py").run()
    assert {m.label: m.value for m in at.metric}[strings.RECT_OVERDUE] == "1"
    f1 = next(o for o in at.selectbox(key="rect_pick").options if o.startswith("F1"))
    at.selectbox(key="rect_pick").set_value(f1)
    at.selectbox(key="mark_status").set_value("已整改")
    at.text_input(key="mark_note").input("电话核实")
    at.button(key="mark_save").click().run()
    assert not at.exception and {m.label: m.value for m in at.metric}[strings.RECT_OVERDUE] == "0"
    timeline = next(d.value for d in at.dataframe if "新状态" in d.value.columns)
    assert timeline.iloc[-1][["新状态", "来源", "经办人", "说明"]].tolist() == [
        "已整改",
        "人工标记",
        "王五（wang）",
        "电话核实",
    ]
    ledger = write_csv(
        tmp_path / "later.csv",
        ["编号", "检查名称", "发现日期", "责任单位", "问题类型", "问题描述", "整改期限", "整改状态"],
        [["F1", "网上巡查", "2026-10-09", "县甲局", "栏目更新不及时", "通知公告超期", "10个工作日", "整改中"]],
    )
    con = new_database(county_db)
    from loaders.pipeline import import_file

    import_file(con, ledger.read_bytes(), ledger.name)
    status = con.execute("SELECT status FROM findings WHERE finding_no = 'F1'").fetchall()
    con.close()
    assert status == [("已整改",)]  # the mark holds
    at.run()
    conflicts = next(d.value for d in at.dataframe if "冲突ID" in d.value.columns)
    assert conflicts.iloc[0][["现状态（人工标记）", "台账状态", "来源文件"]].tolist() == [
        "已整改",
        "整改中",
        "later.csv",
    ]
    at.button(key="conflict_True").click().run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}[strings.RECT_OVERDUE] == "1"  # the ledger's 整改中, overdue again


def test_requests_page_counts_and_explains_a_due_date(tmp_path, monkeypatch):
    path = tmp_path / "r.duckdb"
    con = new_database(path)
    small_county(con, tmp_path)
    from loaders.pipeline import import_file

    ledger = write_csv(
        tmp_path / "req.csv",
        ["申请编号", "受理单位", "收到日期", "是否延期", "答复日期", "办理结果"],
        [
            ["R1", "县甲局", "2026-09-28", "否", "2026-10-28", "予以公开"],  # due 10-30: on time
            ["R2", "县甲局", "2026-09-28", "否", "", ""],  # open, overdue on 11-20
            ["R3", "乙镇", "2026-11-02", "2次", "", ""],
        ],
    )  # extended twice: flagged
    import_file(con, ledger.read_bytes(), ledger.name)
    con.close()
    at = _app(path, monkeypatch, month="2026-10")
    at.session_state["filter_month"] = "2026-10"
    at.run()
    at.switch_page("pages/requests.py").run()
    metrics = {m.label: m.value for m in at.metric}
    # as of 2026-10-31 (October): R1 answered on time, R2 due 10-30 and unanswered → overdue; R3 not received yet
    assert (metrics[strings.REQ_RECEIVED], metrics[strings.REQ_ON_TIME], metrics[strings.REQ_OVERDUE]) == (
        "2",
        "1",
        "1",
    )
    assert any("国庆节" in m.value for m in at.markdown)


def test_ranking_page_shows_scores_breakdown_and_freezes(county_db, monkeypatch):
    at = _app(county_db, monkeypatch, month="2026-10").run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception
    assert any(strings.RANK_LIVE[:8] in i.value for i in at.info)
    ranking = ranking_shown(at)
    assert list(zip(ranking["单位"], ranking["得分"], ranking["名次"])) == [
        ("县丙局", "92", "1"),
        ("县甲局", "89", "2"),
        ("乙镇", "91", "1"),  # the 乡镇/街道 tab
    ]
    # the breakdown opens on the first group's last unit (issue 12 item 4)
    assert at.selectbox(key="rank_unit_2026-10").value == "县甲局"
    at.selectbox(key="rank_unit_2026-10").set_value("县甲局").run()
    assert {m.label: m.value for m in at.metric}[strings.RANK_SCORE] == "89"
    lines = next(d.value for d in at.dataframe if "依据（失分原因）" in d.value.columns)
    assert set(lines["考核内容"]) == {
        "一周一更新：当月有自然周未发布信息",
        "栏目超过规定周期未更新",
        "空白栏目",
        "网上巡查、互查新发现问题",
        "问题逾期未整改",
    }
    at.button(key="freeze").click().run()
    at.button(key="freeze_confirm").click().run()  # the office may not 签发
    assert any("无权签发" in e.value for e in at.error)
    at.session_state[KEY_TEST_USER] = User(2, "li", "李四", LEADER)
    at.run()
    at.button(key="freeze").click().run()  # one click only asks, stating what will change (issue 12 item 7)
    assert not at.success and not at.exception
    question = next(w.value for w in at.warning if "确认签发" in w.value)
    assert "2026年10月" in question and "第1版" in question and "撤回" in question
    at.button(key="freeze_confirm").click().run()
    assert not at.exception
    assert any("李四（li）" in s.value and "冻结" in s.value for s in at.success)


@pytest.mark.parametrize(
    ("page", "labels", "key"),
    [
        ("pages/rectification.py", list(strings.RECT_BY_TABS.values()), "rect_by_tab"),
        ("pages/publications.py", ["县直部门", "乡镇/街道"], "pub_heatmap_group"),
    ],
)
def test_only_the_tab_looked_at_is_built_and_a_click_builds_the_other(page, labels, key, county_db, monkeypatch):
    at = _app(county_db, monkeypatch, month="2026-10").run()
    at.switch_page(page).run()
    built = {t.label: len(t.children) > 0 for t in at.tabs if t.label in labels}
    assert built == {label: label == labels[0] for label in labels}
    at.session_state[key] = labels[1]  # what a click on the second tab sets
    at.run()
    assert not at.exception
    built = {t.label: len(t.children) > 0 for t in at.tabs if t.label in labels}
    assert built == {label: label == labels[1] for label in labels}

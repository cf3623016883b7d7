"""数据导入 in AppTest on a real county database: a liaison's upload (issue 11), undo only after a confirmation
that says what will change, and the quarantine corrected in the browser (issue 12 items 7, 8)."""

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from core.accounts.vocabulary import LIAISON, OFFICE
from tests.apphelpers import app_as, new_database, small_county, write_csv
from ui import import_strings as text
from ui.state import KEY_MONTH
from ui.text import plain


@pytest.fixture
def county_db(tmp_path: Path) -> Path:
    path = tmp_path / "county.duckdb"
    con = new_database(path)
    small_county(con, tmp_path)
    con.close()
    return path


def _query(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _unit(path: Path, name: str) -> int:
    return _query(path, f"SELECT unit_id FROM units WHERE name = '{name}'")[0][0]


def _imports_page(path: Path, monkeypatch, role: str, units: tuple[int, ...] = ()) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    at = app_as(role, units)
    at.session_state[KEY_MONTH] = "2026-10"
    at.run()
    return at.switch_page("pages/imports.py").run()


def _upload(at: AppTest, path: Path) -> AppTest:
    at.file_uploader[0].upload(path.name, path.read_bytes(), "text/csv")
    at.run()
    next(b for b in at.button if b.label == "开始导入").click().run()
    assert not at.exception
    return at


def _ledger(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "甲局11月.csv",
        ["单位", "栏目", "标题", "发布日期", "链接"],
        [
            ["县甲局", "工作动态", "甲局十一月新闻", "2026-11-03", "http://x/n1"],
            ["乙镇", "工作动态", "冒名乙镇的信息", "2026-11-03", "http://x/n2"],
            ["县无此局", "工作动态", "无主", "2026-11-03", "http://x/n3"],
        ],
    )


def test_liaison_uploads_his_units_rows_and_sees_only_his_batches(county_db, tmp_path, monkeypatch):
    jia = _unit(county_db, "县甲局")
    at = _imports_page(county_db, monkeypatch, LIAISON, (jia,))
    assert not at.exception and not at.error
    assert any("县甲局的联络员" in i.value for i in at.info)
    at = _upload(at, _ledger(tmp_path))

    outcome = at.dataframe[0].value.iloc[0]
    assert (outcome["新增"], outcome["隔离"]) == (1, 2)
    quarantine = at.dataframe[1].value
    assert any(r.startswith("该行单位为乙镇，不属于您负责的单位（县甲局）") for r in quarantine["原因"])
    assert "单位未登记: 县无此局" in set(quarantine["原因"])
    history = at.dataframe[-1].value
    assert list(history["来源文件"]) == ["甲局11月.csv"] and list(history["上传人"]) == ["wang"]  # not small_county's
    labels = [b.label for b in at.button]
    assert not [x for x in labels if "撤销" in x or "重新处理" in x or x == text.EDITOR_SAVE]
    assert not at.data_editor
    titles = {t for (t,) in _query(county_db, "SELECT title FROM items")}
    assert "甲局十一月新闻" in titles and "冒名乙镇的信息" not in titles
    audit = _query(county_db, "SELECT login, role, action FROM audit_log ORDER BY entry_id DESC LIMIT 1")
    assert audit == [("wang", LIAISON, "import")]


def test_undo_asks_first_and_says_what_will_change(county_db, tmp_path, monkeypatch):
    at = _upload(_imports_page(county_db, monkeypatch, OFFICE), _ledger(tmp_path))
    items_before = _query(county_db, "SELECT count(*) FROM items")[0][0]
    next(b for b in at.button if b.label.startswith("撤销最近一次导入")).click().run()

    assert not at.exception
    assert _query(county_db, "SELECT count(*) FROM items")[0][0] == items_before  # one click changed nothing
    assert any("确认撤销第" in w.value and plain("甲局11月.csv") in w.value for w in at.warning)
    lines = [m.value for m in at.markdown]
    assert (
        "- 发布信息：删除该批新增的 2 条" in lines and "- 隔离区：删除该批隔离的 1 行" in lines
    )  # office: 乙镇 is fine
    next(b for b in at.button if b.label == text.UNDO_CANCEL).click().run()
    assert not at.warning and _query(county_db, "SELECT count(*) FROM items")[0][0] == items_before

    next(b for b in at.button if b.label.startswith("撤销最近一次导入")).click().run()
    next(b for b in at.button if b.label == text.UNDO_CONFIRM).click().run()
    assert not at.exception
    assert _query(county_db, "SELECT count(*) FROM items")[0][0] == items_before - 2
    assert _query(county_db, "SELECT status FROM imports ORDER BY import_id DESC LIMIT 1") == [("undone",)]


def test_office_corrects_a_cell_and_maps_a_unit_in_the_browser(county_db, tmp_path, monkeypatch):
    ledger = write_csv(
        tmp_path / "乙镇11月.csv",
        ["单位", "栏目", "标题", "发布日期", "链接"],
        [
            ["乙镇", "工作动态", "日期写错的信息", "2026-13-45", "http://x/b1"],
            ["乙镇人民政府", "工作动态", "全称写法", "2026-11-04", "http://x/b2"],
        ],
    )
    at = _upload(_imports_page(county_db, monkeypatch, OFFICE), ledger)
    quarantine = at.dataframe[1].value
    assert set(quarantine["出错的列"]) == {"发布日期", "单位"}
    assert "raw_json" not in quarantine.columns

    dated = _query(county_db, "SELECT quarantine_id FROM quarantine WHERE reason LIKE '日期无法识别%'")[0][0]
    at.selectbox(key="quarantine_pick").set_value(dated).run()
    cells = at.data_editor[0].value
    fault = cells.index[cells["列"] == "发布日期"][0]
    assert cells.loc[fault, "问题"] == "日期无法识别: 2026-13-45" and set(cells.drop(index=fault)["问题"]) == {""}
    at.session_state[f"quarantine_cells_{dated}"] = {
        "edited_rows": {int(fault): {"值": "2026-11-05"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="quarantine_save").click().run()
    assert not at.exception and not at.error
    assert any("更正 1 处" in s.value for s in at.success)

    named = _query(county_db, "SELECT quarantine_id FROM quarantine WHERE resolved_import_id IS NULL")[0][0]
    at.selectbox(key="quarantine_pick").set_value(named).run()
    at.selectbox(key=f"quarantine_map_{named}").set_value(_unit(county_db, "乙镇")).run()
    at.button(key="quarantine_save").click().run()
    assert not at.exception and not at.error
    assert any("新增单位别名 乙镇人民政府→乙镇" in s.value for s in at.success)

    titles = {t for (t,) in _query(county_db, "SELECT title FROM items")}
    assert {"日期写错的信息", "全称写法"} <= titles
    assert _query(county_db, "SELECT count(*) FROM quarantine WHERE resolved_import_id IS NULL") == [(0,)]
    assert _query(county_db, "SELECT alias FROM unit_aliases WHERE alias = '乙镇人民政府'") == [("乙镇人民政府",)]
    actions = _query(county_db, "SELECT action FROM audit_log WHERE action = 'quarantine_correct' AND login = 'wang'")
    assert len(actions) == 2
    history = at.dataframe[-1].value
    assert history.iloc[0]["来源文件"] == "隔离区更正后重新处理" and "乙镇人民政府→乙镇" in history.iloc[0]["说明"]

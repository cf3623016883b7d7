"""A stored report's tables drawn again with a check's cells marked, and two years side by side (issue 13 item 5),
over reports imported through the real reader (docx) into a real DuckDB file."""

from datetime import date

import pytest

from core.accounts.identity import User
from core.accounts.vocabulary import OFFICE
from core.annual_reports.layout import BLANK, cell_locations, marked, report_table, year_on_year
from core.annual_reports.queries import report_checks, report_values
from core.annual_reports.vocabulary import FAIL
from core.storage.db import fetch_rows
from core.storage.scope import UnitScope
from loaders.annual_report import import_report
from tests.annual_reports import render
from tests.annual_reports.fixtures import report_items, tables_2021, variant
from tests.apphelpers import load, new_database, write_csv

OFFICER = User(1, "wang", "王五", OFFICE)
EVERY_UNIT = UnitScope(assessed_only=False)


@pytest.fixture
def county(tmp_path):
    con = new_database(tmp_path / "a.duckdb")
    load(con, write_csv(tmp_path / "u.csv", ["单位名称", "单位类型"], [["县应急管理局", "县直部门"]]))
    yield con, fetch_rows(con, "SELECT unit_id FROM units")[0][0]
    con.close()


def _import(con, tables, year: int, received: date) -> None:
    import_report(con, OFFICER, render.docx_bytes(report_items(tables)), f"{year}.docx", received)


def test_table_three_is_drawn_as_printed_and_the_failing_total_is_marked(county):
    con, unit_id = county
    t = tables_2021()
    t["t3"]["total"] = [*t["t3"]["total"][:-1], t["t3"]["total"][-1] + 1]  # 总计 one more than its rows
    _import(con, t, 2025, date(2026, 1, 20))
    values = report_values(con, EVERY_UNIT, 2025)
    shown, where = report_table(values.loc[values["unit_id"] == unit_id], "三")
    assert list(shown.index[:2]) == ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"]
    assert shown.columns[0] == "自然人" and "总计" in shown.columns
    assert shown.loc["一、本年新收政府信息公开申请数量", "自然人"] == str(t["t3"]["new"][0])
    checks = report_checks(con, EVERY_UNIT, 2025)
    failing = checks.loc[(checks["status"] == FAIL) & checks["check_id"].str.startswith("T3")]
    assert not failing.empty
    cells = [c for listed in failing["cells"] for c in listed]
    mask = marked(where, cell_locations(cells))
    assert mask.loc["（七）总计", "总计"]  # the cell at fault is marked
    assert not mask.loc["二、上年结转政府信息公开申请数量", "自然人"]  # and not every cell


def test_one_units_values_are_read_without_the_others(county, tmp_path):
    con, unit_id = county
    _import(con, tables_2021(), 2025, date(2026, 1, 20))
    load(con, write_csv(tmp_path / "u2.csv", ["单位名称", "单位类型"], [["县民政局", "县直部门"]]))
    other = fetch_rows(con, "SELECT unit_id FROM units WHERE name = '县民政局'")[0][0]
    con.execute("INSERT INTO annual_report_values SELECT * REPLACE (? AS unit_id) FROM annual_report_values", [other])
    everyone = report_values(con, EVERY_UNIT, 2025)
    mine = report_values(con, EVERY_UNIT, 2025, unit_id)
    assert set(everyone["unit_id"]) == {unit_id, other}
    assert set(mine["unit_id"]) == {unit_id} and len(mine) == len(everyone) // 2
    assert report_values(con, UnitScope(unit_ids=(other,)), 2025, unit_id).empty  # the scope still holds


def test_a_blank_cell_is_shown_blank_not_zero(county):
    con, unit_id = county
    t = tables_2021()
    t["t3"]["carried_in"] = [None, *t["t3"]["carried_in"][1:]]
    _import(con, t, 2025, date(2026, 1, 20))
    values = report_values(con, EVERY_UNIT, 2025)
    shown, _ = report_table(values, "三")
    assert shown.loc["二、上年结转政府信息公开申请数量", "自然人"] == BLANK


def test_two_years_side_by_side_with_the_change_and_missing_kept_missing(county):
    con, unit_id = county
    _import(con, variant(year=2024), 2024, date(2025, 1, 20))
    t = tables_2021()
    t["t3"]["new"] = [v * 2 for v in t["t3"]["new"]]
    _import(con, t, 2025, date(2026, 1, 20))
    before, now = (report_values(con, EVERY_UNIT, y) for y in (2024, 2025))
    lines = year_on_year(now, before).set_index("figure")
    new = lines.loc["表三 本年新收政府信息公开申请数量"]
    assert new["this_year"] == 2 * new["previous_year"] and new["change"] == new["previous_year"]
    alone = year_on_year(now, now.iloc[0:0]).set_index("figure")
    assert alone["previous_year"].isna().all() and alone["change"].isna().all()


def test_cell_locations_are_read_from_the_last_brackets():
    cells = ["表三 （七）总计/总计（第2页 表1 第25行第9列）", "表二 规章/本年制发件数（第3行）", "no location"]
    assert cell_locations(cells) == {"第2页 表1 第25行第9列", "第3行"}

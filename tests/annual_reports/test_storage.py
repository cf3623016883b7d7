"""Reports stored per unit/year with their check results (m012), read back per scope; refusals write nothing."""

from datetime import date

import pytest

from core.accounts.identity import PermissionDeniedError, User
from core.accounts.vocabulary import LIAISON, OFFICE
from core.annual_reports.checks import CHECKS
from core.annual_reports.queries import decide_as, item_figures, report_checks, report_status, stored_report
from core.annual_reports.vocabulary import ACCEPTED, DISMISSED, FAIL, MISSING, ON_TIME, PASS
from core.errors import DashboardError, LedgerFormatError
from core.storage.db import fetch_rows
from core.storage.scope import UnitScope
from loaders.annual_report import check_report, import_report
from tests.annual_reports import render
from tests.annual_reports.fixtures import report_items, tables_2021, variant
from tests.apphelpers import load, new_database, write_csv

OFFICER = User(1, "wang", "王五", OFFICE)


@pytest.fixture
def county(tmp_path):
    con = new_database(tmp_path / "a.duckdb")
    units = [["县应急管理局", "县直部门"], ["县教育局", "县直部门"], ["甲镇", "乡镇"]]
    load(con, write_csv(tmp_path / "u.csv", ["单位名称", "单位类型"], units))
    ids = dict(fetch_rows(con, "SELECT name, unit_id FROM units"))
    yield con, ids
    con.close()


def _docx(tables) -> bytes:
    return render.docx_bytes(report_items(tables))


def test_a_stored_report_is_the_previous_year_of_the_next(county):
    con, ids = county
    import_report(con, OFFICER, _docx(variant(year=2024)), "2024.docx", date(2025, 1, 20))
    t = tables_2021()
    t["t3"]["carried_in"] = [3, 0, 0, 0, 0, 0, 3]  # last year carried out 1
    t["t3"]["carried_out"] = [3, 1, 0, 0, 0, 0, 3]
    checked = import_report(con, OFFICER, _docx(t), "2025.docx", date(2026, 2, 2))
    results = {r.check_id: r for r in checked.results}
    assert results["X-1"].status == FAIL and results["PUB-1"].status == FAIL  # received 2 Feb
    earlier = stored_report(con, ids["县应急管理局"], 2024)
    assert earlier is not None and earlier.get("三", "carried_out", "total").number == 1
    assert earlier.sections["五"].startswith("（一）")
    stored = report_checks(con, UnitScope(assessed_only=False), 2025)
    assert dict(zip(stored["check_id"], stored["status"]))["X-1"] == FAIL
    assert any("结转" in c for c in stored.loc[stored["check_id"] == "X-1", "cells"].iloc[0])
    status = report_status(con, UnitScope(assessed_only=False), 2025, date(2026, 2, 10)).set_index("unit_name")
    assert status.loc["县应急管理局", "state"] == "late" and status.loc["县应急管理局", "fails"] >= 2
    assert status.loc["县教育局", "state"] == MISSING and status.loc["甲镇", "state"] == MISSING
    on_time = report_status(con, UnitScope(assessed_only=False), 2024, date(2026, 2, 10)).set_index("unit_name")
    assert on_time.loc["县应急管理局", "state"] == ON_TIME
    audit = fetch_rows(con, "SELECT login, action, object FROM audit_log ORDER BY entry_id")
    assert [a[0] for a in audit] == ["wang", "wang"] and "2025.docx" in audit[-1][2]


def test_reimporting_replaces_the_year_and_keeps_one_row(county):
    con, _ = county
    import_report(con, OFFICER, _docx(tables_2021()), "a.docx", date(2026, 1, 20))
    import_report(con, OFFICER, _docx(tables_2021()), "b.docx", date(2026, 1, 21))
    assert fetch_rows(con, "SELECT file_name, count(*) OVER () FROM annual_reports") == [("b.docx", 1)]
    assert fetch_rows(con, "SELECT count(*) FROM annual_report_checks")[0][0] == len(CHECKS)


def test_refusals_write_nothing(county):
    con, ids = county
    with pytest.raises(LedgerFormatError) as caught:
        import_report(con, OFFICER, _docx(variant(unit="县未登记局")), "x.docx", date(2026, 1, 20))
    assert "县未登记局" in caught.value.message and "x.docx" in caught.value.message
    with pytest.raises(PermissionDeniedError) as refused:  # 县应急管理局's report, uploaded by 县教育局's liaison
        import_report(
            con, User(2, "li", "李", LIAISON, (ids["县教育局"],)), _docx(tables_2021()), "y.docx", date(2026, 1, 20)
        )
    assert "y.docx" in refused.value.message
    assert fetch_rows(con, "SELECT count(*) FROM annual_reports")[0][0] == 0
    assert fetch_rows(con, "SELECT count(*) FROM annual_report_values")[0][0] == 0


def test_a_draft_is_checked_without_being_stored(county):
    con, _ = county
    checked = check_report(con, _docx(tables_2021()), "草稿.docx")
    assert {r.check_id: r.status for r in checked.results}["T3-1"] == PASS
    assert fetch_rows(con, "SELECT count(*) FROM annual_reports")[0][0] == 0


def test_a_liaison_sees_only_his_units_reports(county):
    con, ids = county
    import_report(con, OFFICER, _docx(tables_2021()), "a.docx", date(2026, 1, 20))
    import_report(con, OFFICER, _docx(variant(unit="清源县教育局")), "b.docx", date(2026, 1, 20))
    scope = User(2, "li", "李", LIAISON, (ids["县教育局"],)).scoped(UnitScope(assessed_only=False))
    assert set(report_status(con, scope, 2025, date(2026, 2, 1))["unit_name"]) == {"县教育局"}
    assert set(report_checks(con, scope, 2025)["unit_name"]) == {"县教育局"}
    assert set(report_checks(con, UnitScope(assessed_only=False), 2025)["unit_name"]) == {"县教育局", "县应急管理局"}


def test_led_2_counts_the_items_published_in_the_report_year(county, tmp_path):
    con, ids = county
    columns = [["县应急管理局", "行政处罚公示", "其他", ""], ["县应急管理局", "工作动态", "动态要闻类", ""]]
    load(con, write_csv(tmp_path / "c.csv", ["单位名称", "栏目名称", "栏目类别", "更新周期(天)"], columns))
    items = [["县应急管理局", "行政处罚公示", f"处罚决定{i}", f"2025-0{i}-10", f"http://x/{i}"] for i in range(1, 9)]
    items += [
        ["县应急管理局", "行政处罚公示", "上年的决定", "2024-12-30", "http://x/a"],
        ["县应急管理局", "工作动态", "动态", "2025-03-01", "http://x/b"],
    ]
    load(con, write_csv(tmp_path / "i.csv", ["单位", "栏目", "标题", "发布日期", "链接"], items))
    assert item_figures(con, ids["县应急管理局"], 2025) == {"penalty": 8}  # 2024's and 工作动态 not counted
    assert item_figures(con, ids["县教育局"], 2025) is None
    checked = import_report(con, OFFICER, _docx(tables_2021()), "a.docx", date(2026, 1, 20))
    assert {r.check_id: r for r in checked.results}["LED-2"].status == PASS  # 行政处罚 8 in table 二
    t = variant(t2={**tables_2021()["t2"], "penalty": [5]})
    checked = import_report(con, OFFICER, _docx(t), "b.docx", date(2026, 1, 20))
    led_2 = {r.check_id: r for r in checked.results}["LED-2"]
    assert led_2.status == FAIL and "8（台账）" in led_2.expected


def test_the_office_decides_a_failed_check_audited_and_a_recheck_keeps_it(county):
    con, ids = county
    t = tables_2021()
    t["t3"]["carried_out"] = [3, 1, 0, 0, 0, 0, 3]  # T3-1 fails
    import_report(con, OFFICER, _docx(t), "a.docx", date(2026, 1, 20))
    unit = ids["县应急管理局"]
    liaison = User(2, "li", "李", LIAISON, (unit,))
    with pytest.raises(PermissionDeniedError):
        decide_as(con, liaison, unit, 2025, "T3-1", ACCEPTED, "看过了")
    with pytest.raises(DashboardError, match="理由"):
        decide_as(con, OFFICER, unit, 2025, "T3-1", DISMISSED, "  ")
    with pytest.raises(DashboardError, match="T4-1"):
        decide_as(con, OFFICER, unit, 2025, "T4-1", ACCEPTED, "通过的项")  # a passing check needs no decision
    assert fetch_rows(con, "SELECT count(*) FROM annual_check_reviews")[0][0] == 0
    decide_as(con, OFFICER, unit, 2025, "T3-1", DISMISSED, "电话核实：单位已更正网页版")
    audit = fetch_rows(con, "SELECT login, action, after, outcome FROM audit_log WHERE action = 'annual_check_review'")
    assert audit[-1] == ("wang", "annual_check_review", "dismissed：电话核实：单位已更正网页版", "成功")
    assert [a[3] for a in audit].count("失败") == 3  # each refusal is audited, nothing else written
    import_report(con, OFFICER, _docx(t), "b.docx", date(2026, 1, 21))  # re-check
    checks = report_checks(con, UnitScope(assessed_only=False), 2025).set_index("check_id")
    assert checks.loc["T3-1", "decision"] == DISMISSED and checks.loc["T3-1", "decision_note"].startswith("电话核实")
    assert fetch_rows(con, "SELECT decided_by FROM annual_check_reviews") == [("王五（wang）",)]  # from the login

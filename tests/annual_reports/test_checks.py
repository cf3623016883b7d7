"""Each check of domain.md §2.5 on the consistent table set (passes) and on a hand-made failing case."""

from datetime import date

import pytest

from core.annual_reports.checks import CheckContext, LedgerFigures, quoted_numbers, run_checks, similarity
from core.annual_reports.mapping import map_document, parse_number
from core.annual_reports.vocabulary import FAIL, NOT_ASSESSABLE, PASS, UNCERTAIN
from tests.annual_reports.fixtures import as_document, tables_2021, variant


def _results(tables, ctx=None):
    report = map_document(as_document(tables))
    return report, {r.check_id: r for r in run_checks(report, ctx)}


def test_the_consistent_report_passes_every_table_check():
    report, results = _results(tables_2021())
    assert report.format == "2021" and report.year == 2025 and report.unit_name == "清源县应急管理局"
    for check in ("CMP-1", "T3-1", "T3-2", "T3-3", "T4-1", "T4-2", "V-1", "V-2", "V-4", "TXT-1", "TXT-2", "PUB-1"):
        assert results[check].status == PASS, (check, results[check].message)
    # the mapped cells keep raw text and where they are
    v = report.get("三", "new", "total")
    assert (v.number, v.raw, v.where) == (12.0, "12", "第4行第10列")


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("0", (0.0, False)),
        ("1,200", (1200.0, False)),
        ("251000元", (251000.0, False)),
        ("/", (None, False)),
        ("—", (None, False)),
        ("", (None, False)),
        ("１２", (12.0, False)),
        ("约5", (None, True)),
    ],
)
def test_blank_and_placeholder_cells_stay_missing_never_zero(raw, expected):
    assert parse_number(raw) == expected


def test_t3_1_fails_on_the_column_where_new_plus_carried_differs():
    t = tables_2021()
    t["t3"]["carried_out"][0] = (
        5  # 自然人: 9 + 1 = 10, but total 9 + carried 5 = 14 (and 总计 column no longer adds up)
    )
    _, results = _results(t)
    r = results["T3-1"]
    assert r.status == FAIL and "自然人列" in r.message
    assert "自然人列 14" in r.expected and "自然人列 10" in r.found
    assert any("四、结转下年度继续办理" in c for c in r.cells)
    assert results["T3-3"].status == FAIL  # the 结转 row's 总计 still says 1


def test_t3_2_fails_when_total_is_not_the_sum_of_the_outcomes():
    t = tables_2021()
    t["t3"]["deny_4"] = [2, 0, 0, 0, 0, 0, 2]  # one more refusal, 总计 row unchanged: 13 ≠ 12
    _, results = _results(t)
    r = results["T3-2"]
    assert r.status == FAIL and r.expected.startswith("自然人列 10") and r.found.startswith("自然人列 9")


def test_blank_totals_make_the_checks_uncertain_not_failed():
    # the Shanghai 2019 pattern: 总计 blank in result rows; read as 0 they would fail T3-2 and T3-3
    t = tables_2021()
    for key in ("open", "partial", "deny_4"):
        t["t3"][key][6] = None
    t["t3"]["cannot_1"][6] = "/"
    _, results = _results(t)
    assert results["T3-1"].status == PASS
    assert results["T3-2"].status == UNCERTAIN and results["T3-3"].status == UNCERTAIN
    assert results["V-2"].status == UNCERTAIN and "4 个单元格" in results["V-2"].message
    assert any("（一）予以公开" in c for c in results["V-2"].cells)


def test_t3_3_fails_on_the_row_whose_total_is_not_its_columns():
    t = tables_2021()
    t["t3"]["open"][6] = 7  # 5 + 1 = 6
    _, results = _results(t)
    assert results["T3-3"].status == FAIL and "（一）予以公开" in results["T3-3"].message
    assert "7" in results["T3-3"].found and "6" in results["T3-3"].expected


def test_t4_1_fails_and_t4_2_compares_the_quoted_litigation_total():
    t = tables_2021()
    t["t4"][4] = 2  # 行政复议 总计 2 but only 1 upheld
    _, results = _results(t)
    assert results["T4-1"].status == FAIL and "行政复议" in results["T4-1"].message
    t = variant(overall="本年度共收到政府信息公开申请12件，发生行政诉讼3件。")
    _, results = _results(t)
    assert results["T4-2"].status == FAIL and (results["T4-2"].expected, results["T4-2"].found) == ("1", "3")


def test_txt_1_names_what_the_text_contradicts():
    t = variant(overall="本年度共收到政府信息公开申请15件，上年结转1件，予以公开6件。")
    _, results = _results(t)
    r = results["TXT-1"]
    assert r.status == FAIL and "本年新收申请" in r.message and "予以公开" not in r.message
    assert "本年新收申请 12（表格）" in r.expected and "本年新收申请 15（正文）" in r.found
    assert quoted_numbers("本年新收政府信息公开申请3件，结转下一年度继续办理2件")["carried_out"] == 2


def test_txt_2_fails_on_an_empty_section_five():
    _, results = _results(variant(problems="无。"))
    assert results["TXT-2"].status == FAIL


def test_txt_3_and_x_1_and_yoy_1_compare_with_last_years_report():
    earlier = map_document(as_document(variant(year=2024)))
    t = tables_2021()
    t["t3"]["carried_in"] = [2, 0, 0, 0, 0, 0, 2]  # last year carried out 1 (自然人)
    t["t3"]["carried_out"] = [2, 1, 0, 0, 0, 0, 3]
    t["t3"]["new"] = [9, 1, 0, 0, 1, 0, 11]
    t["t2"]["normative"] = [15, 2, 300]
    _, results = _results(t, CheckContext(previous=earlier))
    assert results["X-1"].status == FAIL and "自然人列 1" in results["X-1"].expected
    assert results["TXT-3"].status == FAIL  # the same text as last year
    assert results["YOY-1"].status == FAIL and "40→300" in results["YOY-1"].found
    _, same = _results(
        variant(year=2025, overall="今年我们重写了总体情况，介绍了新的平台建设。", problems="培训不足，下一年加强。"),
        CheckContext(previous=earlier),
    )
    assert same["TXT-3"].status == PASS and same["X-1"].status == PASS
    assert similarity("abc", "") == 0.0


def test_x_2_in_force_documents_follow_from_last_year():
    earlier = map_document(as_document(variant(year=2024)))  # in force 40
    ok = variant(t2={**tables_2021()["t2"], "normative": [5, 3, 42]})  # 40 + 5 - 3 = 42
    bad = variant(t2={**tables_2021()["t2"], "normative": [5, 3, 50]})
    assert _results(ok, CheckContext(previous=earlier))[1]["X-2"].status == PASS
    r = _results(bad, CheckContext(previous=earlier))[1]["X-2"]
    assert r.status == FAIL and "规范性文件" in r.message


def test_v_1_fails_on_fractions_negatives_and_text_but_not_on_amounts():
    t = tables_2021()
    t["t3"]["noproc_2"] = [1.5, 0, 0, 0, 0, 0, 1.5]
    t["t4"][1] = "约1"  # after a number: an unreadable value, not a label
    _, results = _results(t)
    r = results["V-1"]
    assert r.status == FAIL and "“1.5”不是整数" in r.found and "“约1”不是数字" in r.found
    assert not any("收费" in c for c in r.cells)  # 1.25 万元 is an amount


def test_v_3_a_township_reporting_rules():
    t = variant(t2={**tables_2021()["t2"], "rules": [0, 0, 6]})
    r = _results(t, CheckContext(unit_type="乡镇"))[1]["V-3"]
    assert r.status == FAIL and "现行有效件数 6" in r.found
    assert _results(tables_2021(), CheckContext(unit_type="乡镇"))[1]["V-3"].status == PASS


def test_v_4_and_pub_1():
    _, results = _results(variant(year=2020))
    assert results["V-4"].status == FAIL  # a 2020 report in the 2021 format
    late = _results(tables_2021(), CheckContext(published_on=date(2026, 2, 3)))[1]["PUB-1"]
    assert late.status == FAIL and late.found == "2026-02-03"
    undated = _results(variant(dated="二〇二六年一月"))[1]["PUB-1"]
    assert undated.status == UNCERTAIN


def test_led_1_against_the_requests_ledger():
    ledger = LedgerFigures(
        received=12,
        open_at_year_end=1,
        outcomes={"予以公开": 6, "部分公开": 1, "不予公开": 1, "无法提供": 3, "不予处理": 1},
    )
    assert _results(tables_2021(), CheckContext(ledger=ledger))[1]["LED-1"].status == PASS
    wrong = LedgerFigures(received=14, open_at_year_end=1, outcomes=ledger.outcomes)
    r = _results(tables_2021(), CheckContext(ledger=wrong))[1]["LED-1"]
    assert r.status == FAIL and r.expected == "本年新收 14（台账）" and r.found == "本年新收 12（报告）"
    assert _results(tables_2021())[1]["LED-1"].status == NOT_ASSESSABLE


def test_led_2_against_the_items_ledger():
    # the fixture's table 二: 规范性文件 本年制发 15, 行政许可 0, 行政处罚 8 decisions
    agree = {"normative": 15, "license": 0, "penalty": 8}
    assert _results(tables_2021(), CheckContext(items=agree))[1]["LED-2"].status == PASS
    r = _results(tables_2021(), CheckContext(items={"penalty": 11}))[1]["LED-2"]
    assert r.status == FAIL and r.expected == "行政处罚本年处理决定数量 11（台账）"
    assert r.found == "行政处罚本年处理决定数量 8（报告）" and len(r.cells) == 1
    blank = variant(t2={**tables_2021()["t2"], "normative": ["/", 2, 40]})
    r = _results(blank, CheckContext(items={"normative": 15}))[1]["LED-2"]
    assert r.status == UNCERTAIN and "规范性文件" in r.message
    # a category the unit has no column for is not compared; none at all: not assessable
    assert _results(tables_2021(), CheckContext(items={"license": 0}))[1]["LED-2"].status == PASS
    assert _results(tables_2021())[1]["LED-2"].status == NOT_ASSESSABLE


def test_a_truncated_report_is_incomplete_and_its_checks_not_assessable():
    items = as_document(tables_2021())
    cut = next(i for i, b in enumerate(items.blocks) if b.text.startswith("三、收到"))
    items.blocks = items.blocks[:cut]
    report = map_document(items)
    results = {r.check_id: r for r in run_checks(report)}
    assert results["CMP-1"].status == FAIL and "表三" in results["CMP-1"].message
    assert results["T3-1"].status == NOT_ASSESSABLE and results["T4-1"].status == NOT_ASSESSABLE

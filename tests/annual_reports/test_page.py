"""The 年度报告 page in AppTest on a real database: status per unit, checks per unit, the 审查意见, uploads,
and a liaison who sees only his own unit."""

from datetime import date

import pytest

from core.accounts.identity import User
from core.accounts.vocabulary import LIAISON, OFFICE
from core.storage.db import connect, fetch_rows
from exports.documents import docx_text_structure
from loaders.annual_report import import_report
from tests.annual_reports import render
from tests.annual_reports.fixtures import report_items, tables_2021, variant
from tests.apphelpers import app_as, new_database, small_county
from ui import strings
from ui.text import plain, plain_format

PAGE = "pages/annual_reports.py"


@pytest.fixture
def county_db(tmp_path, monkeypatch):
    path = tmp_path / "county.duckdb"
    con = new_database(path)
    small_county(con, tmp_path)
    t = variant(unit="县甲局")
    t["t3"]["open"][6] = 7  # 5 + 1 ≠ 7: T3-3 fails
    import_report(
        con, User(1, "wang", "王五", OFFICE), render.docx_bytes(report_items(t)), "甲局.docx", date(2026, 1, 20)
    )
    ids = dict(fetch_rows(con, "SELECT name, unit_id FROM units"))
    con.close()
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-02-10")
    return path, ids


def _page(role=OFFICE, unit_ids=()):
    at = app_as(role, unit_ids).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_status_checks_and_review_for_the_office(county_db):
    at = _page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[strings.ANNUAL_RECEIVED] == "1" and metrics[strings.ANNUAL_WITH_FAILS] == "1"
    status = at.dataframe[0].value.set_index("单位")
    assert status.loc["县甲局", "报送情况"] == "按期报送" and status.loc["乙镇", "报送情况"] == "逾期未报送"
    checks = at.dataframe[1].value.set_index("编号")
    assert checks.loc["T3-3", "结果"] == "不通过" and "（一）予以公开" in checks.loc["T3-3", "说明"]
    assert checks.loc["T3-1", "结果"] == "通过"
    assert "T3-3：" in status.loc["县甲局", "主要问题"] and status.loc["乙镇", "主要问题"] == "—"
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [strings.ANNUAL_SUMMARY_DOWNLOAD, strings.ANNUAL_REVIEW_DOWNLOAD]  # both audited on click


def test_the_review_document_names_what_to_correct(county_db, tmp_path):
    from core.annual_reports.queries import report_checks
    from core.registry.office import load_office
    from core.storage.db import connect
    from core.storage.scope import UnitScope
    from exports.annual_review import review_docx, review_from_checks
    from exports.monthly import office_info

    path, _ = county_db
    con = connect(path)
    checks = report_checks(con, UnitScope(assessed_only=False), 2025)
    con.close()
    office = load_office()
    data = review_docx(review_from_checks(office_info(office), "县甲局", 2025, checks, date(2026, 2, 10), 5,
                                          date(2026, 1, 20), "甲局.docx"))  # fmt: skip
    text = [t for _, t, _, _ in docx_text_structure(data)]
    assert any("关于县甲局2025年" in t for t in text)
    assert any("T3-3" in t for t in text) and any("（一）予以公开" in t for t in text)
    assert any("5个工作日内" in t for t in text)
    whole = "".join(text)
    cells = [c for listed in checks.loc[checks["status"] == "fail", "cells"] for c in listed]
    assert len(cells) > 6 and all(c in whole for c in cells)  # every cell named, none cut to "等"
    (tmp_path / "review.docx").write_bytes(data)


def test_a_liaison_sees_only_his_unit(county_db):
    _, ids = county_db
    at = _page(LIAISON, (ids["乙镇"],))
    assert set(at.dataframe[0].value["单位"]) == {"乙镇"}
    assert strings.ANNUAL_NO_REPORTS in [c.value for c in at.caption]
    # he uploads his own unit's report; another unit's is refused in import_report (test_storage)
    assert strings.ANNUAL_IMPORT in [b.label for b in at.button]


def test_uploads_store_reports_and_refuse_old_word_files_by_name(county_db):
    at = _page()
    data = render.docx_bytes(report_items(variant(unit="乙镇", t2={**tables_2021()["t2"], "rules": [0, 0, 6]})))
    at.file_uploader[0].upload("乙镇年报.docx", data, "application/octet-stream")
    at.file_uploader[0].upload("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "application/msword")
    at.date_input[0].set_value(date(2026, 1, 30))
    at.run()
    next(b for b in at.button if b.label == strings.ANNUAL_IMPORT).click().run()
    assert not at.exception
    assert any(plain("旧版.doc") in e.value and "另存为" in e.value for e in at.error)
    assert any(plain("乙镇年报.docx") in w.value for w in at.warning)  # V-3 fails: a township with 规章
    status = at.dataframe[0].value.set_index("单位")
    assert status.loc["乙镇", "报送情况"] == "按期报送"


def test_the_office_records_its_decision_on_a_failed_check(county_db):
    path, ids = county_db
    at = _page()
    check = next(s for s in at.selectbox if s.label == strings.ANNUAL_DECIDE_CHECK)
    assert any(o.startswith("T3-3 ") for o in check.options)
    assert not any(o.startswith("T3-1 ") for o in check.options)  # T3-1 passes: only 不通过/无法确定 offered
    check.set_value("T3-3")
    at.radio[0].set_value("dismissed")
    at.text_input[0].input("县甲局已在网页版更正")
    next(b for b in at.button if b.proto.label == strings.ANNUAL_DECIDE_SAVE).click().run()
    assert not at.exception
    assert at.success[0].value == plain_format(strings.ANNUAL_DECIDE_SAVED, check="T3-3", decision="不予采纳")
    con = connect(path)
    try:
        assert fetch_rows(con, "SELECT decision, note FROM annual_check_reviews WHERE check_id = 'T3-3'") == [
            ("dismissed", "县甲局已在网页版更正")
        ]
        audit = fetch_rows(con, "SELECT login, outcome FROM audit_log WHERE action = 'annual_check_review'")
        assert audit == [("wang", "成功")]  # the person from the login, in the same transaction
    finally:
        con.close()
    checks = at.run().dataframe[1].value.set_index("编号")
    assert checks.loc["T3-3", "办公室意见"] == "不予采纳" and checks.loc["T3-3", "意见理由"] == "县甲局已在网页版更正"


def test_a_liaison_gets_no_decision_form(county_db):
    _, ids = county_db
    at = _page(LIAISON, (ids["县甲局"],))
    assert all(s.label != strings.ANNUAL_DECIDE_CHECK for s in at.selectbox)


def test_the_report_tables_are_drawn_with_the_failing_cells_marked(county_db):
    at = _page()
    check = next(s for s in at.selectbox if s.label == strings.ANNUAL_TABLES_CHECK)
    checks = at.dataframe[1].value.set_index("编号")
    assert checks.loc[check.value, "结果"] == "不通过"  # 不通过 first: a failing check is marked without a click
    assert any(o.startswith("T3-3 ") for o in check.options)
    tab_labels = [t.label for t in at.tabs]
    assert "表三 收到和处理政府信息公开申请情况" in tab_labels
    t3 = next(d for d in at.dataframe if "（一）予以公开" in list(d.value.get(strings.ANNUAL_TABLES_ROW, [])))
    shown = t3.value.set_index(strings.ANNUAL_TABLES_ROW)
    assert shown.loc["（一）予以公开", "总计"] == "7"  # as the report printed it
    assert strings.ANNUAL_YOY in [s.value for s in at.subheader]
    assert strings.ANNUAL_YOY_NONE in [c.value for c in at.caption]  # no 2024 report stored


def test_marked_cells_get_the_mark_style_and_no_others():
    import pandas as pd

    from ui.tables import MARK_STYLE, marked_styles

    marks = pd.DataFrame({"a": [True, False], "b": [False, False]}, index=["x", "y"])
    styles = marked_styles(marks, pd.Index(["甲", "乙"]))
    assert styles.loc[0, "甲"] == MARK_STYLE and (styles.values == MARK_STYLE).sum() == 1

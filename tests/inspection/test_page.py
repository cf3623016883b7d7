"""The 季度互查 page in AppTest: propose, save, see the plan and the results; a liaison sees his pairs only."""

import pytest

from core.accounts.vocabulary import LIAISON, OFFICE
from tests.inspection.conftest import inspection_county
from tests.reminders.pagehelpers import closed_with_ids, open_page
from ui import strings


@pytest.fixture
def county_file(tmp_path):
    return closed_with_ids(inspection_county(tmp_path), tmp_path / "county.duckdb")


def _page(county_file, monkeypatch, role=OFFICE, units=()):
    return open_page(county_file[0], "pages/inspection.py", "2026-11-20", monkeypatch, role, units)


def test_office_proposes_saves_and_sees_the_plan_and_the_results(county_file, monkeypatch):
    at = _page(county_file, monkeypatch)
    assert strings.INSP_NO_PLAN.format(label="2026年第四季度") in [i.value for i in at.info]
    next(b for b in at.button if b.label == strings.INSP_PROPOSE).click().run()
    next(b for b in at.button if b.label == strings.INSP_SAVE).click().run()
    assert not at.exception and not at.error
    assert at.subheader[0].value == strings.INSP_PLAN.format(n=3)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [strings.INSP_PLAN_XLSX, strings.INSP_BULLETIN]
    results = at.dataframe[-1].value
    assert dict(zip(results["单位"], results["发现问题"])) == {"乙镇": 1, "县丙局": 0, "县甲局": 2}
    assert dict(zip(results["单位"], results["最迟整改期限"]))["县丙局"] == "—"  # nothing found: no deadline


def test_a_liaison_sees_no_planning_and_only_his_units_results(county_file, monkeypatch):
    _, ids = county_file
    at = _page(county_file, monkeypatch, LIAISON, (ids["县甲局"],))
    assert not [b for b in at.button if b.label == strings.INSP_PROPOSE]
    results = at.dataframe[-1].value
    assert list(results["单位"]) == ["县甲局"]


def test_the_page_shows_the_bulletins_registered_number(county_file, monkeypatch):
    """Before the first download the caption shows the next free 通报 number; once registered (as the download does)
    the quarter keeps it even after later documents took numbers."""
    from core.accounts.identity import User
    from core.inspection.plans import save_plan
    from core.inspection.rotation import Quarter
    from core.registry.doc_register import BULLETIN, NumberRequest, inspection_key, register_number
    from core.storage.db import opened
    from ui.text import plain_format

    path, ids = county_file
    with opened(path) as con:
        pairs = [(ids["乙镇"], ids["县甲局"]), (ids["县丙局"], ids["乙镇"]), (ids["县甲局"], ids["县丙局"])]
        save_plan(con, User(1, "wang", "王五", OFFICE), Quarter(2026, 4), pairs, [b for _, b in pairs])
        register_number(con, NumberRequest("bulletin:2026-10", BULLETIN, "清公开办", 2026, "十月通报"))

    def caption():
        at = _page(county_file, monkeypatch)
        return [c.value for c in at.caption]

    assert plain_format(strings.INSP_BULLETIN_NUMBER, number="清公开办〔2026〕2号") in caption()
    with opened(path) as con:
        register_number(con, NumberRequest(inspection_key("2026Q4"), BULLETIN, "清公开办", 2026, "互查通报"))
        register_number(con, NumberRequest("bulletin:2026-11", BULLETIN, "清公开办", 2026, "十一月通报"))
    assert plain_format(strings.INSP_BULLETIN_NUMBER, number="清公开办〔2026〕2号") in caption()


def _with_plan(county_file):
    from core.accounts.identity import User
    from core.inspection.plans import save_plan
    from core.inspection.rotation import Quarter
    from core.storage.db import opened

    path, ids = county_file
    with opened(path) as con:
        pairs = [(ids["乙镇"], ids["县甲局"]), (ids["县丙局"], ids["乙镇"]), (ids["县甲局"], ids["县丙局"])]
        save_plan(con, User(1, "wang", "王五", OFFICE), Quarter(2026, 4), pairs, [b for _, b in pairs])


def test_office_enters_a_finding_and_the_results_count_it(county_file, monkeypatch):
    _with_plan(county_file)
    at = _page(county_file, monkeypatch)
    at.selectbox(key="insp_enter_unit").set_value("县甲局").run()
    assert any("检查单位：乙镇" in c.value for c in at.caption)
    at.selectbox(key="insp_enter_column").set_value("工作动态")
    at.text_area(key="insp_enter_problem").input("两周未更新")
    at.date_input(key="insp_enter_found").set_value("2026-11-18").run()
    assert strings.INSP_ENTER_DUE.format(due="2026-12-02", n=10) in [c.value for c in at.caption]
    at.button(key="insp_enter_save").click().run()
    assert not at.exception and not at.error
    results = at.dataframe[-1].value
    assert dict(zip(results["单位"], results["发现问题"]))["县甲局"] == 3  # HC1, HC3 and the entered one
    # the same again is refused in Chinese, and nothing more is counted
    at.button(key="insp_enter_save").click().run()
    assert [e.value for e in at.error] == [
        "2026年第四季度互查问题：县甲局未保存：同一问题已录入（【工作动态】两周未更新）。"
    ]
    assert dict(zip(at.dataframe[-1].value["单位"], at.dataframe[-1].value["发现问题"]))["县甲局"] == 3


def test_a_liaison_gets_no_entry_form(county_file, monkeypatch):
    _with_plan(county_file)
    _, ids = county_file
    at = _page(county_file, monkeypatch, LIAISON, (ids["县丙局"],))
    assert not [b for b in at.button if b.label == strings.INSP_ENTER_SAVE]

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

"""The 年度考评 page in AppTest: each group's ranking with 等次, the unit's year, the downloads."""

import pytest

from core.accounts.vocabulary import LEADER
from tests.assessment.conftest import with_annual_reports
from tests.inspection.conftest import inspection_county
from tests.reminders.pagehelpers import closed_with_ids, open_page
from ui import strings


@pytest.fixture
def county_file(tmp_path):
    return closed_with_ids(with_annual_reports(inspection_county(tmp_path)), tmp_path / "county.duckdb")


def test_leader_sees_each_group_ranked_with_grades_and_the_downloads(county_file, monkeypatch):
    at = open_page(county_file[0], "pages/assessment.py", "2026-11-20", monkeypatch, LEADER)
    assert [s.value for s in at.subheader][:2] == [
        strings.ASSESS_GROUP.format(group="县直部门", n=2),
        strings.ASSESS_GROUP.format(group="乡镇/街道", n=1),
    ]
    first = at.dataframe[0].value
    assert list(first["单位"]) == ["县甲局", "县丙局"] and list(first["等次"]) == ["良好", "良好"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [strings.DOWNLOAD_XLSX, strings.ASSESS_BULLETIN]
    items = at.dataframe[-1].value
    assert set(items["年度项目"]) == {"互查问题整改率", "全年无超期栏目", "年度报告按时发布", "年度报告无勾稽错误"}


def test_leader_signs_after_confirming_and_the_page_then_shows_the_frozen_result(county_file, monkeypatch):
    import duckdb

    at = open_page(county_file[0], "pages/assessment.py", "2026-11-20", monkeypatch, LEADER)
    at.button(key="assess_sign").click().run()
    assert not at.exception
    with duckdb.connect(str(county_file[0])) as con:
        assert con.execute("SELECT count(*) FROM year_assessments").fetchone()[0] == 0  # one click only asks
    at.button(key="assess_sign_confirm").click().run()
    assert not at.exception
    with duckdb.connect(str(county_file[0])) as con:
        assert con.execute("SELECT version, frozen_by FROM year_assessments").fetchall() == [(1, "王五（wang）")]
        assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'freeze_year'").fetchone()[0] == 1
    assert any(strings.ASSESS_SIGNED.split("（")[0] in s.value for s in at.success)
    assert at.text_input(key="assess_withdraw_reason") is not None


def test_the_office_sees_no_signing(county_file, monkeypatch):
    at = open_page(county_file[0], "pages/assessment.py", "2026-11-20", monkeypatch, "office")
    assert not at.exception
    assert strings.ASSESS_SIGN_TITLE not in [s.value for s in at.subheader]

"""The 工作节奏 page in AppTest: the week's reminders as copy-ready text and the 催办单, scoped to the login."""

import pytest

from core.accounts.vocabulary import LIAISON, OFFICE
from tests.reminders.conftest import reminder_county
from tests.reminders.pagehelpers import closed_with_ids, open_page
from ui import strings


@pytest.fixture
def county_file(tmp_path):
    return closed_with_ids(reminder_county(tmp_path), tmp_path / "county.duckdb")


def _page(county_file, monkeypatch, role=OFFICE, units=()):
    return open_page(county_file[0], "pages/rhythm.py", "2026-10-26", monkeypatch, role, units)


def test_office_sees_the_summary_every_unit_message_and_the_chase_sheet(county_file, monkeypatch):
    at = _page(county_file, monkeypatch)
    codes = [c.value for c in at.code]
    assert codes[0].startswith("【政务公开每周提醒·汇总】2026年10月26日（周一）")
    assert any(c.startswith("【政务公开提醒：县丙局】") for c in codes)
    assert any(c.startswith("【政务公开提醒：县甲局】") for c in codes)
    assert {m.label: m.value for m in at.metric}[strings.RHYTHM_SILENT] == "1"
    assert [b.proto.label for b in at.get("download_button")] == [strings.RHYTHM_CHASE_XLSX]


def test_a_liaison_sees_only_his_units_reminder_and_no_summary(county_file, monkeypatch):
    _, ids = county_file
    at = _page(county_file, monkeypatch, LIAISON, (ids["县丙局"],))
    codes = [c.value for c in at.code]
    assert all("县甲局" not in c for c in codes)
    assert not any(c.startswith("【政务公开每周提醒·汇总】") for c in codes)
    assert any(c.startswith("【政务公开提醒：县丙局】") for c in codes)

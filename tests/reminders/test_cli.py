"""python -m exports remind as the OS scheduler runs it: settings from a reminders.toml, exit codes, output."""

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from core.calendar.workdays import load_calendar
from core.errors import DashboardError
from core.reminders.digest import reminder_digest
from core.reminders.settings import load_reminder_settings
from core.storage.scope import UnitScope
from exports.__main__ import main
from exports.reminders import chase_sheet, chase_workbook
from tests.reminders.conftest import MONDAY, reminder_county
from tests.reminders.servers import Robot


@pytest.fixture
def county_file(tmp_path: Path) -> Path:
    reminder_county(tmp_path).close()
    return tmp_path / "county.duckdb"


def _main(args: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["remind", *args])
    return code, out.getvalue()


def test_print_channel_prints_the_copy_ready_text(county_file, monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_REMINDERS", str(tmp_path / "none.toml"))  # no file: print only
    code, out = _main(["--db", str(county_file), "--today", "2026-10-26"])
    assert code == 0
    assert out.startswith("【政务公开每周提醒·汇总】2026年10月26日（周一）")
    assert "【政务公开提醒：县丙局】" in out and "【政务公开提醒：乙镇】" not in out


def test_webhook_run_exit_code_says_whether_everything_went_out(county_file, monkeypatch, tmp_path):
    settings = tmp_path / "reminders.toml"
    settings.write_text('channels = ["webhook"]\n[webhook]\noffice_mobiles = ["139"]\n', encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_REMINDERS", str(settings))
    with Robot() as robot:
        robot.log.fail_when = ["李四同志"]
        code, out = _main(["--db", str(county_file), "--today", "2026-10-26", "--webhook", robot.url])
        assert code == 2 and "webhook：发送成功2条，失败1条" in out
        robot.log.fail_when = []
        code, out = _main(["--db", str(county_file), "--today", "2026-10-26", "--webhook", robot.url])
    assert code == 0 and "webhook：发送成功1条，失败0条" in out
    assert len(robot.log.posts) == 4


def test_bad_day_and_bad_settings_are_refused_in_chinese(county_file, monkeypatch, tmp_path, capsys):
    assert main(["remind", "--db", str(county_file), "--today", "26/10/2026"]) == 1
    assert "日期格式应为 YYYY-MM-DD：26/10/2026" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text('channels = ["fax"]\n', encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_REMINDERS", str(bad))
    assert main(["remind", "--db", str(county_file), "--today", "2026-10-26"]) == 1
    assert "提醒设置 channels 中有未知的渠道: fax" in capsys.readouterr().err


def test_settings_refuse_unknown_keys_naming_the_file(tmp_path):
    path = tmp_path / "reminders.toml"
    path.write_text("[webhook]\nurll = 'x'\n", encoding="utf-8")
    with pytest.raises(DashboardError) as caught:
        load_reminder_settings(path)
    assert caught.value.message == "提醒设置中有未知的项目: webhook.urll"
    assert "reminders.toml" in caught.value.hint


def test_the_shipped_settings_load(monkeypatch):
    monkeypatch.delenv("DASHBOARD_REMINDERS", raising=False)
    settings = load_reminder_settings()
    assert settings.channels == ["print"] and settings.webhook.per_minute == 20 and settings.webhook.max_bytes == 2048


def test_chase_sheet_lists_every_item_with_the_liaison(rcounty):
    from openpyxl import load_workbook

    digest = reminder_digest(rcounty, MONDAY, UnitScope(), load_calendar())
    sheet = chase_sheet(digest)
    # in registry order (no 排序 given: by name), then by kind as the message lists them
    assert sheet[["unit_name", "kind", "item"]].values.tolist() == [
        ["县丙局", "上周未发布信息", "2026-10-19至2026-10-25"],
        ["县甲局", "栏目即将超期", "领导活动"],
        ["县甲局", "整改问题新逾期", "F1 通知公告超期"],
        ["县甲局", "依申请公开5个工作日内到期", "Q1"],
    ]
    assert sheet.loc[sheet["unit_name"] == "县甲局", "mobile"].unique().tolist() == ["13800000001"]
    ws = load_workbook(io.BytesIO(chase_workbook(digest))).active
    assert "政务公开催办单（2026年10月26日）" in ws["A1"].value
    assert [c.value for c in ws[2]] == ["单位", "事项", "具体内容", "期限", "联络员", "手机"]

"""What the Monday reminder says, on the hand-made county judged on 2026-10-26 (tests/reminders/conftest.py)."""

from datetime import date

from core.calendar.workdays import load_calendar
from core.reminders.digest import reminder_digest
from core.reminders.messages import OFFICE, office_message, split_content, unit_messages
from core.storage.scope import UnitScope
from tests.apphelpers import FINDING_HEADER, load, write_csv
from tests.reminders.conftest import MONDAY


def test_digest_names_the_silent_unit_the_warning_column_the_overdue_finding_and_the_request_due(rcounty):
    digest = reminder_digest(rcounty, MONDAY, UnitScope(), load_calendar())
    assert (digest.week_start, digest.week_end) == (date(2026, 10, 19), date(2026, 10, 25))
    # 县丙局 published nothing 10-19..10-25 (县甲局 10-20, 乙镇 10-22; 县丁局 is not assessed)
    assert list(digest.silent["unit_name"]) == ["县丙局"]
    assert list(digest.warning["column_name"]) == ["领导活动"]
    # F1: found 10-09 (Fri), 10个工作日 with Saturday 10-10 a working day → due 10-22, overdue 4 days on 10-26
    assert digest.findings_overdue[["finding_no", "days_overdue"]].values.tolist() == [["F1", 4]]
    assert digest.findings_overdue["due_on"].tolist() == [date(2026, 10, 22)]
    # horizon: 5 working days after Monday 10-26 is Monday 11-02; Q1 is due within it, Q2 (received 10-20) is not
    assert digest.horizon == date(2026, 11, 2)
    assert list(digest.requests_soon["request_no"]) == ["Q1"]
    assert digest.findings_soon.empty


def test_findings_due_soon_move_in_when_the_day_comes_closer(rcounty):
    # F2 (乙镇) is due 11-30; five working days before it, it is 5个工作日内到期
    digest = reminder_digest(rcounty, date(2026, 11, 23), UnitScope(), load_calendar())
    assert list(digest.findings_soon["finding_no"]) == ["F2"]


def test_each_unit_with_something_to_do_gets_a_message_naming_every_item_and_its_liaison(rcounty):
    digest = reminder_digest(rcounty, MONDAY, UnitScope(), load_calendar())
    messages = {m.recipient: m for m in unit_messages(digest)}
    ids = dict(rcounty.execute("SELECT name, unit_id FROM units").fetchall())
    assert set(messages) == {f"unit:{ids['县甲局']}", f"unit:{ids['县丙局']}"}  # 乙镇 has nothing due
    jia = messages[f"unit:{ids['县甲局']}"]
    assert (jia.mobile, jia.email) == ("13800000001", "zhang@jia.example")
    assert "张三同志" in jia.content
    assert (
        "1个栏目即将超期未更新" in jia.content and "“领导活动”（上次更新10月18日，最迟10月28日须更新）" in jia.content
    )
    assert (
        "1个整改问题本周新逾期" in jia.content
        and "F1：通知公告超期（网上巡查，整改期限10月22日，已逾期4天）" in jia.content
    )
    assert "1件依申请公开5个工作日内到答复期限" in jia.content and "Q1（9月28日收到" in jia.content
    sections = [line[:2] for line in jia.content.split("\n") if line[:1] in "一二三四五" and line[1:2] == "、"]
    assert sections == ["一、", "二、", "三、"]  # numbered by section, however many items each lists
    bing = messages[f"unit:{ids['县丙局']}"]
    assert "上周（10月19日至10月25日）本单位网站未发布任何信息" in bing.content
    assert bing.email is None


def test_office_summary_counts_and_names_units(rcounty):
    message = office_message(reminder_digest(rcounty, MONDAY, UnitScope(), load_calendar()))
    assert message.recipient == OFFICE
    lines = message.content.split("\n")
    assert lines[0] == "【政务公开每周提醒·汇总】2026年10月26日（周一）"
    assert lines[1] == "1. 上周（10月19日至10月25日）未发布信息的单位1个：县丙局"
    assert lines[2] == "2. 即将超期未更新的栏目1个：县甲局"
    assert lines[3] == "3. 本周新逾期的整改问题1个：县甲局"
    assert lines[4] == "4. 5个工作日内到期的整改问题0个。"
    assert lines[-1] == "已向2个单位分别发送提醒。"


def test_a_liaisons_scope_sees_only_his_unit(rcounty):
    ids = dict(rcounty.execute("SELECT name, unit_id FROM units").fetchall())
    digest = reminder_digest(rcounty, MONDAY, UnitScope(unit_ids=(ids["县丙局"],)), load_calendar())
    assert [m.recipient for m in unit_messages(digest)] == [f"unit:{ids['县丙局']}"]
    assert "县甲局" not in office_message(digest).content


def test_long_text_is_split_between_lines_within_the_byte_limit():
    lines = [f"{i}. 某某单位“工作动态”栏目即将超期未更新，请及时处理" for i in range(200)]
    content = "\n".join(lines)
    parts = split_content(content, 2048)
    assert len(parts) > 1
    assert all(len(p.encode()) <= 2048 for p in parts)
    assert parts[0].startswith(f"（续1/{len(parts)}）\n")
    body = [line for p in parts for line in p.split("\n")[1:]]
    assert body == lines  # every line whole, in order, none lost


def test_a_single_overlong_line_is_cut_between_characters():
    content = "甲" * 3000  # 9000 bytes, no line break
    parts = split_content(content, 2048)
    assert all(len(p.encode()) <= 2048 for p in parts)
    assert "".join(p.split("\n", 1)[1] for p in parts) == content


def test_short_text_stays_one_message():
    assert split_content("短消息", 2048) == ["短消息"]


def test_an_unnumbered_finding_is_named_as_such_not_nan(rcounty, tmp_path):
    """A finding without 编号 beside numbered ones: its NULL finding_no must stay falsy (pandas 3 made it NaN)."""
    row = ["", "网上巡查", "2026-10-09", "县甲局", "内容错误", "错别字未改", "10个工作日", "未整改"]
    load(rcounty, write_csv(tmp_path / "unnumbered.csv", FINDING_HEADER, [row]))
    digest = reminder_digest(rcounty, MONDAY, UnitScope(), load_calendar())
    ids = dict(rcounty.execute("SELECT name, unit_id FROM units").fetchall())
    jia = {m.recipient: m for m in unit_messages(digest)}[f"unit:{ids['县甲局']}"]
    assert "未编号：错别字未改" in jia.content and "nan" not in jia.content
    assert "F1：通知公告超期" in jia.content

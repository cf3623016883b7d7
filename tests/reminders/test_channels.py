"""Reminders through a real group robot (http.server on 127.0.0.1) and a real SMTP server on loopback:
the JSON form, mentions, signing, splitting, the record of every send, and failed sends retried later."""

import base64
import email
import email.policy
import hashlib
import hmac
import json
import socket
from dataclasses import replace
from datetime import date

import pytest

from core.calendar.workdays import load_calendar
from core.reminders.channels import RateLimiter, signed_url
from core.reminders.sends import AUDIT_LOGIN, REMINDER_SEND, run_reminders
from core.reminders.settings import EmailSettings, ReminderSettings, WebhookSettings
from core.storage.scope import UnitScope
from tests.reminders.conftest import MONDAY
from tests.reminders.servers import Robot, SmtpServer


def _settings(url: str = "", **webhook) -> ReminderSettings:
    return ReminderSettings(
        channels=["webhook"], webhook=WebhookSettings(url=url, office_mobiles=["13900000000"], **webhook)
    )


def _run(con, settings, day=MONDAY, channel="webhook", url=None):
    return run_reminders(con, day, UnitScope(), load_calendar(), settings, channel, url)


def _sends(con):
    return con.execute(
        "SELECT reminder_day, recipient, part, parts, ok, attempt, address, answer FROM reminder_sends ORDER BY send_id"
    ).fetchall()


def test_robot_receives_one_text_message_per_recipient_with_the_liaison_mentioned(rcounty):
    with Robot() as robot:
        report = _run(rcounty, _settings(robot.url))
    assert (report.sent, report.failed) == (3, 0)
    bodies = [p["body"] for p in robot.log.posts]
    assert all(set(b) == {"msgtype", "text"} and b["msgtype"] == "text" for b in bodies)
    assert all(set(b["text"]) == {"content", "mentioned_mobile_list"} for b in bodies)
    by_first_line = {b["text"]["content"].split("\n")[0]: b["text"]["mentioned_mobile_list"] for b in bodies}
    assert by_first_line == {
        "【政务公开每周提醒·汇总】2026年10月26日（周一）": ["13900000000"],
        "【政务公开提醒：县甲局】2026年10月26日（周一）": ["13800000001"],
        "【政务公开提醒：县丙局】2026年10月26日（周一）": ["13800000003"],
    }
    assert all(p["query"] == {"key": ["SECRETKEY"]} for p in robot.log.posts)  # no signing without a secret
    assert robot.log.posts[0]["raw"].decode("utf-8").count("汇总") == 1  # UTF-8 JSON, not \\u escapes


def test_every_send_and_its_answer_is_recorded_without_the_robot_key_and_in_the_audit_log(rcounty):
    with Robot() as robot:
        _run(rcounty, _settings(robot.url))
    rows = _sends(rcounty)
    assert len(rows) == 3
    assert all(r[4] and r[5] == 1 for r in rows)
    assert {r[6] for r in rows} == {robot.url.split("?")[0]}  # the key in the query is a secret
    assert all('"errcode":0' in r[7] for r in rows)
    audit = rcounty.execute("SELECT login, action, outcome FROM audit_log WHERE action = ?", [REMINDER_SEND]).fetchall()
    assert audit == [(AUDIT_LOGIN, REMINDER_SEND, "成功")] * 3


def test_a_second_run_the_same_day_sends_nothing_already_delivered(rcounty):
    with Robot() as robot:
        _run(rcounty, _settings(robot.url))
        again = _run(rcounty, _settings(robot.url))
    assert (again.sent, again.failed, len(robot.log.posts)) == (0, 0, 3)


def test_signing_adds_timestamp_and_hmac_sha256_sign(rcounty):
    with Robot() as robot:
        _run(rcounty, _settings(robot.url, secret="SEC123"))
    for post in robot.log.posts:
        timestamp = post["query"]["timestamp"][0]
        expected = base64.b64encode(hmac.new(b"SEC123", f"{timestamp}\nSEC123".encode(), hashlib.sha256).digest())
        assert post["query"]["sign"] == [expected.decode()]  # parse_qs undoes the URL encoding
        assert post["query"]["key"] == ["SECRETKEY"]


def test_signed_url_quotes_the_sign():
    url = signed_url("http://h/send", "s", 1700000000000)
    digest = base64.b64encode(hmac.new(b"s", b"1700000000000\ns", hashlib.sha256).digest()).decode()
    assert (
        url
        == f"http://h/send?timestamp=1700000000000&sign={digest.replace('+', '%2B').replace('/', '%2F').replace('=', '%3D')}"
    )


def test_a_long_message_goes_out_in_parts_within_the_byte_limit(rcounty):
    with Robot() as robot:
        report = _run(rcounty, _settings(robot.url, max_bytes=300))
    contents = [p["body"]["text"]["content"] for p in robot.log.posts]
    assert all(len(c.encode()) <= 300 for c in contents)
    assert report.sent == len(contents) > 3
    assert contents[0].startswith("（续1/")  # the office summary, 767 bytes in the demo, needs several
    assert max(r[3] for r in _sends(rcounty) if r[1] == "office") > 1


def test_a_failed_send_does_not_stop_the_others_and_is_retried_on_the_next_run(rcounty):
    with Robot() as robot:
        robot.log.fail_when = ["李四同志"]  # only 县丙局's message
        first = _run(rcounty, _settings(robot.url))
        assert (first.sent, first.failed) == (2, 1)
        failed = [r for r in _sends(rcounty) if not r[4]]
        assert len(failed) == 1 and failed[0][7].startswith("HTTP 500")
        audit = rcounty.execute("SELECT outcome FROM audit_log WHERE action = ? ORDER BY entry_id", [REMINDER_SEND])
        assert [r[0] for r in audit.fetchall()].count("失败") == 1
        robot.log.fail_when = []
        robot.log.posts.clear()
        second = _run(rcounty, _settings(robot.url))
    assert (second.sent, second.failed) == (1, 0)
    assert [p["body"]["text"]["content"].split("\n")[0] for p in robot.log.posts] == [
        "【政务公开提醒：县丙局】2026年10月26日（周一）"
    ]
    assert [r[5] for r in _sends(rcounty) if r[1] == failed[0][1]] == [1, 2]


def test_a_failure_left_from_an_earlier_day_is_resent_with_its_own_text(rcounty):
    with Robot() as robot:
        robot.log.fail_when = ["李四同志"]
        _run(rcounty, _settings(robot.url))
        failed_text = next(
            p["body"]["text"]["content"] for p in robot.log.posts if "李四同志" in p["body"]["text"]["content"]
        )
        robot.log.fail_when = []
        robot.log.posts.clear()
        report = _run(rcounty, _settings(robot.url), day=date(2026, 10, 27))
    assert report.retried == 1 and report.failed == 0
    assert robot.log.posts[0]["body"]["text"]["content"] == failed_text  # the retry comes first, unchanged
    retried = rcounty.execute(
        "SELECT attempt, ok FROM reminder_sends WHERE reminder_day = ? AND content = ? ORDER BY send_id",
        [MONDAY, failed_text],
    ).fetchall()
    assert retried == [(1, False), (2, True)]


def test_an_unreachable_robot_fails_every_send_without_raising(rcounty):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens once closed
    report = _run(rcounty, _settings(f"http://127.0.0.1:{port}/send", timeout_seconds=2))
    assert (report.sent, report.failed) == (0, 3)
    assert all(not r[4] and r[7].startswith("发送失败") for r in _sends(rcounty))


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_rate_limiter_allows_at_most_20_in_any_minute():
    clock = _Clock()
    limiter = RateLimiter(20, clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(45):
        limiter.wait()
        times.append(clock.now)
        clock.now += 0.5  # each send takes half a second
    assert all(sum(t <= x < t + 60 for x in times) <= 20 for t in times)
    assert len(clock.slept) == 2  # after the 20th and the 40th
    assert times[20] - times[0] == pytest.approx(60)


def test_email_goes_to_the_liaison_and_the_office_over_smtp(rcounty):
    with SmtpServer() as smtp:
        settings = ReminderSettings(
            email=EmailSettings(
                host="127.0.0.1", port=smtp.port, sender="gkb@county.example", office_to=["office@county.example"]
            )
        )
        report = _run(rcounty, settings, channel="email")
        assert smtp.box.received.wait(10)
    assert (report.sent, report.failed, report.skipped) == (2, 0, 1)  # 县丙局 has no e-mail in the 单位名录
    assert any("县丙局" in line and "联络员邮箱" in line for line in report.lines)
    by_to = {
        tuple(m["to"]): email.message_from_bytes(m["data"], policy=email.policy.default) for m in smtp.box.messages
    }
    assert set(by_to) == {("office@county.example",), ("zhang@jia.example",)}
    liaison = by_to[("zhang@jia.example",)]
    assert liaison["Subject"] == "政务公开提醒：县甲局"
    assert "F1：通知公告超期" in liaison.get_content()
    assert liaison["From"] == "gkb@county.example"
    assert all(r[4] for r in _sends(rcounty))


def test_email_to_an_unreachable_server_is_recorded_as_failed(rcounty):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = ReminderSettings(
        email=EmailSettings(host="127.0.0.1", port=port, office_to=["o@x.example"], timeout_seconds=2)
    )
    report = _run(rcounty, settings, channel="email")
    assert (report.sent, report.failed) == (0, 2)


def test_dry_run_sends_and_records_nothing(rcounty):
    with Robot() as robot:
        report = run_reminders(
            rcounty, MONDAY, UnitScope(), load_calendar(), _settings(robot.url), "webhook", dry_run=True
        )
    assert robot.log.posts == [] and _sends(rcounty) == []
    assert sum(line.startswith("将发送") for line in report.lines) == 3


def test_webhook_argument_overrides_the_setting(rcounty):
    with Robot() as robot:
        report = _run(rcounty, replace(_settings(""), channels=["webhook"]), url=robot.url)
    assert report.sent == 3 and len(robot.log.posts) == 3
    assert json.loads(robot.log.posts[0]["raw"])["msgtype"] == "text"

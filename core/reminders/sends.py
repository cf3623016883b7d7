"""A reminder run: build the week's messages, send each over the chosen channel, record every send and its answer
(reminder_sends and the audit log, one transaction per send), and retry the sends that failed before.

Never imports streamlit. A message already delivered for the same day, channel, recipient and part is not sent
again (a second cron run the same morning only retries what failed); a failed send is tried again on each later
run, up to MAX_ATTEMPTS and for RETRY_DAYS, and a failure never stops the other messages.
"""

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from core.accounts.audit import record
from core.accounts.vocabulary import FAILURE, SUCCESS
from core.calendar.workdays import WorkdayCalendar
from core.reminders.channels import Delivery, RateLimiter, send_email, send_webhook
from core.reminders.digest import reminder_digest
from core.reminders.messages import OFFICE, Message, office_message, split_content, unit_messages
from core.reminders.settings import ReminderSettings
from core.storage.db import fetch_df, transaction
from core.storage.scope import UnitScope

REMINDER_SEND = "reminder_send"  # the audit action
AUDIT_LOGIN = "定时提醒"  # who the audit log names for a run of python -m exports remind
MAX_ATTEMPTS = 5
RETRY_DAYS = 7


@dataclass(frozen=True)
class Outgoing:
    """One message part to send: the channel, for whom, to where, and the text."""

    channel: str
    recipient: str
    unit_id: int | None
    address: str  # the robot URL or the e-mail addresses
    part: int
    parts: int
    subject: str
    content: str
    mentions: tuple[str, ...] = ()
    reminder_day: date | None = None
    attempt: int = 1


@dataclass
class RunReport:
    """What a run did: lines to print, and counts."""

    lines: list[str] = field(default_factory=list)
    sent: int = 0
    failed: int = 0
    retried: int = 0
    skipped: int = 0


def week_messages(
    con: duckdb.DuckDBPyConnection, today: date, scope: UnitScope, calendar: WorkdayCalendar
) -> list[Message]:
    """The office summary first, then one message per unit with something to be reminded of."""
    digest = reminder_digest(con, today, scope, calendar)
    return [office_message(digest), *unit_messages(digest)]


def recorded_address(address: str) -> str:
    """The address as recorded: a URL without its query (robot keys ride in it), e-mail addresses as given."""
    if "://" not in address:
        return address
    parts = urllib.parse.urlsplit(address)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def outgoing_for(
    messages: list[Message], channel: str, settings: ReminderSettings, url: str | None = None
) -> tuple[list[Outgoing], list[str]]:
    """The parts to send over `channel` ("webhook" or "email") and why any message cannot go (no address)."""
    out: list[Outgoing] = []
    skipped: list[str] = []
    for m in messages:
        if channel == "webhook":
            target = url or settings.webhook.url
            if not target:
                skipped.append(f"{m.title}：未设置群机器人地址（reminders.toml webhook.url 或 --webhook）")
                continue
            mobiles = (
                tuple(settings.webhook.office_mobiles) if m.recipient == OFFICE else (m.mobile,) if m.mobile else ()
            )
            parts = split_content(m.content, settings.webhook.max_bytes)
            out += [
                Outgoing(channel, m.recipient, m.unit_id, target, i, len(parts), m.title, p, mobiles)
                for i, p in enumerate(parts, 1)
            ]
        else:
            to = list(settings.email.office_to) if m.recipient == OFFICE else [m.email] if m.email else []
            if not settings.email.host:
                skipped.append(f"{m.title}：未设置邮件服务器（reminders.toml email.host）")
            elif not to:
                where = "email.office_to" if m.recipient == OFFICE else "单位名录的联络员邮箱"
                skipped.append(f"{m.title}：没有收件地址（{where}）")
            else:
                out.append(Outgoing(channel, m.recipient, m.unit_id, ", ".join(to), 1, 1, m.title, m.content))
    return out, skipped


def _delivered(con: duckdb.DuckDBPyConnection, day: date) -> set[tuple[str, str, int, str]]:
    frame = fetch_df(
        con,
        "SELECT channel, recipient, part, content FROM reminder_sends WHERE reminder_day = ? AND ok",
        [day],
    )
    return set(frame.itertuples(index=False, name=None))


def failed_sends(con: duckdb.DuckDBPyConnection, today: date) -> pd.DataFrame:
    """Sends of the last RETRY_DAYS days (before today) whose every attempt failed, fewer than MAX_ATTEMPTS times.

    Columns: reminder_day, channel, recipient, unit_id, address, part, parts, content, mentions, attempts.
    """
    return fetch_df(
        con,
        """
        SELECT reminder_day, channel, recipient, any_value(unit_id) AS unit_id, arg_max(address, send_id) AS address,
               part, any_value(parts) AS parts, content, arg_max(mentions, send_id) AS mentions,
               max(attempt) AS attempts
        FROM reminder_sends WHERE reminder_day >= ? AND reminder_day < ?
        GROUP BY reminder_day, channel, recipient, part, content
        HAVING NOT bool_or(ok) AND max(attempt) < ?
        ORDER BY reminder_day, recipient, part""",
        [today - timedelta(days=RETRY_DAYS), today, MAX_ATTEMPTS],
    )


def _attempts_today(con: duckdb.DuckDBPyConnection, day: date) -> dict[tuple[str, str, int, str], int]:
    frame = fetch_df(
        con,
        "SELECT channel, recipient, part, content, max(attempt) AS n FROM reminder_sends "
        "WHERE reminder_day = ? GROUP BY ALL",
        [day],
    )
    return {(c, r, p, t): int(n) for c, r, p, t, n in frame.itertuples(index=False, name=None)}


def record_send(con: duckdb.DuckDBPyConnection, item: Outgoing, day: date, delivery: Delivery) -> None:
    """One row in reminder_sends and one in the audit log, in one transaction."""
    with transaction(con):
        con.execute(
            """INSERT INTO reminder_sends (sent_at, reminder_day, channel, recipient, unit_id, address, part, parts,
                                           content, mentions, ok, answer, attempt)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                datetime.now(),
                day,
                item.channel,
                item.recipient,
                item.unit_id,
                recorded_address(item.address),
                item.part,
                item.parts,
                item.content,
                ",".join(item.mentions),
                delivery.ok,
                delivery.answer,
                item.attempt,
            ],
        )
        record(
            con,
            None,
            REMINDER_SEND,
            f"{item.channel}｜{item.subject}｜{item.part}/{item.parts}｜{day}",
            after=delivery.answer,
            outcome=SUCCESS if delivery.ok else FAILURE,
            login=AUDIT_LOGIN,
        )


Sender = Callable[[Outgoing], Delivery]


def default_sender(settings: ReminderSettings, limiter: RateLimiter) -> Sender:
    """Send a part over its channel; webhook parts wait for the rate limiter."""

    def send(item: Outgoing) -> Delivery:
        if item.channel == "webhook":
            limiter.wait()
            return send_webhook(settings.webhook, item.address, item.content, list(item.mentions))
        return send_email(settings.email, item.address.split(", "), item.subject, item.content)

    return send


def run_reminders(
    con: duckdb.DuckDBPyConnection,
    today: date,
    scope: UnitScope,
    calendar: WorkdayCalendar,
    settings: ReminderSettings,
    channel: str,
    url: str | None = None,
    dry_run: bool = False,
    sender: Sender | None = None,
) -> RunReport:
    """Retry earlier failed sends, then send today's messages not yet delivered; return what happened.

    `dry_run` sends and records nothing and lists what would go out. `sender` replaces the real channels (the
    limiter comes with the default one).
    """
    report = RunReport()
    messages = week_messages(con, today, scope, calendar)
    parts, skipped = outgoing_for(messages, channel, settings, url)
    report.skipped = len(skipped)
    report.lines += [f"未发送：{s}" for s in skipped]
    delivered, attempts = _delivered(con, today), _attempts_today(con, today)
    retries = failed_sends(con, today)
    retries = retries.loc[retries["channel"] == channel]
    if dry_run:
        report.lines += [
            f"待重发：{r.recipient} 第{r.part}/{r.parts}条（{r.reminder_day}）" for r in retries.itertuples()
        ]
        report.lines += [f"将发送：{p.subject} 第{p.part}/{p.parts}条 → {recorded_address(p.address)}" for p in parts]
        return report
    send = sender or default_sender(settings, RateLimiter(settings.webhook.per_minute))
    if channel == "webhook" and not (url or settings.webhook.url):
        retries = retries.iloc[0:0]
    for r in retries.itertuples(index=False):
        item = Outgoing(
            channel,
            r.recipient,
            None if pd.isna(r.unit_id) else int(r.unit_id),
            (url or settings.webhook.url) if channel == "webhook" else r.address,
            int(r.part),
            int(r.parts),
            f"重发（{r.reminder_day:%m-%d}）{r.recipient}",
            r.content,
            tuple(m for m in r.mentions.split(",") if m),
            attempt=int(r.attempts) + 1,
        )
        report.retried += 1
        _send_one(con, item, pd.Timestamp(r.reminder_day).date(), send, report)
    for item in parts:
        key = (item.channel, item.recipient, item.part, item.content)
        if key in delivered:
            continue
        attempt = attempts.get(key, 0) + 1
        if attempt > MAX_ATTEMPTS:
            report.lines.append(f"已放弃：{item.subject} 第{item.part}/{item.parts}条（已失败{MAX_ATTEMPTS}次）")
            continue
        _send_one(con, Outgoing(**{**item.__dict__, "attempt": attempt}), today, send, report)
    return report


def _send_one(con: duckdb.DuckDBPyConnection, item: Outgoing, day: date, send: Sender, report: RunReport) -> None:
    try:
        delivery = send(item)
    except Exception as exc:  # noqa: BLE001 — a channel bug must not stop the other messages
        delivery = Delivery(False, f"发送失败：{type(exc).__name__}: {exc}")
    record_send(con, item, day, delivery)
    if delivery.ok:
        report.sent += 1
        report.lines.append(f"已发送：{item.subject} 第{item.part}/{item.parts}条")
    else:
        report.failed += 1
        report.lines.append(
            f"发送失败（下次运行时重发）：{item.subject} 第{item.part}/{item.parts}条：{delivery.answer}"
        )


def send_log(con: duckdb.DuckDBPyConnection, scope: UnitScope, since: date) -> pd.DataFrame:
    """Sends since `since`, newest first: the units in scope, and the office summary for an unrestricted scope only
    (it names every unit).

    Columns: sent_at, reminder_day, send_channel, unit_name (— for the office), address, part, parts, ok, answer, attempt.
    """
    where, params = scope.sql()
    return fetch_df(
        con,
        f"""SELECT s.sent_at, s.reminder_day, s.channel AS send_channel, coalesce(u.name, '办公室汇总') AS unit_name, s.address,
                   s.part, s.parts, s.ok, s.answer, s.attempt
            FROM reminder_sends s LEFT JOIN units u ON u.unit_id = s.unit_id
            WHERE s.reminder_day >= ? AND (CASE WHEN s.unit_id IS NULL THEN ? ELSE ({where}) END)
            ORDER BY s.send_id DESC LIMIT 500""",
        [since, scope.unit_ids is None, *params],
    )

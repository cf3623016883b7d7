"""The weekly reminder for the OS scheduler and the page: python -m exports remind, the copy-ready text and the
xlsx 催办单.

Never imports streamlit. Exit 0 when every message went out (or nothing was due), 2 when some send failed (it is
retried on the next run), 1 with a Chinese message when the run could not start.
"""

import argparse
import sys
from datetime import date

import pandas as pd

from core.calendar.workdays import load_calendar
from core.config import db_path, today
from core.errors import DashboardError
from core.reminders.digest import Digest
from core.reminders.messages import Message
from core.reminders.sends import run_reminders, week_messages
from core.reminders.settings import CHANNELS, load_reminder_settings
from core.storage.db import opened
from core.storage.migrations import migrate
from core.storage.scope import UnitScope
from exports.tables import table_xlsx

_SHEET_LABELS = {
    "unit_name": "单位",
    "kind": "事项",
    "item": "具体内容",
    "due_on": "期限",
    "liaison": "联络员",
    "mobile": "手机",
}


def add_arguments(sub: argparse._SubParsersAction) -> None:
    """The `remind` subcommand of python -m exports."""
    remind = sub.add_parser("remind", help="发送每周提醒（一周一更新、即将超期栏目、整改与依申请公开到期）")
    remind.add_argument("--db", help="数据库文件（默认 data/dashboard.duckdb，或环境变量 DASHBOARD_DB）")
    remind.add_argument("--today", help="按哪一天判断（默认环境变量 DASHBOARD_TODAY，否则今天），如 2026-11-30")
    remind.add_argument("--dry-run", action="store_true", help="只列出将发送的消息，不发送、不记录")
    remind.add_argument("--channel", choices=CHANNELS, help="发送渠道（默认 data/reminders.toml 的 channels）")
    remind.add_argument("--webhook", help="本次使用的群机器人地址（替换 reminders.toml 的 webhook.url）")


def remind(args: argparse.Namespace) -> int:
    """Run the reminders as asked on the command line; prints one line per message part."""
    try:
        day = date.fromisoformat(args.today) if args.today else today()
    except ValueError:
        print(f"日期格式应为 YYYY-MM-DD：{args.today}", file=sys.stderr)
        return 1
    try:
        settings = load_reminder_settings()
        channels = [args.channel] if args.channel else list(settings.channels)
        failed = 0
        with opened(db_path(args.db)) as con:
            migrate(con)
            for channel in channels:
                if channel == "print":
                    print(copy_text(week_messages(con, day, UnitScope(), load_calendar())))
                    continue
                report = run_reminders(
                    con, day, UnitScope(), load_calendar(), settings, channel, args.webhook, args.dry_run
                )
                for line in report.lines:
                    print(line)
                print(
                    f"{channel}：发送成功{report.sent}条，失败{report.failed}条（其中重发{report.retried}条），"
                    f"无法发送{report.skipped}条"
                )
                failed += report.failed
    except DashboardError as exc:
        print(f"{exc.message}\n{exc.hint}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 — the scheduler needs one clear line and a failing exit code
        print(f"提醒未能运行（程序错误 {type(exc).__name__}: {exc}），请联系信息化管理员。", file=sys.stderr)
        return 1
    return 2 if failed else 0


def copy_text(messages: list[Message]) -> str:
    """Every message, separated by a blank line, ready to paste into a chat or a notice."""
    return "\n\n".join(m.content for m in messages)


def chase_sheet(digest: Digest) -> pd.DataFrame:
    """The 催办单 as rows: one per item to act on, with the unit's liaison.

    Columns: unit_name, kind, item, due_on, liaison, mobile.
    """
    rows = [
        (r.unit_id, "上周未发布信息", f"{digest.week_start}至{digest.week_end}", None)
        for r in digest.silent.itertuples()
    ]
    rows += [(r.unit_id, "栏目即将超期", r.column_name, r.due_on) for r in digest.warning.itertuples()]
    rows += [
        (r.unit_id, "整改问题新逾期", f"{r.finding_no or ''} {r.description}".strip(), r.due_on)
        for r in digest.findings_overdue.itertuples()
    ]
    rows += [
        (r.unit_id, "整改问题5个工作日内到期", f"{r.finding_no or ''} {r.description}".strip(), r.due_on)
        for r in digest.findings_soon.itertuples()
    ]
    rows += [
        (r.unit_id, "依申请公开5个工作日内到期", r.request_no, r.due_on) for r in digest.requests_soon.itertuples()
    ]
    frame = pd.DataFrame(rows, columns=["unit_id", "kind", "item", "due_on"])
    units = digest.units.reset_index(drop=True)
    merged = frame.merge(units, on="unit_id", how="left")
    merged["order"] = merged["unit_id"].map({u: i for i, u in enumerate(units["unit_id"])})
    merged = merged.sort_values(["order"], kind="stable")
    return merged[["unit_name", "kind", "item", "due_on", "liaison", "mobile"]].reset_index(drop=True)


def chase_workbook(digest: Digest) -> bytes:
    """The xlsx 催办单 of the week (title row with the day, Chinese headers)."""
    title = f"政务公开催办单（{digest.today.year}年{digest.today.month}月{digest.today.day}日）"
    return table_xlsx(chase_sheet(digest), title, _SHEET_LABELS, digest.today)

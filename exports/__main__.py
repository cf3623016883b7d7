"""Monthly documents for cron: python -m exports month YYYY-MM --out DIR [--db PATH] [--today YYYY-MM-DD]
Annual-report documents: python -m exports annual YEAR --out DIR [--db PATH] [--today YYYY-MM-DD] [--as LOGIN]

Writes into DIR: the 月度通报 (.docx), the zip of 整改通知书, the ranking workbook (.xlsx) and, when a Chromium is
installed, the ranking charts (.png) and the printable ranking (考核排名.pdf, A4 landscape, exports.printout).
Uses the frozen bulletin when the month was issued, else computes it.
`annual` writes the county summary table (.xlsx) and every received unit's 年度报告审查意见 (.docx) of YEAR, for
the units the console person may see (exports.annual_summary).
Each file written is an audit entry (导出文件: name, size, SHA-256), as `cli:<OS user>` or `--as LOGIN`
(core/accounts/console.py), committed once the files are on disk; if the entries cannot be written the files
are removed again, so nothing leaves unrecorded.
Exit 0 on success; 1 with a Chinese message otherwise.
"""

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from core.accounts.audit import record, record_export
from core.accounts.console import add_as_option, console_address, console_user
from core.accounts.identity import PermissionDeniedError, require
from core.accounts.settings_audit import record_settings_changes
from core.accounts.vocabulary import EXPORT_DOCUMENT, FAILURE, VIEW, VIEW_RANKING
from core.calendar.workdays import load_calendar
from core.config import db_path, today
from core.errors import DashboardError
from core.ranking.view import bulletin_facts, ranking_table, ranking_view
from core.registry.office import load_office
from core.storage.db import opened, transaction
from core.storage.migrations import migrate
from core.storage.scope import UnitScope
from exports.annual_summary import summary_file_name, summary_xlsx, unit_reviews
from exports.charts import figure_png, ranking_bar
from exports.monthly import month_documents, month_label
from exports.printout import ranking_pdf
from exports.reminders import add_arguments as add_remind_arguments
from exports.reminders import remind


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exports", description="导出月度通报、整改通知书、排名表和年度报告审查文件"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    _add_export(sub, "month", "导出某月的全部文件", "月份，如 2026-10", "2026-11-23")
    _add_export(sub, "annual", "导出某年度的年度报告审查汇总表和各单位审查意见", "报告年度，如 2025", "2026-02-10")
    add_remind_arguments(sub)
    args = parser.parse_args(argv)
    if args.command == "remind":
        return remind(args)
    if args.command == "month" and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month):
        print(f"月份格式应为 YYYY-MM：{args.month}", file=sys.stderr)
        return 1
    if args.command == "annual" and not re.fullmatch(r"(19|20)\d\d", args.year):
        print(f"报告年度应为四位年份，如 2025：{args.year}", file=sys.stderr)
        return 1
    try:
        day = date.fromisoformat(args.today) if args.today else today()
        out, database = Path(args.out), db_path(args.db)
        if args.command == "month":
            written = export_month(args.month, out, database, day, args.as_login)
        else:
            written = export_annual(int(args.year), out, database, day, args.as_login)
    except DashboardError as exc:
        print(f"{exc.message}\n{exc.hint}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 — cron needs one clear line and a failing exit code
        print(
            f"导出失败（程序错误 {type(exc).__name__}: {exc}），未写出完整文件，请联系信息化管理员。", file=sys.stderr
        )
        return 1
    for path in written:
        print(path)
    return 0


def _add_export(sub, command: str, about: str, what: str, example_day: str) -> None:
    parser = sub.add_parser(command, help=about)
    parser.add_argument("month" if command == "month" else "year", help=what)
    parser.add_argument("--out", required=True, help="输出目录")
    parser.add_argument("--db", help="数据库文件（默认 data/dashboard.duckdb，或环境变量 DASHBOARD_DB）")
    parser.add_argument("--today", help=f"按哪一天判断（默认环境变量 DASHBOARD_TODAY，否则今天），如 {example_day}")
    add_as_option(parser)


def export_month(month: str, out: Path, database: Path, today: date, as_login: str | None = None) -> list[Path]:
    """Write the month's files into `out`, each audited as exported by the console person; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    calendar, office = load_calendar(), load_office()
    label = month_label(month)
    with opened(database) as con:
        migrate(con)
        record_settings_changes(con, console_address())
        user = console_user(con, as_login)
        _require_audited(con, user, f"{month} 月度文件")
        view = ranking_view(con, month, today, calendar)
        documents = month_documents(con, view, office, calendar, bulletin_facts(con, view, today), today)
        files = _month_files(label, view, documents)
        return _write_audited(con, user, out, files, f"{month} 月度文件")


def export_annual(year: int, out: Path, database: Path, today: date, as_login: str | None = None) -> list[Path]:
    """Write the year's summary table and each received unit's 审查意见 into `out`, for the units the console
    person may see (a liaison's --as: his own), each file audited; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    office = load_office()
    about = f"{year}年度报告审查"
    with opened(database) as con:
        migrate(con)
        record_settings_changes(con, console_address())
        user = console_user(con, as_login)
        _require_audited(con, user, about, VIEW)
        scope = user.scoped(UnitScope(assessed_only=False))
        files = {summary_file_name(year): summary_xlsx(con, scope, year, today)}
        files |= unit_reviews(con, scope, year, today, office)
        return _write_audited(con, user, out, files, about, VIEW)


def _require_audited(con, user, about: str, permission: str = VIEW_RANKING) -> None:
    """The console person must hold `permission` (the month's files: every unit's ranking); a refusal is a 失败
    entry (before anything is built)."""
    try:
        require(user, permission)
    except PermissionDeniedError as exc:
        with transaction(con):
            record(con, user, EXPORT_DOCUMENT, about, after=exc.message, outcome=FAILURE)
        raise


def _month_files(label: str, view, documents) -> dict[str, bytes]:
    files = {
        f"{label}政务公开工作通报.docx": documents.bulletin,
        f"{label}整改通知书.zip": documents.notices_zip,
        f"{label}考核排名.xlsx": documents.ranking,
    }
    table = ranking_table(view)
    for group in table["group_name"].unique():
        try:
            files[f"{label}{group.replace('/', '、')}考核得分.png"] = figure_png(
                ranking_bar(table.loc[table["group_name"] == group], f"{label}{group}考核得分")
            )
        except DashboardError as exc:
            print(f"{exc.message}{exc.hint}（已跳过图片）", file=sys.stderr)
            break
    try:
        files[f"{label}考核排名.pdf"] = ranking_pdf(view)
    except DashboardError as exc:
        print(f"{exc.message}{exc.hint}（已跳过 PDF）", file=sys.stderr)
    return files


def _write_audited(
    con, user, out: Path, files: dict[str, bytes], about: str, permission: str = VIEW_RANKING
) -> list[Path]:
    """Write the files, then their audit entries in one transaction; remove the files if that fails."""
    written = []
    try:
        for name, data in files.items():
            (out / name).write_bytes(data)
            written.append(out / name)
        with transaction(con):
            for name, data in files.items():
                record_export(con, user, name, data, about, permission=permission)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


if __name__ == "__main__":
    sys.exit(main())

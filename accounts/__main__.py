"""Accounts and the audit log from the server's console (issue 11). There is no default password.

    python -m accounts add LOGIN --name NAME --role admin|office|leader|liaison [--unit UNIT ...] [--db PATH]
    python -m accounts list [--db PATH] [--json]
    python -m accounts disable LOGIN [--db PATH]
    python -m accounts reset-password LOGIN [--db PATH]
    python -m accounts audit [--since DAY] [--login LOGIN] [--action ACTION] [--json] [--db PATH]
    python -m accounts audit --prune-before DAY [--db PATH]

Passwords are read from stdin (one line; typed twice without echo at a terminal), never from the command
line. Changes are audited as `cli:<OS user>` or, with `--as LOGIN` (before the command), as that account,
its role checked (core/accounts/console.py). `--prune-before DAY` deletes the entries logged before DAY and
refuses any DAY less than 183 days (6 months, 网络安全法 第二十一条) before today; the pruning is an entry itself.
Exit 0 on success, 1 when refused (the reason is printed in Chinese), 3 when the database stayed locked.
"""

import argparse
import getpass
import json
import sys
from datetime import date

from core.accounts.audit import audit_entries, prune_before
from core.accounts.console import add_as_option, console_address, console_user
from core.accounts.settings_audit import record_settings_changes
from core.accounts.users import add_user, disable_user, list_users, reset_password
from core.accounts.vocabulary import ACTION_LABELS, ROLES
from core.config import db_path, today
from core.errors import DashboardError, DatabaseLockedError
from core.storage.db import connect
from core.storage.migrations import migrate

EXIT_REFUSED = 1
EXIT_LOCKED = 3


def _read_password() -> str:
    """One line from stdin; at a terminal, typed twice without echo."""
    if sys.stdin.isatty():
        first = getpass.getpass("密码: ")
        if getpass.getpass("再输入一次: ") != first:
            raise DashboardError("两次输入的密码不一致。")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m accounts", description="账号与审计日志")
    parser.add_argument("--db", help="数据库文件（默认 $DASHBOARD_DB 或 data/dashboard.duckdb）")
    add_as_option(parser)
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="新增账号（密码从标准输入读取，首次登录须修改）")
    add.add_argument("login")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--unit", action="append", default=[], help="单位联络员负责的单位（可重复）")
    listing = sub.add_parser("list", help="列出账号")
    listing.add_argument("--json", action="store_true")
    sub.add_parser("disable", help="停用账号并结束其会话").add_argument("login")
    sub.add_parser("reset-password", help="重置密码（从标准输入读取新密码）").add_argument("login")
    audit = sub.add_parser("audit", help="审计日志")
    audit.add_argument("--since", type=date.fromisoformat, help="起始日期 YYYY-MM-DD")
    audit.add_argument("--login")
    audit.add_argument("--action", choices=list(ACTION_LABELS))
    audit.add_argument("--json", action="store_true")
    audit.add_argument(
        "--prune-before",
        type=date.fromisoformat,
        metavar="DAY",
        help="删除该日之前的审计记录（该日须早于今天至少 183 天，即 6 个月）",
    )
    return parser


def _run(args: argparse.Namespace) -> None:
    con = connect(db_path(args.db))
    try:
        migrate(con)
        record_settings_changes(con, console_address())
        actor = console_user(con, args.as_login)
        if args.command == "add":
            user = add_user(con, actor, args.login, args.name, args.role, _read_password(), args.unit)
            print(f"已新增账号 {user.login}（{user.role_label}），首次登录须修改密码。")
        elif args.command == "list":
            frame = list_users(con)
            if args.json:
                for row in frame.to_dict("records"):
                    print(json.dumps(row, ensure_ascii=False, default=str))
            else:
                print(frame.to_string(index=False) if len(frame) else "（还没有账号）")
        elif args.command == "disable":
            disable_user(con, actor, args.login)
            print(f"已停用账号 {args.login}。")
        elif args.command == "reset-password":
            reset_password(con, actor, args.login, _read_password())
            print(f"已重置 {args.login} 的密码，下次登录须修改。")
        elif args.command == "audit" and args.prune_before:
            # The wall clock too: entries are stamped with it, so a DASHBOARD_TODAY in the future must not
            # make entries of this week look six months old.
            removed = prune_before(con, actor, args.prune_before, min(today(), date.today()))
            print(f"已删除 {args.prune_before} 之前的审计记录 {removed} 条（本次清理已记入审计日志）。")
        elif args.command == "audit":
            _print_audit(audit_entries(con, since=args.since, login=args.login, action=args.action), args.json)
    finally:
        con.close()


def _print_audit(frame, as_json: bool) -> None:
    for row in frame.sort_values("entry_id").to_dict("records"):
        if as_json:
            print(json.dumps(row, ensure_ascii=False, default=str))
        else:
            label = ACTION_LABELS.get(row["action"], row["action"])
            print(
                f"{row['logged_at']:%Y-%m-%d %H:%M:%S}  {row['login']:<16} {label:<10} {row['outcome']}  {row['object']}"
                f"  {row['after'] or ''}  {row['address'] or ''}"
            )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _run(args)
    except DatabaseLockedError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_LOCKED
    except DashboardError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line for cron jobs and scripts: import ledgers, list or reprocess the quarantine, undo a batch.

    python -m loaders import FILE [FILE ...] [--db PATH] [--kind KIND] [--json]
    python -m loaders quarantine [--db PATH] [--json]
    python -m loaders reprocess [--db PATH] [--json]
    python -m loaders undo IMPORT_ID [--db PATH]
    python -m loaders demo [--db PATH] [--today DAY] [--replace]

Exit 0 when every file was read (rejected rows included); 2 when a file could not be read at all (nothing of
that file is written; the other files still are); 3 when the database stayed locked by another program.
"""

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from core.config import db_path
from core.errors import DashboardError, DatabaseLockedError
from core.storage.db import connect
from core.storage.migrations import migrate
from loaders import batches
from loaders.kinds import KIND_ORDER
from loaders.pipeline import ParsedFile, parse_file, write_file
from loaders.report import FileReport

EXIT_UNREADABLE = 2
EXIT_LOCKED = 3


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _open(args: argparse.Namespace):
    path = db_path(args.db)
    con = connect(
        path,
        on_wait=lambda waited: (
            _say(f"数据库正被其他程序占用（如正在运行的看板），等待中… {waited:.0f} 秒")
            if int(waited * 5) % 25 == 0
            else None
        ),
    )
    migrate(con)
    return con


def _emit(report: FileReport | dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_json() if isinstance(report, FileReport) else report, ensure_ascii=False))
        return
    if isinstance(report, FileReport):
        print(report.summary_zh())
        for problem in report.problems[:20]:
            print(f"  隔离 {problem.sheet} 第 {problem.row_number} 行: {problem.reason}")
        if len(report.problems) > 20:
            print(f"  … 另有 {len(report.problems) - 20} 行被隔离，见 python -m loaders quarantine")
    else:
        print(f"{report['file']}：无法导入，未写入任何数据。{report['error']}")


def cmd_import(args: argparse.Namespace) -> int:
    parsed: list[ParsedFile] = []
    failed = 0
    for name in args.files:
        path = Path(name)
        try:
            parsed.append(parse_file(path.read_bytes(), path.name, args.kind))
        except (OSError, DashboardError) as exc:
            failed += 1
            message = exc.message if isinstance(exc, DashboardError) else f"无法打开文件: {exc.strerror}"
            hint = exc.hint if isinstance(exc, DashboardError) else ""
            _emit(
                {
                    "file": path.name,
                    "kind": None,
                    "rows": 0,
                    "loaded": 0,
                    "updated": 0,
                    "duplicate": 0,
                    "rejected": 0,
                    "error": message,
                    "hint": hint,
                },
                args.json,
            )
    if parsed:
        con = _open(args)
        try:
            for item in sorted(parsed, key=lambda p: p.order):
                _emit(write_file(con, item, source="cli"), args.json)
        finally:
            con.close()
    return EXIT_UNREADABLE if failed else 0


def cmd_quarantine(args: argparse.Namespace) -> int:
    con = _open(args)
    try:
        rows = batches.open_quarantine(con)
    finally:
        con.close()
    if args.json:
        for row in rows.to_dict("records"):
            print(json.dumps(row, ensure_ascii=False, default=str))
    elif rows.empty:
        print("隔离区为空。")
    else:
        for r in rows.itertuples(index=False):
            print(f"[{r.quarantine_id}] {r.file_name} / {r.sheet} 第 {r.row_number} 行: {r.reason}  {r.raw_json}")
        print(f"共 {len(rows)} 行待处理。修正单位名录或栏目目录后运行 python -m loaders reprocess。")
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    con = _open(args)
    try:
        report = batches.reprocess_quarantine(con)
    finally:
        con.close()
    _emit(report, args.json)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    con = _open(args)
    try:
        batches.undo(con, args.import_id)
    finally:
        con.close()
    print(f"已撤销第 {args.import_id} 批导入。")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Build the 清源县 demo database as of --today (default $DASHBOARD_TODAY, else today)."""
    from core.config import today as current_day
    from loaders.demo import build_demo_database

    path = db_path(args.db)
    if path.exists() and not args.replace:
        _say(f"{path} 已存在，未做改动。要用演示数据覆盖它，请加 --replace（原有数据将丢失）。")
        return 1
    day = args.today or current_day()
    path.parent.mkdir(parents=True, exist_ok=True)
    reports = build_demo_database(path, day, progress=lambda done, total, name: _say(f"导入 {done}/{total}：{name}"))
    print(f"演示数据库已建立：{path}（台账截至 {day}，{len(reports)} 个文件，{sum(r.loaded for r in reports)} 行）")
    return 0


def _add_demo_command(sub) -> None:
    demo = sub.add_parser("demo", help="用截至某日的虚构“清源县”台账建立演示数据库")
    demo.add_argument("--db", help="数据库文件（默认 data/dashboard.duckdb，或环境变量 DASHBOARD_DB）")
    demo.add_argument(
        "--today", type=date.fromisoformat, help="台账截至哪一天（YYYY-MM-DD；默认环境变量 DASHBOARD_TODAY，否则今天）"
    )
    demo.add_argument("--replace", action="store_true", help="数据库文件已存在时覆盖它")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="政务公开台账导入工具")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="导入一个或多个台账文件")
    imp.add_argument("files", nargs="+")
    imp.add_argument("--kind", choices=KIND_ORDER, help="强制指定台账类型（默认按表头识别）")
    for name, help_text in (("quarantine", "列出隔离区中的行"), ("reprocess", "登记表更新后重新处理隔离行")):
        sub.add_parser(name, help=help_text)
    undo = sub.add_parser("undo", help="撤销最近一次导入")
    undo.add_argument("import_id", type=int)
    for command in sub.choices.values():
        command.add_argument("--db", help="数据库文件（默认 data/dashboard.duckdb，或环境变量 DASHBOARD_DB）")
        command.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    _add_demo_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {"import": cmd_import, "quarantine": cmd_quarantine, "reprocess": cmd_reprocess, "undo": cmd_undo}
    handler["demo"] = cmd_demo
    try:
        return handler[args.command](args)
    except DatabaseLockedError as exc:
        _say(f"{exc.message}\n{exc.hint}")
        return EXIT_LOCKED
    except DashboardError as exc:
        _say(f"{exc.message}\n{exc.hint}")
        return 1


if __name__ == "__main__":
    sys.exit(main())

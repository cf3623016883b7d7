"""Command line for cron jobs and scripts: import ledgers, list or reprocess the quarantine, undo a batch.

    python -m loaders import FILE [FILE ...] [--db PATH] [--kind KIND] [--json]
    python -m loaders quarantine [--db PATH] [--json]
    python -m loaders reprocess [--db PATH] [--json]
    python -m loaders undo IMPORT_ID [--db PATH]
    python -m loaders demo [--db PATH] [--today DAY] [--replace]
    python -m loaders annual-check REPORT [REPORT ...] [--db PATH] [--json]

A published annual report (.docx/.html/.htm/.pdf/.txt) given to `import` is stored by loaders/annual_cli.py;
`annual-check` checks reports without storing them (exit 0 when each file was read, whatever the checks found).

Every run is in the audit log (issue 11), as `cli:<OS user>` or, with `--as LOGIN`, as that account (its role
checked like in the app; see core/accounts/console.py). Each file's import or refusal, undo and reprocess is
an entry written in the same transaction as the change; listing the quarantine is an entry; a demo build is
the first entry of the new database. `demo --replace` refuses to overwrite a database that is not a demo one
(its audit log must be kept six months).

Exit 0 when every file was read (rejected rows included); 2 when a file could not be read at all (nothing of
that file is written; the other files still are); 3 when the database stayed locked by another program.

Why the imports are inside the commands: pandas and duckdb take longer to import than calamine takes to read a
100k-row ledger. `import` starts the reader children (loaders.sandbox) first and imports them while they read.
"""

import argparse
import json
import os
import sys
from collections import deque
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

# numpy's OpenBLAS starts a thread per core when pandas loads and spins them up: 0.1 s of CPU that the reader
# child, parsing on the other core, needs more. Nothing here multiplies matrices (issue 9, import speed).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from core.accounts.console import add_as_option  # after the line above: nothing below may load numpy first
from core.config import db_path
from core.errors import DashboardError, DatabaseLockedError
from loaders.kinds import KIND_ORDER
from loaders.report import FileReport

EXIT_UNREADABLE = 2
EXIT_LOCKED = 3
EXIT_FAILED = 1
_READS_AT_ONCE = 2  # reader children running together (each may use up to reader_memory_mb)


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _open(args: argparse.Namespace):
    from core.storage.db import connect
    from core.storage.migrations import migrate

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
    from core.accounts.console import console_address
    from core.accounts.settings_audit import record_settings_changes

    record_settings_changes(con, console_address())  # a changed data/*.toml or *.csv is a 设置变更 entry
    return con


def _emit(report: FileReport | dict, as_json: bool) -> None:
    if as_json:
        print(
            json.dumps(report.as_json() if isinstance(report, FileReport) else report, ensure_ascii=False, default=str),
            flush=True,
        )
        return
    if isinstance(report, FileReport):
        print(report.summary_zh())
        for problem in report.problems[:20]:
            print(f"  隔离 {problem.sheet} 第 {problem.row_number} 行: {problem.reason}")
        if len(report.problems) > 20:
            print(f"  … 另有 {len(report.problems) - 20} 行被隔离，见 python -m loaders quarantine")
    else:
        print(f"{report['file']}：无法导入，未写入任何数据。{report['error']}")


def _refusal(file_name: str, exc: BaseException) -> dict:
    """The JSON line of a file that was not imported; every cause gets a Chinese message naming the file."""
    if isinstance(exc, DashboardError):
        message, hint = exc.message, exc.hint
    elif isinstance(exc, OSError):
        message, hint = f"无法打开文件: {file_name}（{exc.strerror or exc}）", ""
    else:  # a bug must cost this file only, and still say which file
        message, hint = f"处理文件时出现意外错误（{type(exc).__name__}: {exc}），未写入任何数据: {file_name}", ""
    return {
        "file": file_name,
        "kind": None,
        "rows": 0,
        "loaded": 0,
        "updated": 0,
        "duplicate": 0,
        "rejected": 0,
        "error": message,
        "hint": hint,
    }


def _start(name: str):
    from loaders.sandbox import start_read

    path = Path(name)
    try:
        data = path.read_bytes()
        return path.name, data, start_read(data, path.name)
    except Exception as exc:  # noqa: BLE001 — reported per file below
        return path.name, b"", exc


def _read_all(names: list[str], kind: str | None, checker: Callable[[], Any]):
    """(file name, ParsedFile or the exception), in argument order; at most _READS_AT_ONCE children at a time.
    `checker()` (the database opened, its registry read) is called once the first children are reading."""
    queue = deque(names)
    running = deque(_start(queue.popleft()) for _ in range(min(_READS_AT_ONCE, len(queue))))
    from loaders.pipeline import parse_started  # pandas and duckdb load while the children read

    try:
        check = checker()  # and the database opens, migrates and audits its settings while they read, too
    except BaseException:
        for _, _, started in running:
            _cancel(started)
        raise
    while running:
        name, data, started = running.popleft()
        try:
            if isinstance(started, BaseException):
                raise started
            yield name, parse_started(started, data, kind, check)
        except Exception as exc:  # noqa: BLE001 — one file's failure never stops the others
            yield name, exc
        if queue:
            running.append(_start(queue.popleft()))


def _cancel(started: Any) -> None:
    from loaders.sandbox import PendingRead

    if isinstance(started, PendingRead):
        started.cancel()


def cmd_import(args: argparse.Namespace) -> int:
    from loaders.sandbox import paused_gc

    with paused_gc():  # the run's heap is mostly ledger cells: 0.15 s of a 100k-row import (issue 9, speed)
        return _import_files(args)


def _import_files(args: argparse.Namespace) -> int:
    from loaders.annual_cli import import_reports, split_reports

    reports, args.files = split_reports(args.files)  # published annual reports: loaders/annual_cli.py
    failed = import_reports(args, reports, _open, _actor, _refusal) if reports else 0
    return max(_import_ledgers(args) if args.files else 0, EXIT_UNREADABLE if failed else 0)


def cmd_annual_check(args: argparse.Namespace) -> int:
    from loaders.annual_cli import check_files

    return EXIT_UNREADABLE if check_files(args, _open, _refusal) else 0


def _import_ledgers(args: argparse.Namespace) -> int:
    """Read every file (validating each as it is read), then write them in KIND_ORDER, each in its own
    transaction; the database is opened while the first files are still being read (issue 9, import speed)."""
    opened: list = []

    def open_and_check():
        from loaders.pipeline import Checker

        try:
            opened.append(_open(args))
        except DatabaseLockedError as exc:
            for name in args.files:
                _emit(_refusal(Path(name).name, exc), args.json)
            raise
        return Checker.of(opened[0])

    parsed = []
    unreadable: list[tuple[str, BaseException]] = []
    try:
        for name, result in _read_all(args.files, args.kind, open_and_check):
            if isinstance(result, BaseException):
                unreadable.append((name, result))
                _emit(_refusal(name, result), args.json)
            else:
                parsed.append(result)
        failed = len(unreadable) + _write_all(opened[0], args, sorted(parsed, key=lambda p: p.order), unreadable)
    finally:
        if opened:
            opened[0].close()
    return EXIT_UNREADABLE if failed else 0


def _sha256_of(names: list[str], file_name: str) -> str:
    """The SHA-256 of the named argument's file as it is on disk now ('—' when it cannot be read)."""
    import hashlib

    for name in names:
        if Path(name).name == file_name:
            try:
                return hashlib.sha256(Path(name).read_bytes()).hexdigest()
            except OSError:
                break
    return "—"


def _write_all(con, args: argparse.Namespace, parsed: list, unreadable: list[tuple[str, BaseException]]) -> int:
    """Write each file in its own transaction, audited; the number that failed. The files that could not be
    read are audited as 失败 imports."""
    from core.accounts.audit import record
    from core.accounts.identity import PermissionDeniedError
    from core.accounts.vocabulary import FAILURE, IMPORT_FILE
    from core.storage.db import transaction
    from loaders.audited import write_file_as

    failed = 0
    actor = _actor(con, args)
    with transaction(con):
        for name, error in unreadable:
            obj = f"{name}（sha256 {_sha256_of(args.files, name)[:12]}）"
            record(con, actor, IMPORT_FILE, obj, after=_refusal(name, error)["error"], outcome=FAILURE)
    for item in parsed:
        try:
            _emit(write_file_as(con, actor, item, source="cli"), args.json)
        except (DatabaseLockedError, PermissionDeniedError):
            raise  # the role cannot import: no other file would go in either
        except Exception as exc:  # noqa: BLE001 — rolled back and audited; the other files still go in
            failed += 1
            _emit(_refusal(item.file_name, exc), args.json)
    return failed


def _actor(con, args: argparse.Namespace):
    """Who this run acts as in the audit log: --as LOGIN, else cli:<OS user> (core/accounts/console.py)."""
    from core.accounts.console import console_user

    return console_user(con, getattr(args, "as_login", None))


def cmd_quarantine(args: argparse.Namespace) -> int:
    from core.accounts.audit import audited
    from core.accounts.vocabulary import IMPORT, VIEW_QUARANTINE
    from loaders import batches

    con = _open(args)
    try:
        rows = audited(
            con,
            _actor(con, args),
            IMPORT,
            VIEW_QUARANTINE,
            "隔离区",
            lambda: batches.open_quarantine(con),
            after=lambda found: f"列出 {len(found)} 行",
        )
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
    from loaders.audited import reprocess_as

    con = _open(args)
    try:
        report = reprocess_as(con, _actor(con, args))
    finally:
        con.close()
    _emit(report, args.json)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from loaders.audited import undo_as

    con = _open(args)
    try:
        undo_as(con, _actor(con, args), args.import_id)
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
    if path.exists() and not _is_demo_database(path):
        _say(
            f"{path} 不是演示数据库，未做改动：其审计日志须保存至少 6 个月（网络安全法 第二十一条），不能用演示数据覆盖。"
        )
        return 1
    day = args.today or current_day()
    path.parent.mkdir(parents=True, exist_ok=True)
    reports = build_demo_database(path, day, progress=lambda done, total, name: _say(f"导入 {done}/{total}：{name}"))
    _audit_demo_build(path, day, reports, args.replace)
    print(f"演示数据库已建立：{path}（台账截至 {day}，{len(reports)} 个文件，{sum(r.loaded for r in reports)} 行）")
    return 0


def _is_demo_database(path: Path) -> bool:
    from core.monitoring.overview import is_demo
    from core.storage.db import opened

    with opened(path) as con:
        return is_demo(con)


def _audit_demo_build(path: Path, day: date, reports: list, replaced: bool) -> None:
    from core.accounts.console import console_user
    from core.storage.db import opened
    from loaders.audited import record_demo_build

    with opened(path) as con:
        user = console_user(con)
    record_demo_build(path, user, day, len(reports), replaced)


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
    from loaders.annual_cli import add_check_command

    add_check_command(sub)
    for command in sub.choices.values():
        command.add_argument("--db", help="数据库文件（默认 data/dashboard.duckdb，或环境变量 DASHBOARD_DB）")
        command.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
        add_as_option(command)
    _add_demo_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {"import": cmd_import, "quarantine": cmd_quarantine, "reprocess": cmd_reprocess, "undo": cmd_undo}
    handler["demo"] = cmd_demo
    handler["annual-check"] = cmd_annual_check
    try:
        return handler[args.command](args)
    except DatabaseLockedError as exc:
        _say(f"{exc.message}\n{exc.hint}")
        if args.json and args.command != "import":  # import already printed one line per file
            _emit({"error": exc.message, "hint": exc.hint}, True)
        return EXIT_LOCKED
    except DashboardError as exc:
        _say(f"{exc.message}\n{exc.hint}")
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 — never a traceback for a clerk's cron job
        _say(f"出现意外错误（{type(exc).__name__}: {exc}），数据库未被改动。")
        return EXIT_FAILED


def exit_now(code: int) -> None:
    """Leave without tearing down the heap: freeing a 100k-row import's objects one by one took 0.3 s of a 3 s
    run (issue 9, import speed). Everything is committed, closed and cleaned up by the time main returns."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())

"""Annual reports on the command line: `import` routes a published report here; `annual-check` checks drafts.

    python -m loaders import REPORT.docx|.html|.htm|.pdf|.txt ... [--json]   (stored, audited like other imports)
    python -m loaders annual-check FILE ... [--json]                         (checked, nothing stored)

A report in Excel (.xlsx) stays with the ledger pipeline (its own layout kind). The database is opened by the
caller (`open_db`, `actor`, `refusal` from loaders.__main__), so the lock wait, migrations and `--as` work as for every import.
"""

import argparse
import json
from collections.abc import Callable
from pathlib import Path

# the forms a unit publishes its report in, other than a workbook; .doc/.wps come here to be asked for .docx
ANNUAL_SUFFIXES = (".docx", ".html", ".htm", ".pdf", ".txt", ".doc", ".wps")


def split_reports(names: list[str]) -> tuple[list[str], list[str]]:
    """(annual reports, the other files), each in argument order."""
    from loaders.annual_read import suffix_of  # here, not at the top: the parser stays quick to build

    reports = [n for n in names if suffix_of(n) in ANNUAL_SUFFIXES]
    return reports, [n for n in names if n not in reports]


def _summary(checked, file_name: str) -> dict:
    from core.annual_reports.mapping import missing_parts

    report = checked.report
    return {
        "file": file_name,
        "kind": "annual_report",
        "unit": report.unit_name or None,
        "year": report.year,
        "format": report.format,
        "complete": not missing_parts(report),
        "checks": [
            {
                "id": r.check_id,
                "status": r.status,
                "severity": r.severity,
                "expected": r.expected,
                "found": r.found,
                "message": r.message,
                "cells": list(r.cells),
            }
            for r in checked.results
        ],
    }


def _print(line: dict, as_json: bool, stored: bool) -> None:
    if as_json:
        print(json.dumps(line, ensure_ascii=False, default=str), flush=True)
        return
    if "error" in line:
        print(f"{line['file']}：无法读取，未写入任何数据。{line['error']} {line['hint']}".rstrip())
        return
    # words from core.annual_reports.vocabulary (the page says the same); --json keeps the stable English ids
    from core.annual_reports.vocabulary import FAIL, FORMAT_LABELS, STATUS_LABELS, UNCERTAIN

    fails = sum(c["status"] == FAIL for c in line["checks"])
    uncertain = sum(c["status"] == UNCERTAIN for c in line["checks"])
    done = "已导入" if stored else "已检查（未保存）"
    print(
        f"{line['file']}：{done} {line['unit'] or '未识别单位'} {line['year'] or '—'}年度"
        f"（{FORMAT_LABELS.get(line['format'], line['format'])}，{'表格齐全' if line['complete'] else '表格不全'}），"
        f"{fails} 项{STATUS_LABELS[FAIL]}，{uncertain} 项{STATUS_LABELS[UNCERTAIN]}"
    )
    width = max(_width(w) for w in STATUS_LABELS.values())
    for c in line["checks"]:
        word = STATUS_LABELS.get(c["status"], c["status"])
        print(
            f"  {c['id']:<6} {word}{' ' * (width - _width(word))}  应为：{c['expected'] or '—'}  "
            f"实际：{c['found'] or '—'}  {c['message']}"
        )


def _width(text: str) -> int:
    """Columns a terminal gives `text`: a Chinese character takes two."""
    return sum(1 if ord(ch) < 128 else 2 for ch in text)


def import_reports(
    args: argparse.Namespace, names: list[str], open_db: Callable, actor: Callable, refusal: Callable
) -> int:
    """Store each report in its own audited transaction (loaders.annual_report.import_report, received today);
    a report that cannot be read or whose unit is not registered is refused, audited as 失败. The number refused."""
    from core.accounts.audit import record
    from core.accounts.identity import PermissionDeniedError
    from core.accounts.vocabulary import FAILURE, IMPORT_FILE
    from core.config import today
    from core.storage.db import transaction
    from loaders.annual_report import import_report

    con = open_db(args)
    failed = 0
    try:
        user = actor(con, args)
        for name in names:
            path = Path(name)
            try:
                data = path.read_bytes()
                checked = import_report(con, user, data, path.name, today())
                _print(_summary(checked, path.name), args.json, stored=True)
            except PermissionDeniedError:
                raise
            except Exception as exc:  # noqa: BLE001 — nothing of this file written; the others still go in
                failed += 1
                line = refusal(path.name, exc)
                with transaction(con):
                    record(con, user, IMPORT_FILE, f"年度报告 {path.name}", after=line["error"], outcome=FAILURE)
                _print(line, args.json, stored=True)
    finally:
        con.close()
    return failed


def check_files(args: argparse.Namespace, open_db: Callable, refusal: Callable) -> int:
    """Check each file without storing it; compared with the database's registry, ledgers and last year's report
    when the database exists, else on its own. The number of files that could not be read."""
    import duckdb

    from core.config import db_path
    from core.storage.migrations import migrate
    from loaders.annual_report import check_report

    if db_path(args.db).exists():
        con = open_db(args)
    else:  # a unit checking its draft has no county database
        con = duckdb.connect()
        migrate(con)
    failed = 0
    try:
        for name in args.files:
            path = Path(name)
            try:
                checked = check_report(con, path.read_bytes(), path.name)
                _print(_summary(checked, path.name), args.json, stored=False)
            except Exception as exc:  # noqa: BLE001 — reported per file
                failed += 1
                _print(refusal(path.name, exc), args.json, stored=False)
    finally:
        con.close()
    return failed


def add_check_command(sub) -> None:
    check = sub.add_parser("annual-check", help="检查年度报告文件（不保存），供单位发布前自查")
    check.add_argument("files", nargs="+")

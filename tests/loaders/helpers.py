"""Helpers of the loader tests: the rows stored, the quarantine, table counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from tests.ledgers import item, items_sheet, write_csv, write_xls, write_xlsx

OCT8 = date(2026, 10, 8)
RARE = "𠮷"  # outside GBK, inside GB18030


def items(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rows = con.execute("""
        SELECT u.name AS unit, c.name AS column_name, i.title, i.published_on, i.created_on, i.doc_number, i.url,
               i.is_interpretation, i.import_id, i.updated_import_id
        FROM items i JOIN units u USING (unit_id) JOIN site_columns c USING (column_id) ORDER BY i.item_id""")
    names = [d[0] for d in rows.description]
    return [dict(zip(names, r)) for r in rows.fetchall()]


def quarantine(con: duckdb.DuckDBPyConnection, unresolved_only: bool = False) -> list[dict[str, Any]]:
    where = "WHERE resolved_import_id IS NULL" if unresolved_only else ""
    rows = con.execute(f"""SELECT import_id, file_name, sheet, row_number, kind, raw_json, reason, resolved_import_id
                           FROM quarantine {where} ORDER BY quarantine_id""")
    names = [d[0] for d in rows.description]
    return [dict(zip(names, r)) for r in rows.fetchall()]


def count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def stored_findings(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    rows = con.execute("""SELECT f.finding_id, f.finding_no, f.description, u.name AS unit, f.found_on, f.deadline,
                                 f.due_on, f.due_uses_fallback, f.status, f.rectified_on, f.rectification_note,
                                 f.review, f.import_id, f.updated_import_id
                          FROM findings f JOIN units u USING (unit_id) ORDER BY finding_id""")
    names = [d[0] for d in rows.description]
    return {r[1] or r[2]: dict(zip(names, r)) for r in rows.fetchall()}


HOSTILE_ROWS = [
    item(
        title=f"关于做好国庆期间{RARE}家村安全生产工作的通知", url="http://yjj.example.gov.cn/tzgg/1.html"
    ),  # 5 loaded
    item(unit="县应急局", title="国庆值班安排", published="2026/10/8"),  # 6 loaded
    item(unit="应急管理局", title="国庆值班安排", published="2026年10月8日"),  # 7 duplicate of row 6
    item(unit="县XX局", title="不存在的单位发的信息"),  # 8 rejected
    item(title="日期写错的信息", published="2026-13-45"),  # 9 rejected
    item(title="", published="2026-10-08"),  # 10 rejected
    item(title="没写发布日期的信息", published=""),  # 11 rejected
]
HOSTILE_REASONS = {8: "单位未登记: 县XX局", 9: "日期无法识别: 2026-13-45", 10: "缺少标题", 11: "缺少发布日期"}


def hostile_file(tmp_path: Path, fmt: str) -> Path:
    rows = [list(r) for r in HOSTILE_ROWS]
    sheet = "10月"
    if fmt in ("xlsx", "xlsm"):
        rows[0][3] = OCT8  # a real Excel date cell
        return write_xlsx(tmp_path / f"发布台账.{fmt}", {sheet: items_sheet(*rows)}, merges={sheet: ["A1:G1"]})
    if fmt == "xls":
        rows[0][3] = OCT8
        return write_xls(tmp_path / "发布台账.xls", {sheet: items_sheet(*rows)}, merges={sheet: [(0, 0, 0, 6)]})
    encoding, _, delimiter = fmt.partition("+")
    if encoding == "gbk":
        rows[0][2] = rows[0][2].replace(RARE, "吉")  # GBK cannot hold it at all
    return write_csv(
        tmp_path / f"发布台账_{fmt}.csv", items_sheet(*rows), encoding, "\t" if delimiter == "tab" else ","
    )


def previous_importer(monkeypatch: Any, kind: str, columns: tuple[str, ...]) -> None:
    """Make the importer write only `columns` of `kind`, as a previous release's importer did (its table had no
    others): how a test fills a database left at an older migration with the rows that release stored."""
    from dataclasses import replace

    from loaders import write

    spec = write.SPECS[kind]
    assert set(columns) < set(spec.value_columns), "the previous release wrote a subset of today's columns"
    monkeypatch.setitem(write.SPECS, kind, replace(spec, value_columns=columns))

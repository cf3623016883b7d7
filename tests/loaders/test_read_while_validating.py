"""An Excel ledger is validated run by run while the reader child still reads it (loaders.pipeline.Checker,
issue 9 import speed): the outcome must be exactly that of validating the whole sheet after reading it, and a
sheet checked against a registry that an earlier sheet of the same file then changed is validated again."""

from __future__ import annotations

from pathlib import Path

import duckdb

from loaders.pipeline import Checker, import_file, parse_file, write_file
from loaders.read import FIRST_CHUNK_ROWS
from loaders.registry import Registry
from tests.apphelpers import new_database
from tests.database import IMPORT_DAY, import_bytes, snapshot
from tests.ledgers import ITEMS_HEADER, UNITS_HEADER, item, items_sheet, registry_sheets, write_xlsx


def _long_ledger(folder: Path) -> Path:
    """2,600 items over two runs of rows, with a rejected row in each run and the header repeated in the second
    (a printed page's header) above a 合计 and 填表人 footer."""
    rows = [item(title=f"通知{n}", published=f"2026-10-{n % 28 + 1:02d}", url=f"http://x/{n}") for n in range(2600)]
    rows[10] = item(title="日期写错", published="2026-13-45")
    rows[FIRST_CHUNK_ROWS + 300] = item(unit="县未登记局", title="单位未登记")
    rows[FIRST_CHUNK_ROWS + 500] = ITEMS_HEADER
    return write_xlsx(folder / "发布台账.xlsx", {"发布台账": items_sheet(*rows)})


def _registered(path: Path) -> duckdb.DuckDBPyConnection:
    con = new_database(path)
    import_bytes(con, write_xlsx(path.parent / "单位名录.xlsx", registry_sheets()))
    return con


def test_a_ledger_validated_while_read_ends_as_one_validated_after_reading(tmp_path: Path) -> None:
    ledger = _long_ledger(tmp_path)
    streamed, whole = _registered(tmp_path / "a.duckdb"), _registered(tmp_path / "b.duckdb")
    parsed = parse_file(ledger.read_bytes(), ledger.name, checker=Checker.of(streamed, IMPORT_DAY))
    assert parsed.checked[0] is not None  # validated while read: the path under test was taken

    first = import_bytes(streamed, ledger)
    second = write_file(whole, parse_file(ledger.read_bytes(), ledger.name), today=IMPORT_DAY)
    assert (first.rows, first.loaded, first.rejected) == (second.rows, second.loaded, second.rejected)
    assert (first.rows, first.rejected) == (2599, 2)  # the repeated header line is no data row
    assert [(p.row_number, p.reason) for p in first.problems] == [(p.row_number, p.reason) for p in second.problems]
    assert snapshot(streamed, ("items", "quarantine")) == snapshot(whole, ("items", "quarantine"))


def test_a_sheet_checked_before_an_earlier_sheet_registered_its_unit_is_validated_again(tmp_path: Path) -> None:
    """Sheets are written in KIND_ORDER: the 单位名录 sheet registers 县新局 before the items sheet is written,
    but the items were checked while read, against the registry without it."""
    con = _registered(tmp_path / "c.duckdb")
    items = items_sheet(*[item(unit="县新局", column="新局动态", title=f"新局{n}") for n in range(1200)])
    workbook = write_xlsx(
        tmp_path / "新单位及其台账.xlsx",
        {"发布台账": items, "单位名录": [UNITS_HEADER, ["县新局", "", "县直部门", "是", 9]]},
    )
    before = Registry(con)
    parsed = parse_file(workbook.read_bytes(), workbook.name, checker=Checker.of(con, IMPORT_DAY))
    checked = next(c for (_, header), c in zip(parsed.sheets, parsed.checked) if header.kind == "items")
    assert checked is not None and checked.validated.rejected  # against `before`: 单位未登记 for every row
    assert checked.checker.registry == before

    report = import_file(con, workbook.read_bytes(), workbook.name, today=IMPORT_DAY)
    assert report.rejected == 0 and report.loaded == 1201, report.problems[:3]
    assert Registry(con) != before

"""Undo of the newest batch: loaded rows go, updated rows come back, older batches are refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from core.errors import UndoError
from loaders.batches import reprocess_quarantine, undo
from tests.database import DATA_TABLES, import_bytes, snapshot
from tests.ledgers import (
    FINDINGS_HEADER,
    ITEMS_HEADER,
    UNITS_HEADER,
    finding,
    item,
    write_csv,
    write_xlsx,
)
from tests.loaders.helpers import count, hostile_file, items, quarantine, stored_findings

# --- undo -------------------------------------------------------------------------------------------------


def test_undo_newest_batch_removes_loaded_rows_and_restores_updated_ones(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    first = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "9月.xlsx",
            {
                "S": [
                    ITEMS_HEADER,
                    item(title="原标题", url="http://x/1"),
                    item(title="不变", url="http://x/2"),
                    item(unit="县XX局"),
                ]
            },
        ),
    )
    after_first = snapshot(registry_con, with_imports=False)
    second = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "10月.xlsx",
            {
                "S": [
                    ITEMS_HEADER,
                    item(title="改后标题", url="http://x/1"),
                    item(title="不变", url="http://x/2"),
                    item(unit="教育局", column="工作动态", title="新栏目里的新信息"),
                    item(unit="县YY局"),
                ]
            },
        ),
    )
    assert (second.loaded, second.updated, second.duplicate, second.rejected) == (1, 1, 1, 1)

    undo(registry_con, second.import_id)
    assert snapshot(registry_con) == after_first
    assert [r["title"] for r in items(registry_con)] == ["原标题", "不变"]
    assert registry_con.execute(
        "SELECT status, undone_at IS NOT NULL FROM imports WHERE import_id = ?", [second.import_id]
    ).fetchone() == ("undone", True)
    assert registry_con.execute("SELECT status FROM imports WHERE import_id = ?", [first.import_id]).fetchone() == (
        "completed",
    )


def test_undoing_an_older_batch_raises_and_changes_nothing(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    first = import_bytes(registry_con, write_csv(tmp_path / "1.csv", [ITEMS_HEADER, item(title="一")]))
    second = import_bytes(registry_con, write_csv(tmp_path / "2.csv", [ITEMS_HEADER, item(title="二")]))
    before = snapshot(registry_con, with_imports=True)
    with pytest.raises(UndoError) as info:
        undo(registry_con, first.import_id)
    assert str(second.import_id) in info.value.message and info.value.hint
    assert snapshot(registry_con, with_imports=True) == before
    undo(registry_con, second.import_id)
    undo(registry_con, first.import_id)  # now it is the newest completed batch
    assert count(registry_con, "items") == 0
    with pytest.raises(UndoError):
        undo(registry_con, first.import_id)  # already undone


def test_undo_findings_update_restores_status_and_drops_its_history(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_csv(tmp_path / "1.csv", [FINDINGS_HEADER, finding()]))
    before = snapshot(registry_con)
    second = import_bytes(registry_con, write_csv(tmp_path / "2.csv", [FINDINGS_HEADER, finding(status="已整改")]))
    assert second.updated == 1
    undo(registry_con, second.import_id)
    assert snapshot(registry_con) == before
    assert stored_findings(registry_con)["WS-001"]["status"] == "未整改"


def test_undo_reprocess_batch_unresolves_its_quarantine_rows(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_csv(tmp_path / "1.csv", [ITEMS_HEADER, item(unit="县文旅局")]))
    import_bytes(
        registry_con, write_xlsx(tmp_path / "补登.xlsx", {"S": [UNITS_HEADER, ["县文旅局", "", "县直部门", "是", 9]]})
    )
    before = snapshot(registry_con)
    redo = reprocess_quarantine(registry_con)
    assert redo.loaded == 1
    undo(registry_con, redo.import_id)
    assert snapshot(registry_con) == before
    assert len(quarantine(registry_con, unresolved_only=True)) == 1


def test_undo_of_workbook_whose_sheets_update_the_same_finding_leaves_nothing(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    before = snapshot(registry_con)
    path = write_xlsx(
        tmp_path / "问题.xlsx",
        {"9月": [FINDINGS_HEADER, finding()], "10月": [FINDINGS_HEADER, finding(status="已整改")]},
    )
    report = import_bytes(registry_con, path)
    assert (report.loaded, report.updated) == (1, 1)
    undo(registry_con, report.import_id)
    assert snapshot(registry_con) == before


def test_undo_of_registry_import_removes_units_aliases_and_columns(
    con: duckdb.DuckDBPyConnection, registry_file: Path
) -> None:
    before = snapshot(con)
    report = import_bytes(con, registry_file)
    assert count(con, "unit_aliases") == 2
    undo(con, report.import_id)
    assert snapshot(con) == before


def test_reimport_after_undo_loads_again(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = hostile_file(tmp_path, "gb18030")
    first = import_bytes(registry_con, path)
    after = snapshot(registry_con)
    undo(registry_con, first.import_id)
    again = import_bytes(registry_con, path)
    assert (again.loaded, again.duplicate, again.rejected) == (first.loaded, first.duplicate, first.rejected)
    strip = {t: v for t, v in after.items() if t not in ("items", "quarantine")}
    assert {t: v for t, v in snapshot(registry_con).items() if t not in ("items", "quarantine")} == strip
    assert len(quarantine(registry_con, unresolved_only=True)) == 4


def test_snapshot_covers_every_data_table(con: duckdb.DuckDBPyConnection) -> None:
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    expected = {t for t in tables if not t.endswith("_prev") and t not in ("imports", "_migrations")}
    assert expected == set(DATA_TABLES)

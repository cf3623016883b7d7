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


# --- undo keeps staff work (README 撤销导入) ----------------------------------------------------------------


def test_undo_of_the_batch_that_created_a_marked_finding_is_refused_naming_the_mark(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from core.rectification.marks import mark_finding

    report = import_bytes(registry_con, write_csv(tmp_path / "新问题.csv", [FINDINGS_HEADER, finding()]))
    finding_id = stored_findings(registry_con)["WS-001"]["finding_id"]
    mark_finding(registry_con, finding_id, "整改中", "已电话督办", "王五")
    before = snapshot(registry_con, with_imports=True)
    with pytest.raises(UndoError) as info:
        undo(registry_con, report.import_id)
    message = info.value.message
    assert f"未撤销第 {report.import_id} 批导入" in message
    assert "问题 WS-001（县应急管理局）：王五 于 " in message and "标记为整改中" in message
    assert "导入更正后的台账" in info.value.hint
    assert snapshot(registry_con, with_imports=True) == before


def test_undo_of_the_batch_that_created_an_exempted_column_is_refused_naming_the_exemption(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from datetime import date

    from core.monitoring.exemptions import add_exemption

    report = import_bytes(
        registry_con, write_csv(tmp_path / "新栏目.csv", [ITEMS_HEADER, item(column="新开栏目", title="第一条")])
    )
    column_id = registry_con.execute("SELECT column_id FROM site_columns WHERE name = '新开栏目'").fetchone()[0]
    add_exemption(registry_con, column_id, date(2026, 10, 1), date(2026, 10, 31), "本期无新增内容", "李四")
    with pytest.raises(UndoError) as info:
        undo(registry_con, report.import_id)
    assert "栏目 县应急管理局/新开栏目：李四 登记的豁免（本期无新增内容）" in info.value.message
    assert count(registry_con, "column_exemptions") == 1 and count(registry_con, "items") == 1


def test_undo_of_the_batch_that_created_an_unmarked_finding_leaves_no_orphan_rows(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    before = snapshot(registry_con)
    report = import_bytes(registry_con, write_csv(tmp_path / "新问题.csv", [FINDINGS_HEADER, finding()]))
    undo(registry_con, report.import_id)
    assert snapshot(registry_con) == before
    orphans = registry_con.execute("""
        SELECT (SELECT count(*) FROM finding_history WHERE finding_id NOT IN (SELECT finding_id FROM findings)),
               (SELECT count(*) FROM finding_conflicts WHERE finding_id NOT IN (SELECT finding_id FROM findings)),
               (SELECT count(*) FROM column_exemptions WHERE column_id NOT IN (SELECT column_id FROM site_columns))
        """).fetchone()
    assert orphans == (0, 0, 0)


def test_undo_of_a_batch_that_updated_an_exempted_column_keeps_the_exemption_attached(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from datetime import date

    from core.monitoring.exemptions import add_exemption, exemptions
    from tests.ledgers import COLUMNS_HEADER

    column_id = registry_con.execute("SELECT column_id FROM site_columns WHERE name = '应急动态'").fetchone()[0]
    add_exemption(registry_con, column_id, date(2026, 10, 1), date(2026, 10, 31), "栏目已整合", "李四")
    changed = import_bytes(
        registry_con, write_csv(tmp_path / "栏目.csv", [COLUMNS_HEADER, ["县应急管理局", "应急动态", "动态要闻类", 3]])
    )
    assert changed.updated == 1
    undo(registry_con, changed.import_id)
    listed = exemptions(registry_con)
    assert listed[["column_name", "created_by", "active"]].values.tolist() == [["应急动态", "李四", True]]

"""Undoing an import keeps staff work on findings (README 撤销导入, issue 9): marks and conflict decisions stay the
finding's state, its timeline agrees, and later ledgers are judged against what staff decided."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from core.rectification.marks import mark_finding, open_conflicts, resolve_conflict
from core.rectification.queries import finding_timeline
from loaders.batches import undo
from tests.database import import_bytes
from tests.ledgers import FINDINGS_HEADER, finding, write_csv
from tests.loaders.helpers import stored_findings

DONE_ON = date(2026, 10, 20)


def _import(con: duckdb.DuckDBPyConnection, path: Path, **fields: str) -> int:
    report = import_bytes(con, write_csv(path, [FINDINGS_HEADER, finding(**fields)]))
    assert report.rejected == 0, report
    return report.import_id


def _state(con: duckdb.DuckDBPyConnection) -> tuple[str, date | None]:
    stored = stored_findings(con)["WS-001"]
    return stored["status"], stored["rectified_on"]


def _finding_id(con: duckdb.DuckDBPyConnection) -> int:
    return stored_findings(con)["WS-001"]["finding_id"]


def _a_b_mark_done_undo_b(con: duckdb.DuckDBPyConnection, folder: Path, **b_fields: str) -> None:
    """Import A, import B (with `b_fields`), 王五 marks the finding 已整改 by phone, undo B."""
    _import(con, folder / "A.csv")
    b = _import(con, folder / "B.csv", **b_fields)
    mark_finding(con, _finding_id(con), "已整改", "电话核实", "王五", DONE_ON)
    undo(con, b)


def test_undo_of_the_batch_before_a_mark_keeps_the_mark_and_its_timeline(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    _a_b_mark_done_undo_b(registry_con, tmp_path, status="整改中")

    assert _state(registry_con) == ("已整改", DONE_ON)
    timeline = finding_timeline(registry_con, _finding_id(registry_con))
    assert list(timeline["source"]) == ["import", "user"]  # B's entry went with B
    last = timeline.iloc[-1]
    assert (last["new_status"], last["changed_by"], last["note"]) == ("已整改", "王五", "电话核实")


def test_after_undo_a_ledger_agreeing_with_the_mark_is_no_conflict(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    _a_b_mark_done_undo_b(registry_con, tmp_path, status="整改中")

    _import(registry_con, tmp_path / "C.csv", status="已整改", rectified="2026-10-20")

    assert open_conflicts(registry_con).empty
    assert _state(registry_con) == ("已整改", DONE_ON)


def test_after_undo_a_ledger_disagreeing_with_the_mark_is_still_held_as_a_conflict(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    _a_b_mark_done_undo_b(registry_con, tmp_path, desc="工作动态栏目超过三周未更新")  # content only
    assert _state(registry_con) == ("已整改", DONE_ON)
    assert stored_findings(registry_con)["WS-001"]["description"] == "工作动态栏目超过两周未更新"

    _import(registry_con, tmp_path / "C.csv", status="整改中")

    conflicts = open_conflicts(registry_con)
    assert conflicts[["kept_status", "ledger_status"]].values.tolist() == [["已整改", "整改中"]]
    assert _state(registry_con) == ("已整改", DONE_ON)


def test_undo_of_a_batch_after_the_mark_keeps_the_mark(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    _import(registry_con, tmp_path / "A.csv")
    mark_finding(registry_con, _finding_id(registry_con), "已整改", "电话核实", "王五", DONE_ON)
    b = _import(registry_con, tmp_path / "B.csv", status="整改中", desc="改了描述")  # held: becomes a conflict
    assert len(open_conflicts(registry_con)) == 1

    undo(registry_con, b)

    assert open_conflicts(registry_con).empty  # nobody decided it; the ledger row that raised it is gone
    assert _state(registry_con) == ("已整改", DONE_ON)
    assert finding_timeline(registry_con, _finding_id(registry_con)).iloc[-1]["source"] == "user"


def test_undo_keeps_a_conflict_decision_and_the_status_it_chose(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    _import(registry_con, tmp_path / "A.csv")
    mark_finding(registry_con, _finding_id(registry_con), "已整改", "电话核实", "王五", DONE_ON)
    b = _import(registry_con, tmp_path / "B.csv", status="整改中", desc="改了描述")
    conflict_id = int(open_conflicts(registry_con)["conflict_id"].iloc[0])
    resolve_conflict(registry_con, conflict_id, take_ledger=True, resolved_by="赵六")
    assert _state(registry_con) == ("整改中", None)

    undo(registry_con, b)

    assert _state(registry_con) == ("整改中", None)  # what 赵六 decided, as the timeline's last entry says
    timeline = finding_timeline(registry_con, _finding_id(registry_con))
    assert (timeline.iloc[-1]["source"], timeline.iloc[-1]["changed_by"]) == ("user-release", "赵六")
    decided = registry_con.execute(
        "SELECT resolved_by, resolution FROM finding_conflicts WHERE conflict_id = ?", [conflict_id]
    ).fetchall()
    assert decided == [("赵六", "采用台账状态")]


def test_every_finding_state_equals_its_last_staff_entry_after_undo(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    _import(registry_con, tmp_path / "A.csv")
    b = _import(registry_con, tmp_path / "B.csv", status="已整改", rectified="2026-10-10")
    mark_finding(registry_con, _finding_id(registry_con), "整改中", "复核未通过", "王五")
    undo(registry_con, b)
    mismatched = registry_con.execute("""
        SELECT f.finding_id FROM findings f JOIN (
            SELECT finding_id, new_status, rectified_on, source FROM finding_history
            QUALIFY row_number() OVER (PARTITION BY finding_id ORDER BY history_id DESC) = 1) h USING (finding_id)
        WHERE h.source <> 'import'
          AND (f.status IS DISTINCT FROM h.new_status OR f.rectified_on IS DISTINCT FROM h.rectified_on)""").fetchall()
    assert mismatched == []
    assert _state(registry_con) == ("整改中", None)

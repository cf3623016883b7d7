"""Quarantined rows keep where they came from, and are reprocessed once the registry knows them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb

from loaders.batches import reprocess_quarantine, undo
from tests.database import assert_invariant, import_bytes, snapshot
from tests.ledgers import (
    FINDINGS_HEADER,
    ITEMS_HEADER,
    REQUESTS_HEADER,
    UNITS_HEADER,
    finding,
    item,
    items_sheet,
    request,
    write_csv,
    write_xls,
    write_xlsx,
)
from tests.loaders.helpers import OCT8, count, items, quarantine, stored_findings

# --- quarantine and reprocessing --------------------------------------------------------------------------


def test_quarantine_row_keeps_file_sheet_row_raw_values_and_reason(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "应急局10月.xlsx",
        {"十月台账": items_sheet(item(unit="县XX局", title="关于（国庆）值班", published=OCT8, doc="X〔2026〕1号"))},
    )
    report = import_bytes(registry_con, path)
    [q] = quarantine(registry_con)
    assert (q["import_id"], q["file_name"], q["sheet"], q["row_number"], q["kind"], q["reason"]) == (
        report.import_id,
        "应急局10月.xlsx",
        "十月台账",
        5,
        "items",
        "单位未登记: 县XX局",
    )
    raw = json.loads(q["raw_json"])
    assert raw == {
        "单位": "县XX局",
        "栏目": "通知公告",
        "标题": "关于（国庆）值班",
        "发布日期": "2026-10-08",
        "文号": "X〔2026〕1号",
    }


def test_reprocess_after_registering_missing_unit_loads_row_and_second_run_does_nothing(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    report = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "台账.xlsx",
            {
                "S": items_sheet(
                    item(unit="县文旅局", column="工作动态", title="国庆旅游接待情况", published=OCT8),
                    item(unit="文旅局", column="工作动态", title="景区安全检查", published="2026年10月9日"),
                    item(unit="县文旅局", title="坏日期", published="2026-13-45"),
                    item(title="已登记单位的信息"),
                )
            },
        ),
    )
    assert (report.loaded, report.rejected) == (1, 3)
    import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "补登.xlsx",
            {"单位名录": [UNITS_HEADER, ["县文化和旅游局", "县文旅局、文旅局", "县直部门", "是", 9]]},
        ),
    )

    redo = reprocess_quarantine(registry_con)
    assert (redo.rows, redo.loaded, redo.rejected) == (3, 2, 1)
    assert_invariant(redo)
    loaded = {r["title"]: r for r in items(registry_con) if r["unit"] == "县文化和旅游局"}
    assert set(loaded) == {"国庆旅游接待情况", "景区安全检查"}
    assert {r["published_on"] for r in loaded.values()} == {OCT8, date(2026, 10, 9)} - {None}
    assert loaded["景区安全检查"]["published_on"] == date(2026, 10, 9)
    q = quarantine(registry_con)
    assert [(r["row_number"], r["resolved_import_id"]) for r in q] == [
        (5, redo.import_id),
        (6, redo.import_id),
        (7, None),
    ]
    assert q[2]["reason"] == "日期无法识别: 2026-13-45"

    before = snapshot(registry_con)
    again = reprocess_quarantine(registry_con)  # only the bad-date row is still pending; it fails again
    assert (again.rows, again.loaded, again.updated, again.duplicate, again.rejected) == (1, 0, 0, 0, 1)
    assert snapshot(registry_con) == before


def test_reprocess_resolves_rows_from_files_with_different_header_names(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_csv(tmp_path / "a.csv", [ITEMS_HEADER, item(unit="县文旅局", title="甲")]))
    other = ["发布单位", "所属栏目", "信息标题", "公开日期"]
    import_bytes(registry_con, write_csv(tmp_path / "b.csv", [other, ["县文旅局", "通知公告", "乙", "2026-10-08"]]))
    import_bytes(
        registry_con, write_xlsx(tmp_path / "补登.xlsx", {"S": [UNITS_HEADER, ["县文旅局", "", "县直部门", "是", 9]]})
    )
    redo = reprocess_quarantine(registry_con)
    assert (redo.loaded, redo.rejected) == (2, 0)
    assert quarantine(registry_con, unresolved_only=True) == []


def test_two_row_header_without_vertical_merge_keeps_header_texts_in_quarantine(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ["单位", "栏目", "信息情况", ""],
        ["", "", "标题", "发布日期"],
        ["县文旅局", "通知公告", "两行表头", "2026-10-08"],
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "a.xlsx", {"S": rows}, merges={"S": ["C1:D1"]}))
    assert report.rejected == 1
    raw = json.loads(quarantine(registry_con)[0]["raw_json"])
    assert raw == {"单位": "县文旅局", "栏目": "通知公告", "标题": "两行表头", "发布日期": "2026-10-08"}
    import_bytes(
        registry_con, write_xlsx(tmp_path / "补登.xlsx", {"S": [UNITS_HEADER, ["县文旅局", "", "县直部门", "是", 9]]})
    )
    assert reprocess_quarantine(registry_con).loaded == 1


def test_reprocess_of_findings_and_requests_uses_their_kind(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_xls(tmp_path / "f.xls", {"S": [FINDINGS_HEADER, finding(unit="县文旅局")]}))
    import_bytes(registry_con, write_csv(tmp_path / "r.csv", [REQUESTS_HEADER, request(unit="县文旅局")], "gbk"))
    assert len(quarantine(registry_con, unresolved_only=True)) == 2
    import_bytes(
        registry_con, write_xlsx(tmp_path / "补登.xlsx", {"S": [UNITS_HEADER, ["县文旅局", "", "县直部门", "是", 9]]})
    )
    redo = reprocess_quarantine(registry_con)
    assert (redo.loaded, redo.rejected) == (2, 0)
    f = stored_findings(registry_con)["WS-001"]
    # a counted 整改时限 is stored as text and dated on read (issue 10; 10个工作日 from 09-28 → 10-16)
    assert (f["unit"], f["deadline"], f["due_on"]) == ("县文旅局", "10个工作日", None)
    assert registry_con.execute("SELECT import_id FROM finding_history").fetchall() == [(redo.import_id,)]
    assert count(registry_con, "requests") == 1


def test_reprocess_with_nothing_pending_leaves_last_import_undoable(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    report = import_bytes(registry_con, write_csv(tmp_path / "a.csv", [ITEMS_HEADER, item()]))
    reprocess_quarantine(registry_con)
    undo(registry_con, report.import_id)
    assert count(registry_con, "items") == 0

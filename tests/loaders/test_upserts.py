"""Row outcomes across files: duplicates, updates, and a re-import that changes nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.database import assert_invariant, import_bytes, outcomes, snapshot
from tests.ledgers import (
    FINDINGS_HEADER,
    ITEMS_HEADER,
    REQUESTS_HEADER,
    finding,
    item,
    registry_sheets,
    request,
    write_csv,
    write_xls,
    write_xlsx,
)
from tests.loaders.helpers import count, hostile_file, items

# --- duplicates, updates, re-import -----------------------------------------------------------------------


def test_duplicate_inside_the_same_file_is_counted_once(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ITEMS_HEADER,
        item(title="甲", url="http://x/1"),
        item(title="甲", url="http://x/1"),
        item(title="乙"),
        item(unit="应急局", title="乙", published="2026年10月8日"),
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "重复.xlsx", {"S": rows}))
    assert outcomes(report) == (2, 0, 2, {})
    assert count(registry_con, "items") == 2


def test_same_url_with_changed_title_in_later_file_is_updated(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    first = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "9月.xlsx",
            {
                "S": [
                    ITEMS_HEADER,
                    item(title="关于国庆放假的通知", url="http://x/1"),
                    item(title="不变", url="http://x/2"),
                ]
            },
        ),
    )
    second = import_bytes(
        registry_con,
        write_csv(
            tmp_path / "10月.csv",
            [
                ITEMS_HEADER,
                item(title="关于2026年国庆节放假安排的通知", url="http://x/1"),
                item(title="不变", url="http://x/2"),
                item(title="新的", url="http://x/3"),
            ],
            "gbk",
        ),
    )
    assert outcomes(second) == (1, 1, 1, {})  # x/1 updated, x/2 duplicate, x/3 loaded
    stored = {r["url"]: r for r in items(registry_con)}
    assert len(stored) == 3
    assert stored["http://x/1"]["title"] == "关于2026年国庆节放假安排的通知"
    assert stored["http://x/1"]["import_id"] == first.import_id
    assert stored["http://x/1"]["updated_import_id"] == second.import_id
    assert stored["http://x/2"]["updated_import_id"] is None
    assert registry_con.execute("SELECT title, replaced_by_import FROM items_prev").fetchall() == [
        ("关于国庆放假的通知", second.import_id)
    ]


def _all_kinds_files(tmp_path: Path) -> list[Path]:
    """A registry, an items ledger, a findings ledger and a requests ledger, each with some rejected rows."""
    return [
        write_xlsx(
            tmp_path / "名录.xlsx",
            registry_sheets(
                units=[
                    ["县应急管理局", "县应急局、应急局", "县直部门", "是", 1],
                    ["县教育局", "", "县直部门", "", 2],
                    ["桥头镇", "", "乡镇", "是", 3],
                    ["城关街道", "", "街道", "是", 4],
                    ["县气象局", "", "垂管单位", "否", 5],
                    ["县坏类型局", "", "事业单位", "是", 6],
                ]
            ),
        ),
        hostile_file(tmp_path, "xlsx"),
        write_xls(
            tmp_path / "问题清单.xls",
            {
                "问题": [
                    ["网上巡查问题清单"],
                    FINDINGS_HEADER,
                    finding(),
                    finding(no="WS-002", unit="县XX局"),
                    finding(no="", desc="没有编号的问题", deadline="15天"),
                ]
            },
        ),
        write_csv(
            tmp_path / "依申请.csv",
            [REQUESTS_HEADER, request(), request(no="YSQ-2026-002", received="2026-13-45")],
            "gb18030",
        ),
    ]


def test_reimporting_the_same_files_changes_nothing(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    files = _all_kinds_files(tmp_path)
    first = [import_bytes(con, p) for p in files]
    assert [r.rejected for r in first] == [1, 4, 1, 1]
    assert all(r.loaded > 0 for r in first)
    before = snapshot(con)
    again = [import_bytes(con, p) for p in files]
    assert snapshot(con) == before
    assert count(con, "quarantine") == 7
    for old, new in zip(first, again):
        assert_invariant(new)
        assert (new.rows, new.loaded, new.updated, new.rejected) == (old.rows, 0, 0, old.rejected)
        assert new.duplicate == old.loaded + old.duplicate

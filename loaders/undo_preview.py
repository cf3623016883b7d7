"""What undoing a batch would change, counted before anyone confirms it (issue 12 item 7).

Never imports streamlit. Counts the same rows `write.undo_import` deletes and restores, table by table.
"""

from dataclasses import dataclass

import duckdb

from core.storage.db import fetch_rows, fetch_value
from loaders.write import _UPSERT_TABLES

TABLE_LABELS = {
    "units": "单位",
    "site_columns": "栏目",
    "items": "发布信息",
    "findings": "整改问题",
    "requests": "依申请公开",
    "annual_report_cells": "年度报告数据",
}


@dataclass(frozen=True)
class UndoPreview:
    import_id: int
    file_name: str
    started_at: str
    removed: dict[str, int]  # table label → rows the batch added (deleted by the undo)
    restored: dict[str, int]  # table label → rows the batch changed (their earlier version comes back)
    aliases: int
    quarantined: int  # quarantine rows of the batch (deleted)
    unresolved_again: int  # rows the batch took out of the quarantine (they go back)

    def lines(self) -> list[str]:
        """One Chinese sentence per change, for the confirmation box."""
        out = [f"{label}：删除该批新增的 {n} 条" for label, n in self.removed.items() if n]
        out += [f"{label}：{n} 条恢复为导入前的版本" for label, n in self.restored.items() if n]
        if self.aliases:
            out.append(f"单位别名：删除该批登记的 {self.aliases} 个")
        if self.quarantined:
            out.append(f"隔离区：删除该批隔离的 {self.quarantined} 行")
        if self.unresolved_again:
            out.append(f"隔离区：该批重新处理导入的 {self.unresolved_again} 行退回隔离区")
        return out or ["该批没有写入任何数据（只把批次标为已撤销）"]


def undo_preview(con: duckdb.DuckDBPyConnection, import_id: int) -> UndoPreview:
    """The counts of what `undo` of this batch would delete and restore (nothing is changed)."""
    file_name, started = fetch_rows(
        con, "SELECT file_name, strftime(started_at, '%Y-%m-%d %H:%M') FROM imports WHERE import_id = ?", [import_id]
    )[0]
    removed: dict[str, int] = {}
    restored: dict[str, int] = {}
    for table in _UPSERT_TABLES:
        touched = fetch_value(
            con, f"SELECT count(*) FROM {table} WHERE import_id = ? OR updated_import_id = ?", [import_id, import_id]
        )
        back = fetch_value(con, f"SELECT count(*) FROM {table}_prev WHERE replaced_by_import = ?", [import_id])
        label = TABLE_LABELS.get(table, table)
        removed[label] = max(int(touched) - int(back), 0)
        restored[label] = int(back)
    return UndoPreview(
        import_id,
        file_name,
        started or "—",
        removed,
        restored,
        int(fetch_value(con, "SELECT count(*) FROM unit_aliases WHERE import_id = ?", [import_id])),
        int(fetch_value(con, "SELECT count(*) FROM quarantine WHERE import_id = ?", [import_id])),
        int(fetch_value(con, "SELECT count(*) FROM quarantine WHERE resolved_import_id = ?", [import_id])),
    )

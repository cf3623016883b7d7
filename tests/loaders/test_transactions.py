"""One file, one transaction: a crash mid-file or a refused file leaves the database as it was."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import loaders.write
from core.errors import LedgerFormatError
from tests.database import import_bytes, snapshot
from tests.ledgers import (
    ITEMS_HEADER,
    UNITS_HEADER,
    csv_bytes,
    item,
    items_sheet,
    write_csv,
    write_xlsx,
)

# --- transactions -----------------------------------------------------------------------------------------


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, name: str, n: int) -> None:
    real = getattr(loaders.write, name)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise RuntimeError(f"simulated crash in {name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(loaders.write, name, failing)


@pytest.mark.parametrize("target,n", [("upsert", 2), ("quarantine", 2), ("finish_import", 1), ("add_aliases", 1)])
def test_crash_mid_file_leaves_database_as_before(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, n: int
) -> None:
    import_bytes(
        registry_con,
        write_csv(tmp_path / "old.csv", [ITEMS_HEADER, item(title="旧", url="http://x/1"), item(unit="县XX局")]),
    )
    before = snapshot(registry_con, with_imports=True)
    sheets = {
        "单位": [UNITS_HEADER, ["县文旅局", "文旅局", "县直部门", "是", 9]],
        "9月": items_sheet(
            item(title="新标题", url="http://x/1"), item(unit="县YY局"), item(unit="县文旅局", column="工作动态")
        ),
        "10月": items_sheet(item(title="十月"), item(unit="县ZZ局")),
    }
    path = write_xlsx(tmp_path / "崩溃.xlsx", sheets)
    _fail_on_call(monkeypatch, target, n)
    with pytest.raises(RuntimeError, match="simulated crash"):
        import_bytes(registry_con, path)
    assert snapshot(registry_con, with_imports=True) == before
    assert registry_con.execute("SELECT count(*) FROM imports WHERE file_name = '崩溃.xlsx'").fetchone() == (0,)
    monkeypatch.undo()
    report = import_bytes(registry_con, path)  # the connection is still usable and the file imports fine
    assert (report.loaded, report.updated, report.rejected) == (3, 1, 2)


def test_refused_files_write_nothing(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    before = snapshot(registry_con, with_imports=True)
    bad = {
        "截图.xlsx": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32,
        "空.xlsx": b"",
        "空.csv": b"",
        "说明.xlsx": "请各单位于每月5日前报送台账。".encode(),
        "无表头.csv": csv_bytes([["XX县台账"], ["姓名", "电话"], ["张三", "13800000000"]], "gbk"),
        "只有标题.csv": csv_bytes([["XX县政府信息公开发布台账(2026年10月)"], ["填报单位:县应急管理局"]]),
    }
    for name, data in bad.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(LedgerFormatError) as info:
            import_bytes(registry_con, path)
        assert name in info.value.message
    assert snapshot(registry_con, with_imports=True) == before

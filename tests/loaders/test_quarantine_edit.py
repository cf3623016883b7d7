"""A liaison's upload limited to his units, and the quarantine corrected by staff and reprocessed — real files through
the real loader into a real DuckDB file; the audited wrappers as a liaison and as the office."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from core.accounts.identity import PermissionDeniedError, User
from core.accounts.vocabulary import CORRECT_QUARANTINE, IMPORT_FILE, LIAISON, OFFICE
from loaders.audited import correct_as, reprocess_as, undo_as, write_file_as
from loaders.batches import reprocess_quarantine, undo
from loaders.history import import_history
from loaders.pipeline import import_file, parse_file
from loaders.quarantine_edit import (
    Corrections,
    QuarantineEditError,
    correct_and_reprocess,
    quarantine_table,
    row_cells,
)
from loaders.undo_preview import undo_preview
from loaders.unit_scope import OutsideScopeError
from tests.database import IMPORT_DAY, import_bytes, snapshot
from tests.ledgers import FINDINGS_HEADER, ITEMS_HEADER, UNITS_HEADER, finding, item, write_xlsx
from tests.loaders.helpers import count, items, quarantine


def _unit(con: duckdb.DuckDBPyConnection, name: str) -> int:
    return con.execute("SELECT unit_id FROM units WHERE name = ?", [name]).fetchone()[0]


def _liaison(con: duckdb.DuckDBPyConnection, *units: str) -> User:
    return User(7, "jyj01", "李四", LIAISON, tuple(_unit(con, u) for u in units))


OFFICE_USER = User(8, "bgs01", "王五", OFFICE)


def _mixed_ledger(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "教育局10月.xlsx",
        {
            "S": [
                ITEMS_HEADER,
                item(unit="县教育局", column="教育动态", title="秋季开学工作", url="http://j/1"),  # 2 loaded
                item(unit="县应急管理局", title="别人家的通知", url="http://y/1"),  # 3 another unit
                item(unit="县教体局", column="教育动态", title="简称写错的单位", url="http://j/2"),  # 4 unknown
                item(unit="县教育局", column="新栏目", title="未登记栏目", url="http://j/3"),  # 5 loaded
            ]
        },
    )


def test_liaison_upload_writes_his_rows_and_quarantines_others_with_a_chinese_reason(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    con = registry_con
    liaison = _liaison(con, "县教育局")
    path = _mixed_ledger(tmp_path)
    columns_before = count(con, "site_columns")
    report = write_file_as(con, liaison, parse_file(path.read_bytes(), path.name))

    assert (report.loaded, report.rejected) == (2, 2)
    assert sorted(r["title"] for r in items(con)) == ["未登记栏目", "秋季开学工作"]
    reasons = {q["row_number"]: q["reason"] for q in quarantine(con)}
    assert reasons[3].startswith("该行单位为县应急管理局，不属于您负责的单位（县教育局）")
    assert reasons[4] == "单位未登记: 县教体局"
    # the unregistered column of his own unit is registered; nothing of the other unit is
    assert count(con, "site_columns") == columns_before + 1
    batch = import_history(con, uploaded_by="jyj01").iloc[0]
    assert batch["import_id"] == report.import_id and batch["uploaded_by"] == "jyj01"
    entry = con.execute("SELECT login, role, action, after FROM audit_log ORDER BY entry_id DESC LIMIT 1").fetchone()
    assert entry[:3] == ("jyj01", LIAISON, IMPORT_FILE) and f"批次 {report.import_id}" in entry[3]


def test_office_upload_of_the_same_file_has_no_unit_limit(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = _mixed_ledger(tmp_path)
    report = write_file_as(registry_con, OFFICE_USER, parse_file(path.read_bytes(), path.name))
    assert (report.loaded, report.rejected) == (3, 1)


def test_liaison_cannot_load_the_unit_registry_or_another_units_findings(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    con = registry_con
    limit = frozenset({_unit(con, "县教育局")})
    before = snapshot(con, ("units", "unit_aliases", "findings"))
    names = write_xlsx(tmp_path / "名录.xlsx", {"S": [UNITS_HEADER, ["县教育局", "教体局", "县直部门", "是", 2]]})
    registry = import_file(con, names.read_bytes(), names.name, today=IMPORT_DAY, allowed_units=limit)
    assert registry.loaded == 0 and registry.problems[0].reason.startswith("单位名录只能由政务公开办导入")
    ledger = write_xlsx(
        tmp_path / "问题.xlsx",
        {"S": [FINDINGS_HEADER, finding(no="F-1", unit="县教育局"), finding(no="F-2", unit="桥头镇")]},
    )
    findings = import_file(con, ledger.read_bytes(), ledger.name, today=IMPORT_DAY, allowed_units=limit)
    assert (findings.loaded, findings.rejected) == (1, 1)
    after = snapshot(con, ("units", "unit_aliases"))
    assert after["units"] == before["units"] and after["unit_aliases"] == before["unit_aliases"]
    stored = con.execute("SELECT finding_no FROM findings").fetchall()
    assert stored == [("F-1",)]


def test_reprocess_by_the_office_keeps_a_liaisons_row_of_another_unit_out(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    con = registry_con
    path = _mixed_ledger(tmp_path)
    write_file_as(con, _liaison(con, "县教育局"), parse_file(path.read_bytes(), path.name))
    report = reprocess_as(con, OFFICE_USER)
    assert report.loaded == 0 and report.rejected == 2
    assert "别人家的通知" not in [r["title"] for r in items(con)]


def test_liaison_may_not_undo_or_reprocess_or_correct(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    con = registry_con
    liaison = _liaison(con, "县教育局")
    path = _mixed_ledger(tmp_path)
    report = write_file_as(con, liaison, parse_file(path.read_bytes(), path.name))
    before = snapshot(con, ("items", "quarantine", "unit_aliases"))
    qid = int(quarantine_table(con)["quarantine_id"].iloc[0])
    for attempt in (
        lambda: undo_as(con, liaison, report.batch),
        lambda: reprocess_as(con, liaison),
        lambda: correct_as(con, liaison, Corrections(values={qid: {"标题": "改"}})),
    ):
        with pytest.raises(PermissionDeniedError):
            attempt()
    assert snapshot(con, ("items", "quarantine", "unit_aliases")) == before
    failures = con.execute("SELECT count(*) FROM audit_log WHERE login = 'jyj01' AND outcome = '失败'").fetchone()[0]
    assert failures == 3


def test_annual_report_of_another_unit_is_refused_whole(registry_con: duckdb.DuckDBPyConnection) -> None:
    sample = Path(__file__).parents[2] / "data" / "samples"
    report_file = next(p for p in sorted(sample.iterdir()) if "年度报告" in p.name)
    con = registry_con
    before = snapshot(con, ("annual_report_cells", "quarantine"))
    limit = frozenset({_unit(con, "桥头镇")})
    with pytest.raises(OutsideScopeError, match="年度报告的单位为"):
        import_file(con, report_file.read_bytes(), report_file.name, today=IMPORT_DAY, allowed_units=limit)
    assert snapshot(con, ("annual_report_cells", "quarantine")) == before


# --- the quarantine editor ---------------------------------------------------------------------------------


def _bad_ledger(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import_bytes(
        con,
        write_xlsx(
            tmp_path / "应急局10月.xlsx",
            {
                "S": [
                    ITEMS_HEADER,
                    item(title="好的一行", url="http://y/1"),  # 2 loaded
                    item(title="日期写错", published="2026-13-45", url="http://y/2"),  # 3
                    item(unit="县应急管理局（应急办）", title="单位写法不同", url="http://y/3"),  # 4
                    item(title="", url="http://y/4"),  # 5 缺少标题
                ]
            },
        ),
    )


def _qid(con: duckdb.DuckDBPyConnection, row_number: int) -> int:
    return con.execute("SELECT quarantine_id FROM quarantine WHERE row_number = ?", [row_number]).fetchone()[0]


def test_each_quarantined_row_shows_the_reason_next_to_the_cell_at_fault(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    _bad_ledger(registry_con, tmp_path)
    table = quarantine_table(registry_con).set_index("row_number")
    assert table.loc[3, "fault"] == "发布日期" and table.loc[4, "fault"] == "单位" and table.loc[5, "fault"] == "标题"
    row = table.loc[3]
    cells = row_cells(row["kind"], row["raw_json"], row["reason"]).set_index("列")
    assert cells.loc["发布日期", "值"] == "2026-13-45"
    assert cells.loc["发布日期", "问题"] == "日期无法识别: 2026-13-45"
    assert (cells.drop(index="发布日期")["问题"] == "").all()
    blank = table.loc[5]
    cells = row_cells(blank["kind"], blank["raw_json"], blank["reason"]).set_index("列")
    assert cells.loc["标题", "值"] == "" and cells.loc["标题", "问题"] == "缺少标题"  # a blank cell can be filled


def test_correct_values_and_map_a_unit_then_reprocess_in_one_batch(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    con = registry_con
    _bad_ledger(con, tmp_path)
    unit = _unit(con, "县应急管理局")
    corrections = Corrections(
        values={_qid(con, 3): {"发布日期": "2026-10-13"}, _qid(con, 5): {"标题": "补上的标题"}},
        aliases={"县应急管理局（应急办）": unit},
    )
    report = correct_as(con, OFFICE_USER, corrections)

    assert (report.loaded, report.rejected) == (3, 0)
    titles = {r["title"]: r for r in items(con)}
    assert str(titles["日期写错"]["published_on"]) == "2026-10-13" and "补上的标题" in titles
    assert titles["单位写法不同"]["unit"] == "县应急管理局"
    alias = con.execute("SELECT unit_id, import_id FROM unit_aliases WHERE alias = '县应急管理局(应急办)'").fetchone()
    assert alias == (unit, report.import_id)
    edits = con.execute("SELECT field, before, after, edited_by, import_id FROM quarantine_edits ORDER BY 1").fetchall()
    assert edits == [
        ("发布日期", "2026-13-45", "2026-10-13", "bgs01", report.import_id),
        ("标题", None, "补上的标题", "bgs01", report.import_id),
    ]
    batch = import_history(con).iloc[0]
    assert batch["file_name"] == "隔离区更正后重新处理"
    assert batch["note"] == "bgs01：更正 2 处；新增单位别名 县应急管理局(应急办)→县应急管理局"
    audit = con.execute("SELECT login, action, before, after FROM audit_log ORDER BY entry_id DESC LIMIT 1").fetchone()
    assert audit[:2] == ("bgs01", CORRECT_QUARANTINE) and "2026-10-13" in audit[2] and "更正 2 处" in audit[3]


def test_undo_of_the_corrected_batch_returns_rows_and_keeps_the_corrections(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    con = registry_con
    _bad_ledger(con, tmp_path)
    qid = _qid(con, 3)
    report = correct_and_reprocess(con, Corrections(values={qid: {"发布日期": "2026-10-13"}}), "bgs01")
    preview = undo_preview(con, report.batch)
    assert preview.removed["发布信息"] == 1 and preview.unresolved_again == 1
    undo(con, report.batch)
    assert [r["title"] for r in items(con)] == ["好的一行"]
    raw = json.loads(con.execute("SELECT raw_json FROM quarantine WHERE quarantine_id = ?", [qid]).fetchone()[0])
    assert raw["发布日期"] == "2026-10-13"  # staff's correction survives; reprocess brings the row in again
    assert reprocess_quarantine(con).loaded == 1


@pytest.mark.parametrize(
    ("corrections", "message"),
    [
        (Corrections(), "没有需要保存的更正"),
        (Corrections(values={9999: {"标题": "x"}}), "隔离行 9999 不存在"),
        (Corrections(aliases={"县应急局": -1}), "单位编号 -1 不存在"),
    ],
)
def test_refused_corrections_write_nothing(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path, corrections: Corrections, message: str
) -> None:
    _bad_ledger(registry_con, tmp_path)
    before = snapshot(registry_con, with_imports=True)
    with pytest.raises(QuarantineEditError, match=message):
        correct_and_reprocess(registry_con, corrections, "bgs01")
    assert snapshot(registry_con, with_imports=True) == before


def test_an_alias_already_naming_another_unit_is_refused(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    _bad_ledger(registry_con, tmp_path)
    before = snapshot(registry_con, with_imports=True)
    with pytest.raises(QuarantineEditError, match="“县应急局”已是县应急管理局的名称或别名"):
        correct_and_reprocess(registry_con, Corrections(aliases={"县应急局": _unit(registry_con, "桥头镇")}), "x")
    assert snapshot(registry_con, with_imports=True) == before


def test_undo_preview_counts_what_undo_deletes_and_restores(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    con = registry_con
    first = write_xlsx(tmp_path / "a.xlsx", {"S": [ITEMS_HEADER, item(title="原标题", url="http://x/1")]})
    import_bytes(con, first)
    second = write_xlsx(
        tmp_path / "b.xlsx",
        {"S": [ITEMS_HEADER, item(title="新标题", url="http://x/1"), item(title="另一条", url="http://x/2")]},
    )
    report = import_bytes(con, second)
    preview = undo_preview(con, report.batch)
    assert preview.file_name == "b.xlsx"
    assert (preview.removed["发布信息"], preview.restored["发布信息"]) == (1, 1)
    assert preview.lines() == ["发布信息：删除该批新增的 1 条", "发布信息：1 条恢复为导入前的版本"]
    undo(con, report.batch)
    assert [r["title"] for r in items(con)] == ["原标题"]

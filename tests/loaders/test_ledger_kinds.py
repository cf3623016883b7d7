"""Findings, requests, the registry and unregistered columns, each by its own keys and rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from core.calendar.workdays import load_calendar
from core.rectification.queries import findings
from core.rectification.rules import judge_findings
from core.storage.scope import UnitScope
from loaders.pipeline import import_file
from tests.database import import_bytes, outcomes, snapshot
from tests.ledgers import (
    FINDINGS_HEADER,
    ITEMS_HEADER,
    REQUESTS_HEADER,
    UNITS_HEADER,
    finding,
    item,
    request,
    write_csv,
    write_xlsx,
)
from tests.loaders.helpers import OCT8, count, items, quarantine, stored_findings

# --- findings ---------------------------------------------------------------------------------------------


def judged_due_dates(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[date, bool]]:
    """finding_no → (due date, estimated) as the pages judge them, on the calendar in force."""
    judged = judge_findings(findings(con, UnitScope(assessed_only=False)), date(2027, 12, 31), load_calendar())
    return {r.finding_no: (r.due_on, r.due_uses_fallback) for r in judged.itertuples()}


def test_finding_deadlines_in_working_days_calendar_days_and_dates(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # From Mon 2026-09-28 (not counted): 9/29=1, 9/30=2, 10/1-10/7 国庆, 10/8=3, 10/9=4, Sat 10/10 调休=5,
    # 10/12..10/16 = 6..10  →  due Fri 2026-10-16.
    rows = [
        FINDINGS_HEADER,
        finding(no="F1", deadline="10个工作日"),
        finding(no="F2", deadline="15天"),
        finding(no="F3", deadline="2026-11-30"),
        finding(no="F4", deadline=date(2026, 11, 30)),
        finding(no="F5", deadline="尽快"),
        finding(no="F6", deadline=""),
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "问题.xlsx", {"S": rows}))
    assert outcomes(report) == (4, 0, 0, {6: "整改期限无法识别: 尽快", 7: "缺少整改期限"})
    f = stored_findings(registry_con)
    # issue 10: counted limits are stored as text and dated on read (core.rectification.rules); a date is kept
    assert f["F1"]["due_on"] is None and f["F1"]["deadline"] == "10个工作日"
    assert f["F3"]["due_on"] == date(2026, 11, 30) and f["F4"]["due_on"] == date(2026, 11, 30)
    due = judged_due_dates(registry_con)
    assert due["F1"] == (date(2026, 10, 16), False) and due["F2"] == (date(2026, 10, 13), False)
    assert due["F3"] == due["F4"] == (date(2026, 11, 30), False)
    assert all(x["status"] == "未整改" for x in f.values())


def test_working_day_deadline_in_a_year_without_official_holidays_is_flagged_as_estimate(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # 2027 has no official calendar yet (holidays.csv covers 2026): Mon–Fri is assumed and the due date flagged.
    rows = [
        FINDINGS_HEADER,
        finding(no="F2027", found="2027-03-01", deadline="10个工作日"),
        finding(no="F2026", found="2026-12-14", deadline="10个工作日"),
    ]
    path = write_csv(tmp_path / "f.csv", rows)  # imported on a day when a 2027 发现日期 is plausible (issue 9)
    import_file(registry_con, path.read_bytes(), path.name, today=date(2027, 3, 20))
    # F2027 from Mon 03-01: 03-02..05 (4), 03-08..12 (9), 03-15 (10); F2026 from 12-14: 12-15..18 (4), 21..25 (9), 28
    due = judged_due_dates(registry_con)
    assert due["F2027"] == (date(2027, 3, 15), True) and due["F2026"] == (date(2026, 12, 28), False)


def test_finding_status_changes_over_later_files_are_kept_as_history(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    def ledger(name: str, *rows: list[Any]) -> Path:
        return write_xlsx(
            tmp_path / name, {"问题清单": [["2026年第三季度网上巡查问题整改台账"], FINDINGS_HEADER, *rows]}
        )

    r1 = import_bytes(registry_con, ledger("1.xlsx", finding(), finding(no="WS-002", desc="另一个问题")))
    r2 = import_bytes(
        registry_con,
        write_csv(
            tmp_path / "2.csv",
            [FINDINGS_HEADER, finding(status="整改中"), finding(no="WS-002", desc="另一个问题")],
            "gbk",
        ),
    )
    r3 = import_bytes(
        registry_con,
        ledger(
            "3.xlsx",
            finding(status="已整改", rectified="2026年10月12日", note="已更新栏目", review="通过"),
            finding(no="WS-002", desc="另一个问题"),
        ),
    )
    assert [outcomes(r) for r in (r1, r2, r3)] == [(2, 0, 0, {}), (0, 1, 1, {}), (0, 1, 1, {})]
    f = stored_findings(registry_con)["WS-001"]
    assert (f["status"], f["rectified_on"], f["rectification_note"], f["review"]) == (
        "已整改",
        date(2026, 10, 12),
        "已更新栏目",
        "通过",
    )
    history = registry_con.execute(
        """SELECT old_status, new_status, import_id, source FROM finding_history
                                      WHERE finding_id = ? ORDER BY history_id""",
        [f["finding_id"]],
    ).fetchall()
    assert history == [
        (None, "未整改", r1.import_id, "import"),
        ("未整改", "整改中", r2.import_id, "import"),
        ("整改中", "已整改", r3.import_id, "import"),
    ]
    other = stored_findings(registry_con)["WS-002"]
    assert (
        registry_con.execute(
            "SELECT count(*) FROM finding_history WHERE finding_id = ?", [other["finding_id"]]
        ).fetchone()[0]
        == 1
    )


def test_finding_without_number_is_keyed_by_inspection_unit_and_description(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    header = [h for h in FINDINGS_HEADER if h != "编号"]

    def rows(*findings: list[Any]) -> list[list[Any]]:
        return [header, *[f[1:] for f in findings]]

    first = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "1.xlsx",
            {
                "S": rows(
                    finding(no="", desc="首页无政府信息公开指南"),
                    finding(no="", unit="县教育局", desc="首页无政府信息公开指南"),
                    finding(no="", inspection="季度互查", desc="首页无政府信息公开指南"),
                )
            },
        ),
    )
    second = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "2.xlsx",
            {
                "S": rows(
                    finding(
                        no="",
                        unit="应急局",
                        desc="  首页无政府信息公开指南\u3000",
                        status="已整改",
                        rectified="2026-10-09",
                    ),
                    finding(no="", unit="县教育局", desc="首页无政府信息公开指南"),
                    finding(no="", desc="新的问题"),
                )
            },
        ),
    )
    assert first.loaded == 3
    assert outcomes(second) == (1, 1, 1, {})
    stored = registry_con.execute("""SELECT inspection, u.name, status FROM findings JOIN units u USING (unit_id)
                                     ORDER BY finding_id""").fetchall()
    assert stored == [
        ("网上巡查", "县应急管理局", "已整改"),
        ("网上巡查", "县教育局", "未整改"),
        ("季度互查", "县应急管理局", "未整改"),
        ("网上巡查", "县应急管理局", "未整改"),
    ]


def test_numeric_finding_number_in_excel_matches_the_same_number_in_csv(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_xlsx(tmp_path / "1.xlsx", {"S": [FINDINGS_HEADER, finding(no=7)]}))
    report = import_bytes(
        registry_con, write_csv(tmp_path / "2.csv", [FINDINGS_HEADER, finding(no="7", status="整改中")])
    )
    assert outcomes(report) == (0, 1, 0, {})
    assert count(registry_con, "findings") == 1


def test_finding_with_unknown_status_is_rejected(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = import_bytes(registry_con, write_csv(tmp_path / "f.csv", [FINDINGS_HEADER, finding(status="整改完毕")]))
    assert [p.reason for p in report.problems] == ["整改状态应为未整改/整改中/已整改/无法整改之一: 整改完毕"]


# --- requests ---------------------------------------------------------------------------------------------


def test_requests_are_keyed_by_unit_and_number_and_a_reply_date_updates(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    first = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "1.xlsx",
            {
                "S": [
                    ["依申请公开登记台账"],
                    REQUESTS_HEADER,
                    request(),
                    request(unit="县应急管理局"),
                    request(no="YSQ-2026-002", received=date(2026, 10, 9)),
                ]
            },
        ),
    )
    assert (first.loaded, first.rejected) == (3, 0)
    second = import_bytes(
        registry_con,
        write_csv(
            tmp_path / "2.csv",
            [
                REQUESTS_HEADER,
                request(replied="2026-10-20", outcome="予以公开"),
                request(unit="应急局"),
                request(no="YSQ-2026-002", received="2026-10-09", replied="2026-10-01"),
            ],
            "gbk",
        ),
    )
    assert outcomes(second) == (0, 1, 1, {4: "答复日期早于收到日期: 2026-10-01 < 2026-10-09"})
    stored = registry_con.execute("""SELECT u.name, request_no, received_on, replied_on, extension_count,
                                            requests.updated_import_id
                                     FROM requests JOIN units u USING (unit_id) ORDER BY request_id""").fetchall()
    assert stored == [
        ("县教育局", "YSQ-2026-001", OCT8, date(2026, 10, 20), 0, second.import_id),
        ("县应急管理局", "YSQ-2026-001", OCT8, None, 0, None),
        ("县教育局", "YSQ-2026-002", date(2026, 10, 9), None, 0, None),
    ]
    assert registry_con.execute("SELECT outcome FROM requests WHERE replied_on IS NOT NULL").fetchall() == [
        ("予以公开",)
    ]


def test_empty_optional_text_cells_are_stored_as_null(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import_bytes(registry_con, write_csv(tmp_path / "r.csv", [REQUESTS_HEADER, request(channel="", applicant="")]))
    import_bytes(registry_con, write_csv(tmp_path / "f.csv", [FINDINGS_HEADER, finding()]))
    assert registry_con.execute("SELECT channel, applicant_type, outcome FROM requests").fetchall() == [
        (None, None, None)
    ]
    assert registry_con.execute("SELECT rectification_note, review FROM findings").fetchall() == [(None, None)]


# --- registry ---------------------------------------------------------------------------------------------


def test_registry_import_stores_units_aliases_types_and_assessment(registry_con: duckdb.DuckDBPyConnection) -> None:
    units = registry_con.execute("SELECT name, unit_type, in_assessment, sort_order FROM units ORDER BY sort_order")
    assert units.fetchall() == [
        ("县应急管理局", "县直部门", True, 1),
        ("县教育局", "县直部门", True, 2),
        ("桥头镇", "乡镇", True, 3),
        ("城关街道", "街道", True, 4),
        ("县气象局", "垂管单位", False, 5),
    ]
    assert sorted(registry_con.execute("SELECT alias FROM unit_aliases").fetchall()) == [("县应急局",), ("应急局",)]
    assert registry_con.execute(
        "SELECT u.name, c.name, c.category, c.max_interval_days, c.registered "
        "FROM site_columns c JOIN units u USING (unit_id) ORDER BY column_id"
    ).fetchall() == [
        ("县应急管理局", "通知公告", "通知公告政策文件类", None, True),
        ("县应急管理局", "应急动态", "动态要闻类", None, True),
        ("县应急管理局", "政策解读", "政策解读类", None, True),
        ("县教育局", "教育动态", "动态要闻类", 7, True),
        ("桥头镇", "乡镇动态", "动态要闻类", None, True),
    ]


def test_registry_rejects_alias_of_another_unit_and_unknown_type(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        UNITS_HEADER,
        ["县安监局", "应急局", "县直部门", "是", 9],
        ["县档案馆", "", "事业单位", "是", 10],
        ["县档案局", "", "县直部门", "", 11],
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "u.xlsx", {"S": rows}))
    assert outcomes(report) == (
        1,
        0,
        0,
        {2: "别名已登记给其他单位: 应急局", 3: "单位类型应为县直部门/乡镇/街道/垂管单位之一: 事业单位"},
    )
    assert registry_con.execute("SELECT count(*) FROM units WHERE name IN ('县安监局', '县档案馆')").fetchone() == (0,)
    assert registry_con.execute("SELECT in_assessment FROM units WHERE name = '县档案局'").fetchone() == (True,)


@pytest.mark.parametrize(
    "kind,rows",
    [
        ("items", [ITEMS_HEADER, item(unit="县XX局"), item(title="")]),
        ("findings", [FINDINGS_HEADER, finding(unit="县XX局"), finding(no="2", deadline="尽快")]),
        ("requests", [REQUESTS_HEADER, request(unit="县XX局"), request(no="2", received="")]),
        ("units", [UNITS_HEADER, ["县某局", "", "事业单位"], ["", "", "县直部门"]]),
        (
            "columns",
            [
                ["单位名称", "栏目名称", "栏目类别"],
                ["县XX局", "工作动态", "动态要闻类"],
                ["县教育局", "杂项", "不存在的类别"],
            ],
        ),
    ],
)
def test_sheet_whose_rows_are_all_rejected_imports_as_all_rejected(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path, kind: str, rows: list[list[Any]]
) -> None:
    before = snapshot(registry_con, ("units", "site_columns", "items", "findings", "requests"))
    report = import_bytes(registry_con, write_xlsx(tmp_path / f"{kind}.xlsx", {"S": rows}))
    assert report.kind == kind
    loaded, updated, duplicate, rejected = outcomes(report)
    assert (loaded, updated, duplicate, sorted(rejected)) == (0, 0, 0, [2, 3])
    assert all(reason for reason in rejected.values())
    assert snapshot(registry_con, ("units", "site_columns", "items", "findings", "requests")) == before
    assert len(quarantine(registry_con)) == 2


# --- 未登记栏目 ----------------------------------------------------------------------------------------------


def test_item_in_unregistered_column_is_loaded_and_column_created_with_guessed_category(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ITEMS_HEADER,
        item(unit="县教育局", column="工作动态", title="开学第一课"),
        item(unit="县教育局", column="工作动态", title="教师节表彰"),
        item(unit="桥头镇", column="领导信息", title="镇领导分工"),
        item(unit="城关街道", column="便民服务", title="办事指引"),
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "新栏目.xlsx", {"S": rows}))
    assert outcomes(report) == (4, 0, 0, {})
    assert sorted(report.unregistered_columns) == ["便民服务", "工作动态", "领导信息"]
    new = registry_con.execute("""SELECT u.name, c.name, c.category, c.registered, c.import_id FROM site_columns c
                                  JOIN units u USING (unit_id) WHERE NOT c.registered ORDER BY c.name""").fetchall()
    assert new == [
        ("城关街道", "便民服务", "其他", False, report.import_id),
        ("县教育局", "工作动态", "动态要闻类", False, report.import_id),
        ("桥头镇", "领导信息", "机构信息类", False, report.import_id),
    ]
    assert [r["column_name"] for r in items(registry_con)] == ["工作动态", "工作动态", "领导信息", "便民服务"]
    again = import_bytes(registry_con, write_xlsx(tmp_path / "新栏目2.xlsx", {"S": rows[:2]}))
    assert again.unregistered_columns == [] and count(registry_con, "site_columns") == 8


def test_unregistered_column_confirmed_by_a_later_registry_keeps_its_items(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import_bytes(registry_con, write_csv(tmp_path / "a.csv", [ITEMS_HEADER, item(unit="县教育局", column="工作动态")]))
    [(column_id, registered, category)] = registry_con.execute(
        "SELECT column_id, registered, category FROM site_columns WHERE name = '工作动态'"
    ).fetchall()
    assert (registered, category) == (False, "动态要闻类")
    report = import_bytes(
        registry_con,
        write_xlsx(
            tmp_path / "栏目.xlsx",
            {"栏目目录": [["单位名称", "栏目名称", "栏目类别", "更新周期(天)"], ["教育局", "工作动态", "动态要闻", 7]]},
        ),
    )
    assert outcomes(report) == (0, 1, 0, {})
    assert registry_con.execute(
        "SELECT column_id, registered, max_interval_days FROM site_columns WHERE name = '工作动态'"
    ).fetchall() == [(column_id, True, 7)]
    assert [r["column_name"] for r in items(registry_con)] == ["工作动态"]

"""Cell values as staff type them: dates, padding, aliases, missing fields, interpretations."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from tests.database import import_bytes, outcomes
from tests.ledgers import (
    ITEMS_HEADER,
    item,
    write_csv,
    write_xlsx,
)
from tests.loaders.helpers import OCT8, items

# --- cell values ------------------------------------------------------------------------------------------


def test_every_date_form_is_the_same_day(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    forms: list[Any] = [
        OCT8,
        datetime(2026, 10, 8, 9, 30),
        46303,
        20261008,
        "2026-10-08",
        "2026/10/8",
        "2026.10.08",
        "2026年10月8日",
        "20261008",
        "2026-10-08 09:30:00",
        "２０２６年１０月８日",
        " 2026 - 10 - 08 ",
        "46303",
    ]
    rows = [ITEMS_HEADER] + [item(title=f"日期写法{i}", published=v) for i, v in enumerate(forms)]
    rows.append(item(title="坏日期", published="2026-13-45"))
    report = import_bytes(registry_con, write_xlsx(tmp_path / "日期.xlsx", {"S": rows}))
    assert outcomes(report) == (len(forms), 0, 0, {2 + len(forms): "日期无法识别: 2026-13-45"})
    stored = items(registry_con)
    assert [r["title"] for r in stored] == [f"日期写法{i}" for i in range(len(forms))]
    assert {r["published_on"] for r in stored} == {OCT8}


def test_text_dates_in_gbk_csv_are_the_same_day(registry_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    forms = [
        "2026-10-08",
        "2026/10/8",
        "2026.10.08",
        "2026年10月8日",
        "20261008",
        "2026-10-08 09:30:00",
        "２０２６年１０月８日",
        " 2026-10-08 ",
        "46303",
        "2026/10/8 9:30",
    ]
    rows = [ITEMS_HEADER] + [item(title=f"日期写法{i}", published=v) for i, v in enumerate(forms)]
    report = import_bytes(registry_con, write_csv(tmp_path / "日期.csv", rows, "gbk"))
    assert report.loaded == len(forms) and report.rejected == 0
    assert [r["published_on"] for r in items(registry_con)] == [OCT8] * len(forms)


def test_text_is_trimmed_and_normalised_before_matching(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ITEMS_HEADER,
        item(unit="  县应急管理局 ", column="通知　公告", title="  关于（2026）年国庆\n值班安排的通知\u3000"),
        item(unit="县　应急管理局", column=" 通知公告", title="关于(2026)年国庆值班安排的通知"),
        item(unit="县应急\n管理局", column="通知公告", title="【公告】第二条", doc=" X应急发〔2026〕3号 "),
    ]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "文本.xlsx", {"S": rows}))
    assert outcomes(report) == (2, 0, 1, {})  # row 3 is row 2 typed differently
    stored = items(registry_con)
    assert [(r["unit"], r["column_name"], r["title"]) for r in stored] == [
        ("县应急管理局", "通知公告", "关于(2026)年国庆值班安排的通知"),
        ("县应急管理局", "通知公告", "【公告】第二条"),
    ]
    assert stored[1]["doc_number"] == "X应急发〔2026〕3号"
    assert report.unregistered_columns == []  # 通知　公告 is the registered 通知公告


def test_unit_full_name_aliases_and_name_without_county_prefix_resolve_to_one_unit(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    names = ["县应急管理局", "县应急局", "应急局", "应急管理局", "教育局", "桥头镇", "城关街道", "县XX局"]
    rows = [ITEMS_HEADER] + [item(unit=n, column="通知公告", title=f"{n}发布的信息") for n in names]
    report = import_bytes(registry_con, write_xlsx(tmp_path / "单位.xlsx", {"S": rows}))
    assert outcomes(report) == (7, 0, 0, {9: "单位未登记: 县XX局"})
    assert [(r["unit"], r["title"]) for r in items(registry_con)] == [
        ("县应急管理局", "县应急管理局发布的信息"),
        ("县应急管理局", "县应急局发布的信息"),
        ("县应急管理局", "应急局发布的信息"),
        ("县应急管理局", "应急管理局发布的信息"),
        ("县教育局", "教育局发布的信息"),
        ("桥头镇", "桥头镇发布的信息"),
        ("城关街道", "城关街道发布的信息"),
    ]


def test_missing_required_fields_are_rejected_with_chinese_reasons(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    rows = [
        ITEMS_HEADER,
        item(title=""),
        item(published=""),
        item(unit=""),
        item(column=""),
        item(title="成文晚于发布", created="2026-10-09"),
        item(title="好的"),
    ]
    report = import_bytes(registry_con, write_csv(tmp_path / "缺项.csv", rows))
    assert outcomes(report) == (
        1,
        0,
        0,
        {
            2: "缺少标题",
            3: "缺少发布日期",
            4: "缺少单位",
            5: "缺少栏目",
            6: "成文日期晚于发布日期: 2026-10-09 > 2026-10-08",
        },
    )
    assert [r["title"] for r in items(registry_con)] == ["好的"]


def test_item_in_policy_interpretation_column_is_an_interpretation(
    registry_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    header = [*ITEMS_HEADER, "是否政策解读"]
    rows = [
        header,
        item(column="政策解读", title="图解") + [""],
        item(title="解读文件") + ["是"],
        item(title="普通通知") + ["否"],
    ]
    import_bytes(registry_con, write_xlsx(tmp_path / "解读.xlsx", {"S": rows}))
    assert [(r["title"], r["is_interpretation"]) for r in items(registry_con)] == [
        ("图解", True),
        ("解读文件", True),
        ("普通通知", False),
    ]

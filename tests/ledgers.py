"""Hostile ledger files written on the fly, the way county staff make them in Excel/WPS.

Every helper writes into a directory the test owns (tmp_path) and returns the Path. Rows are lists of cell
values; Python date/datetime values become real Excel date cells, numbers stay numeric cells.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import xlwt

Rows = Sequence[Sequence[Any]]

# Header rows of each kind, as the contract names them.
UNITS_HEADER = ["单位名称", "简称/别名", "单位类型", "是否纳入考核", "排序"]
COLUMNS_HEADER = ["单位名称", "栏目名称", "栏目类别", "更新周期(天)"]
ITEMS_HEADER = ["单位", "栏目", "标题", "发布日期", "成文日期", "文号", "链接"]
FINDINGS_HEADER = [
    "编号",
    "检查名称",
    "发现日期",
    "责任单位",
    "问题类型",
    "问题描述",
    "整改期限",
    "整改状态",
    "整改完成日期",
    "整改情况",
    "回头看",
]
REQUESTS_HEADER = ["受理编号", "受理单位", "收到日期", "申请方式", "申请人类型", "是否延期", "答复日期", "办理结果"]

REGISTRY_UNITS: list[list[Any]] = [
    ["县应急管理局", "县应急局、应急局", "县直部门", "是", 1],
    ["县教育局", "", "县直部门", "是", 2],
    ["桥头镇", "", "乡镇", "是", 3],
    ["城关街道", "", "街道", "是", 4],
    ["县气象局", "", "垂管单位", "否", 5],
]
REGISTRY_COLUMNS: list[list[Any]] = [
    ["县应急管理局", "通知公告", "通知公告政策文件类", ""],
    ["县应急管理局", "应急动态", "动态要闻类", ""],
    ["县应急管理局", "政策解读", "政策解读类", ""],
    ["县教育局", "教育动态", "动态要闻类", 7],
    ["桥头镇", "乡镇动态", "动态要闻类", ""],
]


def write_xlsx(path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None) -> Path:
    """An .xlsx (or .xlsm-named) workbook; `merges` maps sheet name → ranges such as 'A1:G1'."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def write_xls(
    path: Path, sheets: dict[str, Rows], merges: dict[str, list[tuple[int, int, int, int]]] | None = None
) -> Path:
    """An old binary .xls via xlwt; `merges` maps sheet name → (r1, r2, c1, c2), 0-based inclusive."""
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        merged = (merges or {}).get(name, [])
        merged_cells = {(r, c) for r1, r2, c1, c2 in merged for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r1, r2, c1, c2 in merged:
            value = rows[r1][c1] if r1 < len(rows) and c1 < len(rows[r1]) else ""
            ws.write_merge(r1, r2, c1, c2, value)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) in merged_cells or value is None or value == "":
                    continue
                if isinstance(value, (date, datetime)):
                    ws.write(r, c, value, date_style)
                else:
                    ws.write(r, c, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def csv_bytes(rows: Rows, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    """CSV text of rows, encoded as given (utf-8, utf-8-sig, gbk, gb18030)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode(encoding)


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    path.write_bytes(csv_bytes(rows, encoding, delimiter))
    return path


def registry_sheets(units: Rows = REGISTRY_UNITS, columns: Rows = REGISTRY_COLUMNS) -> dict[str, Rows]:
    """A registry workbook: 单位名录 and 栏目目录 sheets, each with a title row above the header."""
    return {
        "单位名录": [["XX县政务公开单位名录"], UNITS_HEADER, *units],
        "栏目目录": [["XX县政府网站栏目目录"], COLUMNS_HEADER, *columns],
    }


def item(
    unit: str = "县应急管理局",
    column: str = "通知公告",
    title: str = "关于做好国庆期间安全生产工作的通知",
    published: Any = "2026-10-08",
    created: Any = "",
    doc: Any = "",
    url: Any = "",
) -> list[Any]:
    """One 发布台账 row in ITEMS_HEADER order."""
    return [unit, column, title, published, created, doc, url]


def finding(
    no: Any = "WS-001",
    inspection: str = "网上巡查",
    found: Any = "2026-09-28",
    unit: str = "县应急管理局",
    ptype: str = "栏目更新不及时",
    desc: str = "工作动态栏目超过两周未更新",
    deadline: Any = "10个工作日",
    status: Any = "未整改",
    rectified: Any = "",
    note: Any = "",
    review: Any = "",
) -> list[Any]:
    """One 问题清单 row in FINDINGS_HEADER order."""
    return [no, inspection, found, unit, ptype, desc, deadline, status, rectified, note, review]


def request(
    no: Any = "YSQ-2026-001",
    unit: str = "县教育局",
    received: Any = "2026-10-08",
    channel: str = "网络",
    applicant: str = "自然人",
    extended: Any = "否",
    replied: Any = "",
    outcome: Any = "",
) -> list[Any]:
    """One 依申请公开台账 row in REQUESTS_HEADER order."""
    return [no, unit, received, channel, applicant, extended, replied, outcome]


def items_sheet(*rows: Sequence[Any], title: str = "XX县政府信息公开发布台账(2026年10月)") -> list[list[Any]]:
    """An items sheet the way offices send it: title, 填报单位 line, blank row, header, data, 合计, 填表人."""
    return [
        [title],
        ["填报单位:县政务公开办", "", "", "", "", "", ""],
        [],
        ITEMS_HEADER,
        *[list(r) for r in rows],
        ["合计", "", f"{len(rows)}条"],
        [],
        ["填表人:张三", "", "审核人:李四", "", "填报日期:2026年10月9日"],
    ]

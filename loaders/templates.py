"""Blank import templates (.xlsx) per ledger kind: the header row, dropdowns for enumerated fields and for the
registered 单位/栏目 (a hidden list sheet), an example row, widths that fit the header and the choices.

Never imports streamlit. The header texts are the first synonym of each field, so a filled template is
always recognised by the loaders (a test round-trips every template through them).
"""

import io
from dataclasses import dataclass

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.rectification.vocabulary import STATES as FINDING_STATES
from core.registry.categories import load_categories
from core.registry.vocabulary import UNIT_TYPES
from core.storage.db import fetch_rows
from loaders.kinds import KINDS, Field
from loaders.validate import REVIEW_RESULTS

_YES_NO = ("是", "否")
CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "units": {"unit_type": UNIT_TYPES, "in_assessment": _YES_NO},
    "columns": {},
    "items": {"is_interpretation": _YES_NO},
    "findings": {
        "inspection": ("网上巡查", "季度互查", "专项检查", "上级通报"),
        "status": FINDING_STATES,
        "review": REVIEW_RESULTS,
    },
    "requests": {
        "channel": ("网络", "信函", "当面", "传真", "其他"),
        "applicant_type": ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"),
        "extended": _YES_NO,
        "outcome": ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"),
    },
}
EXAMPLES: dict[str, dict[str, str]] = {
    "units": {
        "name": "县应急管理局",
        "aliases": "县应急局、应急局",
        "unit_type": "县直部门",
        "in_assessment": "是",
        "order": "1",
        "liaison": "张三",
        "mobile": "13800000000",
        "email": "yjj@example.gov.cn",
    },
    "columns": {
        "unit": "县应急管理局",
        "column": "工作动态",
        "category": "动态要闻类",
        "max_interval_days": "",
        "registered_on": "2026-01-01",
    },
    "items": {
        "unit": "县应急管理局",
        "column": "工作动态",
        "title": "县应急管理局开展防汛应急演练",
        "published_on": "2026-10-08",
        "created_on": "2026-09-28",
        "doc_number": "",
        "url": "http://www.example.gov.cn/zwgk/yjj/202610/t20261008_1.html",
        "is_interpretation": "否",
    },
    "findings": {
        "finding_no": "WX-2026-001",
        "inspection": "网上巡查",
        "found_on": "2026-10-12",
        "unit": "县应急管理局",
        "problem_type": "栏目更新不及时",
        "description": "“通知公告”栏目超过6个月未更新",
        "deadline": "10个工作日",
        "status": "未整改",
        "rectified_on": "",
        "rectification_note": "",
        "review": "",
        "reviewed_on": "",
    },
    "requests": {
        "request_no": "QY-2026-001",
        "unit": "县应急管理局",
        "received_on": "2026-10-09",
        "channel": "网络",
        "applicant_type": "自然人",
        "extended": "否",
        "replied_on": "2026-10-30",
        "outcome": "予以公开",
        "correction_received_on": "",
        "consultation_from": "",
        "consultation_to": "",
        "correction_requested_on": "",
        "correction_count": "",
        "delayed_due_on": "",
    },
}
# What the optional date columns of a ledger change in the rules (issue 10 item 12), for the 填写说明 sheet.
NOTES: dict[str, tuple[str, ...]] = {
    "findings": (
        "回头看日期：回头看的日期。回头看“未通过”的问题自该日起重新计为整改中，此前各月的统计不变；"
        "不填时按首次导入该回头看结果的日期。",
    ),
    "requests": (
        "补正告知日期：告知申请人补正的日期（条例第三十条：收到申请之日起7个工作日内，一次性告知）；"
        "申请人尚未补正的申请为“待补正”，不计逾期，答复期限自收到补正之日（补正日期）起算。",
        "补正次数：告知补正的次数，写 1 或 1次。补正告知晚于7个工作日或多于一次，会在期限说明中标注。",
        "延迟答复期限：依条例第三十五条延迟答复时确定的答复期限；填写后按此日期判断是否逾期。",
    ),
}


@dataclass(frozen=True)
class TemplateLists:
    """Registered names the templates offer as dropdowns: unit names and site-column names (issue 12)."""

    units: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()


def registry_lists(con: duckdb.DuckDBPyConnection) -> TemplateLists:
    """The registered units (in the registry's order) and the distinct column names, for template dropdowns."""
    units = fetch_rows(con, "SELECT name FROM units ORDER BY sort_order NULLS LAST, name")
    columns = fetch_rows(con, "SELECT DISTINCT name FROM site_columns ORDER BY name")
    return TemplateLists(tuple(r[0] for r in units), tuple(r[0] for r in columns))


# Which fields of which ledger pick from the registry: the unit every ledger names, and the column of an item.
# A 栏目目录 registers new column names, so it offers units only; the 单位名录 registers units, so neither.
_REGISTRY_FIELDS = {"unit": "units", "column": "columns"}
_REGISTRY_KINDS = {"columns": ("unit",), "items": ("unit", "column"), "findings": ("unit",), "requests": ("unit",)}
_LIST_SHEET = "选项"
_MAX_ROW = 5000


def template_xlsx(kind: str, registry: "duckdb.DuckDBPyConnection | TemplateLists | None" = None) -> bytes:
    """The template workbook for one ledger kind, as bytes. With the registry (a connection or its lists) the
    单位/栏目 columns get dropdowns of the registered names, kept on a hidden list sheet with the enumerations."""
    lists = registry_lists(registry) if isinstance(registry, duckdb.DuckDBPyConnection) else registry
    spec = KINDS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = spec.label
    choices = dict(CHOICES[kind])
    if kind == "columns":
        choices["category"] = tuple(load_categories())
    for name in _REGISTRY_KINDS.get(kind, ()):
        values = getattr(lists or TemplateLists(), _REGISTRY_FIELDS[name])
        if values:
            choices[name] = values
    option_sheet = wb.create_sheet(_LIST_SHEET)
    option_sheet.sheet_state = "hidden"
    for col, field in enumerate(spec.fields, start=1):
        cell = ws.cell(row=1, column=col, value=field.synonyms[0])
        cell.font = Font(bold=True, color="FFFFFF" if field.required else "000000")
        cell.fill = PatternFill("solid", fgColor="B71C1C" if field.required else "F2DCDB")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        example = EXAMPLES[kind].get(field.name, "")
        ws.cell(row=2, column=col, value=example)
        values = choices.get(field.name, ())
        widest = max([_width(field.synonyms[0]), _width(example), *(_width(v) for v in values)])
        ws.column_dimensions[cell.column_letter].width = min(48, max(12, widest + 3))
        if values:
            ws.add_data_validation(_dropdown(option_sheet, field, values, cell.column_letter))
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 24
    notes = wb.create_sheet("填写说明")
    notes.append(["深红色表头为必填列；第 2 行为示例，可删除。日期可写 2026-10-08、2026/10/8 或 2026年10月8日。"])
    notes.append(
        ["单位、栏目可从下拉列表中选择已登记的名称；也可写已登记的简称。未登记的单位或栏目会被隔离，需先补登。"]
    )
    for note in NOTES.get(kind, ()):
        notes.append([note])
    notes.column_dimensions["A"].width = 110
    wb.move_sheet(option_sheet, offset=1)  # after 填写说明, so the first visible sheet stays the ledger
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _dropdown(option_sheet: Worksheet, field: Field, values: tuple[str, ...], letter: str) -> DataValidation:
    """A list validation reading `values` from a column of the hidden option sheet (an inline list stops at 255
    characters; 46 unit names do not fit). Registry names only warn: a registered 简称 is valid too."""
    column = option_sheet.max_column + 1 if option_sheet.max_row > 1 or option_sheet["A1"].value else 1
    option_sheet.cell(row=1, column=column, value=field.synonyms[0])
    for row, value in enumerate(values, start=2):
        option_sheet.cell(row=row, column=column, value=value)
    ref = get_column_letter(column)
    registry = field.name in _REGISTRY_FIELDS
    validation = DataValidation(
        type="list",
        formula1=f"'{_LIST_SHEET}'!${ref}$2:${ref}${len(values) + 1}",
        allow_blank=not field.required,
        showErrorMessage=True,
        errorStyle="warning" if registry else "stop",
        errorTitle="不在已登记的名称中" if registry else "请从下拉列表中选择",
        error=(
            "该名称未在单位名录/栏目目录中登记；若是已登记的简称可继续，否则导入时会被隔离。"
            if registry
            else "可选值：" + "、".join(values)
        ),
    )
    validation.add(f"{letter}2:{letter}{_MAX_ROW}")
    return validation


def _width(value: object) -> float:
    """Display width in Excel character units: Chinese characters count two."""
    return float(sum(1 if ord(ch) < 128 else 2 for ch in str(value)))

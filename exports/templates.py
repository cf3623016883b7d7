"""Blank import templates (.xlsx) per ledger kind: the header row, dropdowns for enumerated fields, an example row.

Never imports streamlit. The header texts are the first synonym of each field, so a filled template is
always recognised by the loaders (a test round-trips every template through them).
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from core.registry.categories import load_categories
from loaders.kinds import KINDS
from loaders.validate import FINDING_STATES, REVIEW_RESULTS, UNIT_TYPES

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
    },
}


def template_xlsx(kind: str) -> bytes:
    """The template workbook for one ledger kind, as bytes."""
    spec = KINDS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = spec.label
    choices = dict(CHOICES[kind])
    if kind == "columns":
        choices["category"] = tuple(load_categories())
    for col, field in enumerate(spec.fields, start=1):
        cell = ws.cell(row=1, column=col, value=field.synonyms[0])
        cell.font = Font(bold=True, color="FFFFFF" if field.required else "000000")
        cell.fill = PatternFill("solid", fgColor="B71C1C" if field.required else "F2DCDB")
        cell.alignment = Alignment(horizontal="center")
        ws.cell(row=2, column=col, value=EXAMPLES[kind].get(field.name, ""))
        ws.column_dimensions[cell.column_letter].width = max(12, len(field.synonyms[0]) * 2 + 4)
        if field.name in choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(choices[field.name]) + '"',
                allow_blank=not field.required,
                showErrorMessage=True,
                errorTitle="请从下拉列表中选择",
                error="可选值：" + "、".join(choices[field.name]),
            )
            validation.add(f"{cell.column_letter}2:{cell.column_letter}5000")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("填写说明")
    notes.append(["深红色表头为必填列；第 2 行为示例，可删除。日期可写 2026-10-08、2026/10/8 或 2026年10月8日。"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

"""Words of the annual-report checks: statuses, severities, format versions. Declared once; ui/strings maps labels."""

PASS = "pass"
FAIL = "fail"
UNCERTAIN = "uncertain"  # depends on a missing cell (blank, "/", "—")
NOT_ASSESSABLE = "not_assessable"  # the table or the comparison data is not there
STATUSES = (FAIL, UNCERTAIN, NOT_ASSESSABLE, PASS)
# the Chinese words for a status: the page, the CLI's plain output and the documents all say these
STATUS_LABELS = {PASS: "通过", FAIL: "不通过", UNCERTAIN: "无法确定（有空白格）", NOT_ASSESSABLE: "无法核对"}

ERROR = "E"  # arithmetic identity that must hold
WARNING = "W"  # strong plausibility rule
NOTE = "N"
SEVERITIES = (ERROR, WARNING, NOTE)
SEVERITY_LABELS = {ERROR: "勾稽关系", WARNING: "合理性", NOTE: "提示"}

FORMAT_2021 = "2021"  # 国办公开办函〔2021〕30号, report years 2021 onward
FORMAT_2019 = "2019"  # 国办公开办函〔2019〕60号 (试行), report years 2019–2020
FORMATS = (FORMAT_2021, FORMAT_2019)
FORMAT_LABELS = {FORMAT_2021: "2021年格式", FORMAT_2019: "2019年试行格式"}

# values that mean "not filled in": kept as missing, never read as 0 (domain.md §2.5 V-2)
MISSING_MARKS = frozenset({"", "/", "-", "—", "--", "——", "－", "―", "─", "無", "无", "空"})

# where a unit's report stands for a year (the deadline: 31 January of the next year, 条例 第四十九条)
ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"  # not received and the deadline has passed
NOT_DUE = "not_due"  # not received, the deadline still ahead
RECEIPT_STATES = (MISSING, LATE, NOT_DUE, ON_TIME)
RECEIPT_LABELS = {ON_TIME: "按期报送", LATE: "逾期报送", MISSING: "逾期未报送", NOT_DUE: "未报送（未到期）"}

ACCEPTED = "accepted"  # 已核实: the office confirmed the finding
DISMISSED = "dismissed"  # 不予采纳: the office decided the finding does not stand
DECISIONS = (ACCEPTED, DISMISSED)
DECISION_LABELS = {ACCEPTED: "已核实", DISMISSED: "不予采纳"}

# LED-2: a site column whose name holds one of these words carries that table 二 row's items (one item = one
# document made public, one 许可/处罚 decision published); columns naming none are not compared
LED2_COLUMN_WORDS = {
    "normative": ("规范性文件",),
    "license": ("行政许可", "许可公示"),
    "penalty": ("行政处罚", "处罚公示"),
}

# Chinese headers of the annual-report frames (core.annual_reports.queries): the page's tables and the summary
# workbook say the same; 状态/文件 mean other things on other pages, so these are their own
COLUMN_LABELS = {
    "unit_name": "单位",
    "unit_type": "单位类型",
    "state": "报送情况",
    "received_on": "公开（报送）日期",
    "file_name": "文件",
    "report_format": "格式",
    "complete": "表格齐全",
    "fails": "不通过",
    "uncertain": "无法确定",
    "accepted": "已核实",
    "dismissed": "不予采纳",
    "open_fails": "待更正",
    "main_problems": "主要问题",
    "check_id": "编号",
    "check_name": "核对项",
    "status": "结果",
    "severity": "类别",
    "message": "说明",
    "expected": "应为",
    "found": "实为",
    "cells": "涉及单元格",
    "decision": "办公室意见",
    "decision_note": "意见理由",
}

"""Page tables as .xlsx: opened back with openpyxl; formulas in ledger text never become formulas."""

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from exports.tables import table_xlsx


def _sheet(frame: pd.DataFrame, labels=None):
    return load_workbook(io.BytesIO(table_xlsx(frame, "测试表", labels))).active


def test_header_is_chinese_frozen_and_values_typed():
    frame = pd.DataFrame(
        {"unit_name": ["县甲局"], "items": [3], "published_on": [date(2026, 10, 8)], "late_rate": [0.25], "url": [None]}
    )
    ws = _sheet(frame, {"unit_name": "单位", "items": "条数", "published_on": "发布日期"})
    assert [c.value for c in ws[1]] == ["单位", "条数", "发布日期", "late_rate", "url"]
    assert ws.freeze_panes == "A2" and ws.title == "测试表"
    assert ws["B2"].value == 3 and ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["C2"].value.date() == date(2026, 10, 8)
    assert ws["D2"].number_format == "0.00" and ws["E2"].value is None


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","点我")', "+1+2", "-3", "@SUM(A1)", "=1+1"])
def test_text_that_looks_like_a_formula_stays_text(text):
    ws = _sheet(pd.DataFrame({"title": [text]}))
    cell = ws["A2"]
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix


def test_missing_values_are_empty_cells_not_nan():
    ws = _sheet(pd.DataFrame({"a": [float("nan")], "b": [pd.NaT], "c": [pd.NA]}, dtype=object))
    assert [c.value for c in ws[2]] == [None, None, None]

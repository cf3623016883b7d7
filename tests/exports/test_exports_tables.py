"""Page tables as .xlsx: opened back with openpyxl; formulas in ledger text never become formulas; print layout."""

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from exports.tables import ranking_workbook, table_xlsx


def _sheet(frame: pd.DataFrame, labels=None, as_of=None):
    return load_workbook(io.BytesIO(table_xlsx(frame, "测试表", labels, as_of))).active


def test_title_row_then_chinese_header_frozen_and_values_typed():
    frame = pd.DataFrame(
        {"unit_name": ["县甲局"], "items": [3], "published_on": [date(2026, 10, 8)], "late_rate": [0.25], "url": [None]}
    )
    ws = _sheet(frame, {"unit_name": "单位", "items": "条数", "published_on": "发布日期"}, date(2026, 10, 31))
    assert ws["A1"].value == "测试表（统计截至2026年10月31日）" and "A1:E1" in ws.merged_cells
    assert [c.value for c in ws[2]] == ["单位", "条数", "发布日期", "late_rate", "url"]
    assert ws.freeze_panes == "A3" and ws.title == "测试表"
    assert ws["B3"].value == 3 and ws["B3"].number_format == "0" and ws["C3"].number_format == "yyyy-mm-dd"
    assert ws["C3"].value.date() == date(2026, 10, 8)
    assert ws["D3"].number_format == "0.00" and ws["E3"].value is None


def test_sheet_prints_landscape_one_page_wide_with_the_header_on_every_page():
    ws = _sheet(pd.DataFrame({"unit_name": [f"单位{i}" for i in range(100)], "items": range(100)}))
    assert ws.auto_filter.ref == "A2:B102"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0) and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws["A2"].font.bold and ws["A2"].fill.fgColor.rgb.endswith("B71C1C")


def test_columns_are_as_wide_as_their_chinese_text_and_long_text_wraps():
    ws = _sheet(pd.DataFrame({"unit_name": ["县人力资源和社会保障局"], "evidence": ["逾期" * 80]}))
    assert ws.column_dimensions["A"].width == 2 * 11 + 2  # Chinese characters count two
    assert ws.column_dimensions["B"].width == 60 and ws["B3"].alignment.wrap_text


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","点我")', "+1+2", "-3", "@SUM(A1)", "=1+1"])
def test_text_that_looks_like_a_formula_stays_text(text):
    ws = _sheet(pd.DataFrame({"title": [text]}))
    cell = ws["A3"]
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix


def test_missing_values_are_empty_cells_not_nan():
    ws = _sheet(pd.DataFrame({"a": [float("nan")], "b": [pd.NaT], "c": [pd.NA]}, dtype=object))
    assert [c.value for c in ws[3]] == [None, None, None]


def test_ranking_workbook_has_a_sheet_per_group_and_the_lines():
    ranking = pd.DataFrame(
        {
            "group_name": ["县直部门", "乡镇/街道"],
            "rank": [1, 1],
            "unit_name": ["县甲局", "=乙镇"],
            "score": [92.5, 91.0],
            "movement": ["升13位", "—"],
        }
    )
    lines = pd.DataFrame({"unit_name": ["县甲局"], "rule_name": ["问题逾期未整改"], "amount": [-7.5]})
    wb = load_workbook(io.BytesIO(ranking_workbook(ranking, lines, "2026年10月", date(2026, 10, 31))))
    assert wb.sheetnames == ["县直部门", "乡镇、街道", "扣分加分明细"]
    first = wb["县直部门"]
    assert first["A1"].value == "2026年10月县直部门考核排名（统计截至2026年10月31日）"
    assert [c.value for c in first[2]] == ["名次", "单位", "得分", "较上月名次"]
    assert [c.value for c in first[3]] == [1, "县甲局", 92.5, "升13位"]
    assert wb["乡镇、街道"]["B3"].quotePrefix  # still formula-safe
    assert [c.value for c in wb["扣分加分明细"][3]] == ["县甲局", "问题逾期未整改", -7.5]


def test_ranking_bar_is_horizontal_rank_one_on_top_with_fixed_template_and_growing_height():
    from exports.charts import TEMPLATE, ranking_bar

    frame = pd.DataFrame(
        {"rank": [2, 1, 3], "unit_name": ["乙<b>", "甲", "丙"], "score": [90.0, 95.0, 80.0], "grade": ["良好"] * 3}
    )
    fig = ranking_bar(frame, "排名")
    assert fig.data[0].orientation == "h"
    assert list(fig.layout.yaxis.categoryarray)[-1] == "甲"  # plotly stacks categories bottom-up: rank 1 on top
    assert fig.layout.yaxis.autorange != "reversed"
    assert "乙&lt;b&gt;" in fig.layout.yaxis.categoryarray  # a name is text, not Plotly HTML
    assert fig.layout.template.layout.paper_bgcolor is not None and TEMPLATE == "plotly_white"
    assert fig.layout.yaxis.automargin and fig.layout.margin.l == 10
    bigger = ranking_bar(pd.concat([frame] * 10, ignore_index=True).assign(unit_name=lambda f: f.index.astype(str)), "")
    assert bigger.layout.height > fig.layout.height

"""loaders.pipeline.sheet_rows keeps a block of plain rows whole and judges the others row by row (issue 9,
import speed): whatever the rows hold, the outcome must be exactly that of judging every row on its own."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import pipeline
from loaders.kinds import find_header
from loaders.read import RawSheet

HEADER = ["序号", "单位", "栏目", "标题", "发布日期", "成文日期", "链接"]
_ROWS = st.sampled_from(
    [
        [1, "县应急管理局", "通知公告", "关于做好国庆期间的通知", "2026-10-08", "", "http://x/1"],
        [2.0, "县教育局", "工作动态", "开学", "2026-09-01", "2026-08-30", ""],
        ["县应急管理局", "县应急管理局", "通知公告", "序号写成了单位", "2026-10-08", "", ""],  # text first cell
        [3, "县教育局", "工作动态"],  # a short row: padded
        [4],  # only a pre-printed 序号: an empty template row
        [5, "", "", "", "", "", ""],  # the same at full width
        [6, "", "", "只有标题", "", "", ""],  # a value in one mapped column only
        [True, "县教育局", "工作动态", "序号是布尔值", "2026-09-01", "", ""],
        ["合计", "", "12条", "", "", "", ""],
        ["合 计", 12, "", "", "", "", ""],  # spaced out for alignment
        ["填表人:张三", "", "", "", "", "", ""],
        [" 注:以上为十月数据", "", "", "", "", "", ""],
        HEADER,  # the header repeated on a printed page
        ["序号", "单位", "栏目", "标题", "发布日期", "成文日期", "备注"],  # like the header, but not it
        [],
        ["", "", "", "", "", "", ""],
        [None, "县教育局", "工作动态", "序号为空", "2026-09-01", "", ""],
    ]
)


def _sheet(rows: list[list[Any]]) -> tuple[RawSheet, Any]:
    sheet = RawSheet("发布台账", [["XX县政府信息公开发布台账"], HEADER, *[list(r) for r in rows]])
    header = find_header(sheet.rows, "items")
    assert header is not None
    return sheet, header


def _outcome(sheet: RawSheet, header: Any, start: int | None = None, stop: int | None = None) -> tuple:
    rows, headers, kept = pipeline.sheet_rows(sheet, header, start, stop)
    return rows.row_numbers, rows.values, rows.conflicts, headers, kept


@given(rows=st.lists(_ROWS, max_size=40), block=st.integers(min_value=1, max_value=7))
@settings(max_examples=300, deadline=None)
def test_rows_kept_a_block_at_a_time_are_those_judged_one_by_one(rows: list, block: int) -> None:
    sheet, header = _sheet(rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "_BLOCK_ROWS", block)
        fast = _outcome(sheet, header)
        patch.setattr(pipeline, "_plain_block", lambda *args: False)
        careful = _outcome(sheet, header)
    assert fast == careful


def test_a_large_ledger_is_mostly_kept_a_block_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The path under test is taken: plain blocks are kept whole, and a block with an empty template row, a
    repeated header, a short row or a 合计 line in it is still judged row by row."""
    data = [[n, "县教育局", "工作动态", f"通知{n}", "2026-09-01", "", ""] for n in range(1, 3001)]
    data[600] = [601]  # sheet rows 0 and 1 are the title and the header: data[i] is row i + 3
    data[1500] = HEADER
    data[2100] = [2101, "县教育局"]
    data.append(["合计", "", "3000条"])
    sheet, header = _sheet(data)
    judged: list[int] = []
    careful = pipeline._careful_rows
    monkeypatch.setattr(
        pipeline, "_careful_rows", lambda block, begin, *rest: judged.append(begin) or careful(block, begin, *rest)
    )
    numbers, values, _, _, kept = _outcome(sheet, header)
    assert judged == [2, 1002, 2002, 3002]  # the blocks of 1,000 rows holding rows 603, 1503, 2103 and the 合计
    assert len(numbers) == 2998 and 603 not in numbers and 1503 not in numbers and numbers[-1] == 3002
    assert kept[numbers.index(2103)] == [2101, "县教育局", "", "", "", "", ""] and values["title"][0] == "通知1"
    # a run validated while the sheet is read starts and stops anywhere: the same rows, in the same blocks or not
    pieces = [_outcome(sheet, header, a, b)[0] for a, b in ((2, 777), (777, 2600), (2600, len(sheet.rows)))]
    assert [n for piece in pieces for n in piece] == numbers

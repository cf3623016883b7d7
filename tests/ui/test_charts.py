"""The page charts' axes say what a reader expects (issue 12 item 2)."""

import pandas as pd

from ui.charts import rank_lines


def test_the_rank_trend_axis_runs_from_the_lowest_place_shown_up_to_first_and_never_to_zero():
    frame = pd.DataFrame(
        {"unit_name": ["甲", "甲", "乙", "乙"], "month": ["2026-10", "2026-11"] * 2, "rank": [1, 2, 5, 3]}
    )
    fig = rank_lines(frame)
    bottom, top = fig.layout.yaxis.range
    assert top == 0.5 and bottom == 5.5  # rank 1 on top; no 0 and no place below the lowest shown
    assert fig.layout.yaxis.dtick == 1

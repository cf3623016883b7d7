"""ui.tables.display_frame: what a reader sees in every page table — plain pandas, no Streamlit run needed."""

from datetime import date, datetime

import numpy as np
import pandas as pd

from ui.tables import MISSING, cell_text, display_frame, sticky_table_html


def test_missing_values_of_every_kind_show_a_dash() -> None:
    frame = pd.DataFrame(
        {
            "text": ["a", None, "None", "nan"],
            "number": [1.0, np.nan, 3.0, 2.5],
            "when": pd.to_datetime(["2026-11-20", None, "2026-11-21", "2026-11-22"]),
            "count": [1, 2, 3, 4],
        }
    )
    shown = display_frame(frame)
    assert list(shown["text"]) == ["a", MISSING, MISSING, MISSING]
    assert list(shown["number"]) == ["1", MISSING, "3", "2.5"]
    assert list(shown["when"]) == ["2026-11-20", MISSING, "2026-11-21", "2026-11-22"]
    assert shown["count"].dtype == frame["count"].dtype  # complete numeric columns stay sortable numbers
    assert "None" not in shown.astype(str).to_string() and "NaT" not in shown.astype(str).to_string()


def test_dates_never_show_midnight_and_times_show_minutes() -> None:
    stamps = pd.to_datetime(["2026-11-20 09:30:15", "2026-11-20 00:00:00"])
    assert list(display_frame(pd.DataFrame({"t": stamps}))["t"]) == ["2026-11-20 09:30", "2026-11-20 00:00"]
    objects = pd.DataFrame({"t": [datetime(2026, 11, 20), date(2026, 11, 21), "2026-11-22 00:00:00", pd.NaT]})
    assert list(display_frame(objects)["t"]) == ["2026-11-20", "2026-11-21", "2026-11-22", MISSING]
    assert cell_text("2026-11-20 14:05:09") == "2026-11-20 14:05"


def test_a_string_column_shows_each_cell_as_cell_text_does() -> None:
    """The whole-column path of pandas' string dtype agrees with cell_text cell by cell."""
    cells = ["a", None, "None", " nan ", "<NA>", "", "2026-11-20 00:00:00", "2026-11-20T00:00", "2026-11-20 09:30:15.5"]
    cells += ["2026-11-20 09:30:15 后", "x\ny", "  文本  ", "null", "2026-11-20"]
    column = pd.Series(cells, dtype="str")
    assert isinstance(column.dtype, pd.StringDtype)
    assert list(display_frame(pd.DataFrame({"t": column}))["t"]) == [cell_text(c) for c in cells]


def test_percent_columns_read_as_percentages_with_a_dash_when_not_rated() -> None:
    shown = display_frame(pd.DataFrame({"rate": [0.625, None, 1.0]}), percent=["rate"])
    assert list(shown["rate"]) == ["62.5%", MISSING, "100.0%"]


def test_a_sticky_table_escapes_every_cell_and_links_each_unit_to_its_page():
    frame = pd.DataFrame(
        {
            "rank": [1, 2],
            "unit_name": ["<b>甲</b>&局", "县乙局"],
            "score": [89.5, 90.0],
            "main": ["[官网](http://x)", None],
        }
    )
    shown = sticky_table_html(frame, unit_links="2026-10")
    assert "<b>" not in shown and "&lt;b&gt;甲&lt;/b&gt;&amp;局" in shown
    assert '<a href="unit?unit=&lt;b&gt;甲&lt;/b&gt;%26局&amp;month=2026-10"' in shown  # & escaped in the query
    assert '<td class="n">89.5</td>' in shown and '<td class="n">90</td>' in shown  # no "90.0"
    assert "<td>—</td>" in shown  # a missing value, never "None"
    assert "<th>名次</th>" in shown and "<th>单位</th>" in shown

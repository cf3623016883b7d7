"""Every table a page shows, as a reader expects it (issue 12 item 6): Chinese headers, "—" for a missing value
(never "None", "NaT" or "nan"), dates without "00:00:00", times to the minute, percentages as "62.5%".

`display_frame` is plain pandas (tested without Streamlit); `table` renders it. Pages call `table` instead of
`st.dataframe`; the Excel downloads keep the raw values (ui.components.download_table).
"""

import html
import math
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from ui import strings
from ui.state import PARAM_MONTH, PARAM_UNIT
from ui.text import plain

MISSING = "—"
EMPTY = "（无记录）"
_MISSING_TEXTS = frozenset({"None", "none", "NaT", "nan", "NaN", "<NA>", "null"})
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00(\.0+)?)?$")
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}):\d{2}(\.\d+)?$")
_STAMPED = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}"  # what both patterns above start with


def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in _MISSING_TEXTS


def cell_text(value: Any) -> Any:
    """One cell as shown: "—" when missing, a date as 2026-11-20, a time of day to the minute; else unchanged."""
    if _missing(value):
        return MISSING
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}" if value.time() == time(0) else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, str):
        if found := _MIDNIGHT.match(value):
            return found.group(1)
        if found := _TIMESTAMP.match(value):
            return f"{found.group(1)} {found.group(2)}"
    return value


def _text_column(series: pd.Series) -> pd.Series:
    """A column of pandas' string dtype as cell_text shows each cell: missing texts found for the whole column
    at once, and only cells that start like a timestamp go through cell_text. Cell by cell, the 17k-row
    旧稿新发 grid of 更新频率 at 1M items took 0.6 s of the page's run (issue 12)."""
    missing = (series.isna() | series.str.strip().isin(_MISSING_TEXTS)).to_numpy(bool)
    out = np.where(missing, MISSING, series.to_numpy(object))
    stamped = series.str.contains(_STAMPED, regex=True, na=False).to_numpy(bool) & ~missing
    out[stamped] = [cell_text(value) for value in out[stamped]]
    return pd.Series(out, index=series.index, dtype=object)


def _number_text(value: Any) -> str:
    if _missing(value):
        return MISSING
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _percent_text(value: Any) -> str:
    return MISSING if _missing(value) else f"{float(value) * 100:.1f}%"


def display_frame(frame: pd.DataFrame, percent: Iterable[str] = ()) -> pd.DataFrame:
    """The frame with every cell as a reader sees it; column names unchanged.

    Numeric columns stay numeric (sortable) unless they hold a missing value, which "—" replaces; `percent`
    columns (fractions 0–1) become "62.5%".
    """
    out = frame.copy()
    percent = set(percent)
    for column in out.columns:
        series = out[column]
        if column in percent:
            out[column] = [_percent_text(v) for v in series]
        elif pd.api.types.is_bool_dtype(series):
            continue
        elif pd.api.types.is_numeric_dtype(series):
            if series.isna().any():
                out[column] = pd.Series([_number_text(v) for v in series], index=series.index, dtype=object)
        elif pd.api.types.is_datetime64_any_dtype(series):
            values = series.dropna()
            midnight = bool((values.dt.normalize() == values).all())
            shown = series.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M").astype(object)
            out[column] = shown.where(series.notna(), MISSING)
        elif isinstance(series.dtype, pd.StringDtype):
            out[column] = _text_column(series)
        else:
            out[column] = pd.Series([cell_text(v) for v in series], index=series.index, dtype=object)
    return out


def table(
    frame: pd.DataFrame,
    height: int | None = None,
    percent: Iterable[str] = (),
    links: Iterable[str] = (),
    key: str | None = None,
    unit_links: str | None = None,
    marked: pd.DataFrame | None = None,
) -> None:
    """A DataFrame with Chinese headers and reader-ready cells; `links` columns are clickable addresses.
    unit_links='2026-10': next to each unit name, a link to that unit's page for the month (单位画像); the name
    itself stays text. `marked`: True for the cells to draw highlighted (same shape and labels as `frame`), e.g.
    the cells an annual-report check involves.

    An empty frame is a Chinese line, not Streamlit's empty grid with its English "empty"."""
    if frame.empty:
        st.caption(EMPTY)
        return
    shown = display_frame(frame, percent)
    config = {}
    if unit_links and "unit_name" in shown:
        urls = [unit_page_url(str(name), unit_links) for name in frame["unit_name"]]
        shown.insert(shown.columns.get_loc("unit_name") + 1, "unit_page", urls)
        config[strings.COLUMN_LABELS["unit_page"]] = st.column_config.LinkColumn(
            display_text=strings.UNIT_LINK_TEXT, help=strings.UNIT_LINK_HELP
        )
    for column in links:
        shown[column] = shown[column].where(shown[column] != MISSING, None)  # an empty link cell, not a link to "—"
    shown = shown.rename(columns=strings.COLUMN_LABELS)
    config |= {strings.COLUMN_LABELS.get(c, c): st.column_config.LinkColumn() for c in links}
    data = shown if marked is None else shown.style.apply(lambda _: marked_styles(marked, shown.columns), axis=None)
    st.dataframe(data, hide_index=True, width="stretch", height=height or "auto", column_config=config or None, key=key)


# A fixed stylesheet (no user text). top: Streamlit's header bar (3.75rem) stays over the page, so the header row
# stops just below it; the shadow is the header's rule (a border on a sticky cell scrolls away with the rows).
STICKY_CSS = """<style>
.sticky-table { border-collapse: separate; border-spacing: 0; width: 100%; font-size: 0.875rem; }
.sticky-table th { position: sticky; top: 0; z-index: 1; background: #f0f2f6; text-align: left;
  padding: 0.4rem 0.5rem; white-space: nowrap; box-shadow: inset 0 -2px 0 #b71c1c; }
.sticky-table td { padding: 0.3rem 0.5rem; border-bottom: 1px solid #e6e6e6; vertical-align: top; }
.sticky-table td a { white-space: nowrap; }
.sticky-table td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.sticky-table tbody tr:hover td { background: #fafafa; }
</style>"""


def sticky_table(frame: pd.DataFrame, unit_links: str | None = None) -> None:
    """Every row at full height with the header row staying in view while the page scrolls (issue 12 item 4: a
    leader scrolling 35 units still sees which column is which). An HTML table, because Streamlit's grid draws
    its header inside its canvas, which scrolls away with a full-height grid. Cells as display_frame shows them,
    every one escaped; unit_links='2026-10': each unit name links to its 单位画像 for the month (a new tab)."""
    if frame.empty:
        st.caption(EMPTY)
        return
    st.html(STICKY_CSS + sticky_table_html(frame, unit_links))


def sticky_table_html(frame: pd.DataFrame, unit_links: str | None = None) -> str:
    """The <table> of sticky_table (plain string work, tested without Streamlit)."""
    shown = display_frame(frame)
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    head = "".join(f"<th>{html.escape(strings.COLUMN_LABELS.get(c, c))}</th>" for c in shown.columns)
    rows = []
    for position, row in enumerate(shown.itertuples(index=False)):
        cells = []
        for column, value in zip(shown.columns, row):
            text = html.escape(_number_text(value) if column in numeric else str(value))
            if column == "unit_name" and unit_links:
                url = html.escape(unit_page_url(str(frame["unit_name"].iloc[position]), unit_links))
                text = f'<a href="{url}" target="_blank" title="{html.escape(strings.UNIT_LINK_HELP)}">{text}</a>'
            cells.append(f'<td class="n">{text}</td>' if column in numeric else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="sticky-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


MARK_STYLE = "background-color: #ffcdd2; color: #b71c1c; font-weight: bold"


def marked_styles(marked: pd.DataFrame, columns: pd.Index) -> pd.DataFrame:
    """The CSS of each shown cell: MARK_STYLE where `marked` is True, none elsewhere (labels as shown)."""
    styles = marked.reset_index(drop=True).map(lambda m: MARK_STYLE if m else "")
    styles.columns = columns
    return styles


def unit_page_url(unit_name: str, month: str) -> str:
    """A relative link to the unit's page for the month: unit?unit=县教育局&month=2026-10 (Chinese kept readable;
    only the characters that would break a query string are escaped)."""
    escaped = "".join(f"%{ord(c):02X}" if c in "%&#+?= " else c for c in unit_name)
    return f"unit?{PARAM_UNIT}={escaped}&{PARAM_MONTH}={month}"


def item_list(items: pd.DataFrame, truncated: bool, height: int | None = None) -> None:
    """One unit's published items (unit_items), each 链接 clickable, with the note when the list was cut."""
    if items.empty:
        st.caption(strings.PUB_UNIT_NONE)
        return
    table(items, height=height, links=["url"])
    if truncated:
        st.caption(strings.TRUNCATED_NOTE.format(limit=len(items)))


def timeline_markdown(steps: pd.DataFrame) -> str:
    """A finding's status changes (core.ranking.unit_profile.finding_histories rows), oldest first, as one markdown
    list: 2026-10-12 09:30｜台账导入｜未整改 → 整改中｜发布台账.xlsx｜王五｜说明. Lines, not a grid per finding:
    单位画像 showed a dozen small grids, the most of its time in the browser (issue 12, speed). Every stored value
    goes through ui.text.plain."""
    lines = []
    for step in steps.itertuples(index=False):
        parts = [
            cell_text(step.changed_at),
            strings.SOURCE_HISTORY.get(step.source, step.source),
            f"{cell_text(step.old_status)} → {cell_text(step.new_status)}",
        ]
        if not _missing(step.rectified_on):
            parts.append(f"整改完成 {cell_text(step.rectified_on)}")
        if not _missing(step.review):
            parts.append(f"回头看 {step.review}")
        parts += [str(v) for v in (step.file_name, step.changed_by, step.note) if not _missing(v) and str(v).strip()]
        lines.append("- " + "｜".join(plain(p) for p in parts))
    return "\n".join(lines)

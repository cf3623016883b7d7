"""User-supplied text shown as text (issue 9): unit, column, title, file name, person, note, doc number, 发布人.

Streamlit 1.67 renders markdown — links, images, emphasis, `code`, $math$, :red[colour], :emoji: and
:material/icons:, headings, lists, GFM autolinks — in st.markdown/write/info/success/warning/error/toast/caption/
title/subheader, in button, metric, expander, tab and widget labels, and in progress text. Raw HTML is shown as
text there. Selectbox and multiselect *options* are plain text and must not be escaped (the backslashes would
show). Plotly interprets a subset of HTML (<a href>, <b>, <br>) in every label of a chart.
"""

import re

import pandas as pd

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character CommonMark lets one escape
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
# GFM autolinks are found in the text after escapes are decoded, so `www\.x\.com`, `a\@b\.com` and
# `https\:\/\/x\.com` still become links; an invisible WORD JOINER (U+2060) breaks the pattern without
# changing what is seen.
_WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?i)(www)(?=\\\.)|(?=\\[:@])")


def plain(value: object) -> str:
    """`value` as a markdown fragment that Streamlit shows literally, character for character.

    Every ASCII punctuation character is backslash-escaped; line breaks become spaces (a value is one phrase
    of a sentence and must not open a heading, a list or a new paragraph); autolinks are broken invisibly.
    """
    text = _LINE_BREAKS.sub(" ", "" if value is None else str(value))
    escaped = _PUNCTUATION.sub(r"\\\1", text)
    return _AUTOLINK_START.sub(lambda m: (m.group(1) or "") + _WORD_JOINER, escaped)


def plain_format(template: str, **values: object) -> str:
    """`template.format(**values)` with every value passed through `plain`: our own markdown stays markdown."""
    return template.format(**{name: plain(value) for name, value in values.items()})


def chart_plain(value: object) -> str:
    """`value` as Plotly label text that is shown literally: &, < and > as entities."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chart_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text columns are `chart_plain`: category names, legends and hovers stay text."""
    text_columns = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    if not text_columns:
        return frame
    return frame.assign(
        **{c: frame[c].map(lambda v: chart_plain(v) if isinstance(v, str) else v) for c in text_columns}
    )

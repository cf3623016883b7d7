"""loaders.normalize: cell values as staff type them → canonical values, or the Chinese reason they fail."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from loaders.normalize import (
    CellError,
    clean_name,
    clean_text,
    parse_bool,
    parse_date,
    parse_deadline,
    parse_int,
    split_aliases,
)

DAY = date(2026, 10, 8)


def _fullwidth(text: str) -> str:
    """Digits and ASCII punctuation as a Chinese IME types them in full-width mode."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


@pytest.mark.parametrize(
    "value",
    [
        date(2026, 10, 8),
        datetime(2026, 10, 8, 9, 30),
        46303,  # Excel serial in a numeric cell
        46303.0,
        46303.395833,  # serial with a time fraction
        "46303",  # serial that went through a CSV
        "2026-10-08",
        "2026/10/8",
        "2026.10.08",
        "2026年10月8日",
        "2026年10月8号",
        "20261008",
        20261008,  # typed as a number in Excel
        20261008.0,
        "2026-10-08 09:30:00",
        "2026/10/8 9:30",
        "2026-10-08T09:30:00",
        "2026年10月8日 09:30",
        "２０２６年１０月８日",
        "２０２６－１０－０８",
        " 2026-10-08 ",
        "2026 - 10 - 08",
        "\u30002026年 10月 8日\u3000",
        "2026-10-08\n",
    ],
    ids=repr,
)
def test_every_date_form_means_the_same_day(value) -> None:
    assert parse_date(value) == DAY


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_empty_date_cell_is_none(value) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    "value,reason",
    [
        ("2026-13-45", "日期无法识别: 2026-13-45"),
        ("2026-02-30", "日期无法识别: 2026-02-30"),
        ("十月八日", "日期无法识别: 十月八日"),
        ("待定", "日期无法识别: 待定"),
        (12, "日期无法识别: 12"),
        ("２０２６－１３－４５", "日期无法识别: 2026-13-45"),
    ],
)
def test_impossible_date_is_rejected_with_reason(value, reason: str) -> None:
    with pytest.raises(CellError) as info:
        parse_date(value)
    assert info.value.reason == reason


_FORMS = {
    "iso": lambda d: d.strftime("%Y-%m-%d"),
    "slash": lambda d: f"{d.year}/{d.month}/{d.day}",
    "dot": lambda d: d.strftime("%Y.%m.%d"),
    "chinese": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "compact": lambda d: d.strftime("%Y%m%d"),
    "datetime": lambda d: d.strftime("%Y-%m-%d") + " 09:30:00",
    "fullwidth": lambda d: _fullwidth(f"{d.year}年{d.month}月{d.day}日"),
    "fullwidth-iso": lambda d: _fullwidth(d.strftime("%Y-%m-%d")),
    "spaced": lambda d: f"  {d.year} 年 {d.month} 月 {d.day} 日 ",
}


@settings(max_examples=150, deadline=None)
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), form=st.sampled_from(sorted(_FORMS)))
def test_any_date_1990_to_2100_in_each_textual_form_parses_back_to_itself(day: date, form: str) -> None:
    assert parse_date(_FORMS[form](day)) == day


# --- text -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("  关于做好国庆期间安全生产工作的通知  ", "关于做好国庆期间安全生产工作的通知"),
        ("\u3000关于做好国庆期间安全生产工作的通知\u3000", "关于做好国庆期间安全生产工作的通知"),
        ("关于做好国庆期间\n安全生产工作的通知", "关于做好国庆期间安全生产工作的通知"),
        ("关于做好国庆期间\r\n安全生产工作的通知", "关于做好国庆期间安全生产工作的通知"),
        ("关于（2026）第3号【通知】", "关于(2026)第3号【通知】"),
        ("Annual\nReport", "Annual Report"),
        ("a   b", "a b"),
        (None, ""),
        (3.0, "3"),
        (2.5, "2.5"),
    ],
)
def test_clean_text_trims_folds_and_makes_half_width(raw, expected: str) -> None:
    assert clean_text(raw) == expected


def test_title_with_line_break_equals_title_typed_on_one_line() -> None:
    assert clean_text("关于做好国庆、\n中秋期间工作的通知") == clean_text("关于做好国庆、中秋期间工作的通知")


@pytest.mark.parametrize(
    "raw",
    [
        "县应急管理局",
        " 县应急管理局 ",
        "县　应急管理局",
        "县 应 急 管 理 局",
        "县应急\n管理局",
        "\u3000县应急管理局\u3000",
    ],
)
def test_unit_name_padding_is_removed(raw: str) -> None:
    assert clean_name(raw) == "县应急管理局"


def test_aliases_split_on_every_separator() -> None:
    assert split_aliases("县应急局、应急局,安监局，县安监局;应急;应急局／县应急管理局/xx") == [
        "县应急局",
        "应急局",
        "安监局",
        "县安监局",
        "应急",
        "县应急管理局",
        "xx",
    ]
    assert split_aliases("") == []
    assert split_aliases(None) == []


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("是", True),
        ("否", False),
        (" 是 ", True),
        ("Y", True),
        ("√", True),
        (True, True),
        (1, True),
        (0, False),
        ("×", False),
    ],
)
def test_yes_no_spellings(raw, expected: bool) -> None:
    assert parse_bool(raw, default=not expected) is expected


@pytest.mark.parametrize("raw", ["", None, " ", "\u3000"])
def test_empty_yes_no_takes_the_default(raw) -> None:
    assert parse_bool(raw, default=True) is True
    assert parse_bool(raw, default=False) is False


def test_unknown_yes_no_is_rejected_in_chinese() -> None:
    with pytest.raises(CellError) as info:
        parse_bool("也许", default=True)
    assert info.value.reason == "应填“是”或“否”: 也许"


def test_parse_int_accepts_excel_floats_and_rejects_text() -> None:
    assert parse_int(3.0) == 3
    assert parse_int("１４") == 14
    assert parse_int("") is None
    with pytest.raises(CellError, match="应为整数: 两周"):
        parse_int("两周")
    with pytest.raises(CellError, match="应为非负整数"):
        parse_int("-1")


# --- deadlines --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,days,working",
    [
        ("10个工作日", 10, True),
        ("10 个工作日", 10, True),
        ("１０个工作日", 10, True),
        ("10工作日内", 10, True),
        ("15天", 15, False),
        ("15日内", 15, False),
        ("15个自然日", 15, False),
    ],
)
def test_relative_deadline_is_understood(raw: str, days: int, working: bool) -> None:
    deadline = parse_deadline(raw)
    assert (deadline.due, deadline.days, deadline.working_days) == (None, days, working)


@pytest.mark.parametrize("raw", ["2026-11-30", "2026年11月30日", date(2026, 11, 30), 46356])
def test_absolute_deadline_is_a_date(raw) -> None:
    assert parse_deadline(raw).due == date(2026, 11, 30)


def test_bad_deadline_is_rejected_in_chinese() -> None:
    with pytest.raises(CellError) as info:
        parse_deadline("尽快")
    assert info.value.reason == "整改期限无法识别: 尽快"
    with pytest.raises(CellError) as info:
        parse_deadline("")
    assert info.value.reason == "缺少整改期限"


_TRICKY = st.lists(
    st.one_of(
        st.text(alphabet=st.sampled_from("关于 a1、"), max_size=6),  # printable and NFKC: the fast path, but spaces
        st.text(alphabet=st.sampled_from("关Ａ１\ufb01é\u0301"), max_size=3),  # full-width, ligature, combining accent
        st.text(alphabet=st.sampled_from("关 a\u3000\n\u200b\u00ad"), max_size=6),
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
        st.integers(min_value=-5, max_value=99999),
    ),  # what the readers hand over: text ('' for an empty cell) and numbers
    max_size=12,
)
# all-ASCII columns (links) take already_clean's byte check of printability: a control, DEL, tab or line break in
# one cell must still send the column through clean_text / clean_name cell by cell
_ASCII_COLUMN = st.lists(st.text(alphabet=st.sampled_from("a1 ~\n\t\r\x00\x1f\x7f"), max_size=5), max_size=8)


@given(values=st.one_of(_TRICKY, _ASCII_COLUMN))
@example(values=["a\nb"])
@example(values=["a", "b\x7f"])
@example(values=["关于  通知", "a1"])
@example(values=["关于 ", "通知"])
@example(values=["关于", " 通知"])
@example(values=["ＡＢ", "关于"])
@settings(max_examples=300, deadline=None)
def test_a_column_is_cleaned_as_each_of_its_cells_would_be(values: list) -> None:
    # the column-at-once check of already_clean (issue 9, import speed) must give exactly clean_text / clean_name
    # of every cell: full-width letters, ﬁ ligatures, e + combining accent, spaces, line breaks, invisible characters
    from loaders.validate import _convert

    for fn in (clean_text, clean_name):
        converted, errors, _ = _convert(values, fn)
        assert list(converted) == [fn(v) or None for v in values] and not errors

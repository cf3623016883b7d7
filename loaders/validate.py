"""Raw data rows of one sheet → canonical records per kind, and the rows rejected with a Chinese reason.

Never imports streamlit. Conversion runs column by column with a cache per distinct value (a 100k-row ledger
has a few hundred distinct dates and units), because per-cell Python work dominates import time.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from core.calendar.workdays import WorkdayCalendar
from core.rectification.vocabulary import NOT_STARTED, REVIEW_FAILED, REVIEW_PASSED
from core.rectification.vocabulary import STATES as FINDING_STATES
from core.registry.categories import canonical_category, load_categories
from core.registry.vocabulary import UNIT_TYPES
from loaders.kinds import KINDS
from loaders.limits import DateWindow
from loaders.normalize import (
    CellError,
    Deadline,
    already_clean,
    clean_name,
    clean_text,
    invisible_chars,
    parse_bool,
    parse_date,
    parse_deadline,
    parse_extensions,
    parse_int,
    split_aliases,
)
from loaders.registry import CONTACT_FIELDS, Registry

REVIEW_RESULTS = (REVIEW_PASSED, REVIEW_FAILED)
_CLEANERS = (clean_text, clean_name)  # _convert checks a whole column of text for these at once


@dataclass
class SheetRows:
    """The data rows of one sheet, by field, with the spreadsheet row number of each."""

    kind: str
    row_numbers: list[int]
    values: dict[str, list[Any]]  # field → raw cell values, same length as row_numbers
    raw: list[dict[str, Any]]  # header text → raw value, for the quarantine
    conflicts: dict[int, str] = field(default_factory=dict)  # position → reason found before validation
    # field → {distinct raw value: its outcome}: shared by the runs of rows of one sheet validated as it is read,
    # so that each distinct date or name is converted once per sheet, not once per run (issue 9, import speed)
    memo: dict[str, dict[Any, "_Outcome"]] = field(default_factory=dict)


@dataclass
class Validated:
    records: pd.DataFrame  # one row per accepted data row: row_number + canonical fields
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (row_number, reason)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (row_number, what was cleaned) of any row


def merged(parts: list[Validated]) -> Validated:
    """The validations of consecutive runs of one sheet's rows as one, in row order."""
    records = pd.concat([p.records for p in parts], ignore_index=True) if len(parts) > 1 else parts[0].records
    return Validated(records, [r for p in parts for r in p.rejected], sorted(note for p in parts for note in p.notes))


def _label(kind: str, name: str) -> str:
    return next(f.synonyms[0] for f in KINDS[kind].fields if f.name == name)


def _by_position(codes: np.ndarray, by_code: dict[int, str]) -> dict[int, str]:
    return {int(i): by_code[codes[i]] for i in np.flatnonzero(np.isin(codes, list(by_code)))} if by_code else {}


_Outcome = tuple[Any, str | None, str | None]  # (converted value, error reason, invisible characters found)


def _outcome(fn: Callable[[Any], Any], value: Any) -> _Outcome:
    found = ("、".join(invisible_chars(value)) or None) if isinstance(value, str) else None
    try:
        result = fn(value)
        return (None if result == "" else result), None, found
    except CellError as exc:
        return None, exc.reason, found
    except (OverflowError, ValueError, TypeError) as exc:  # every row ends in an outcome, whatever it holds
        return None, f"无法处理的值: {value!r}（{type(exc).__name__}）", found


def _convert(
    values: list[Any], fn: Callable[[Any], Any], memo: dict[Any, _Outcome] | None = None
) -> tuple[np.ndarray, dict[int, str], dict[int, str]]:
    """Apply fn to each distinct value once (pandas factorize; once per sheet with a `memo` kept across runs of
    rows), or to none when a text column is already clean; errors and removed invisible characters (clean_text
    drops them) collected by position.

    Returns an object array (an empty optional cell becomes None, stored as NULL), errors, cleaned.
    """
    if fn in _CLEANERS and set(map(type, values)) <= {str} and already_clean(values, names=fn is clean_name):
        # the common case, decided for the whole column in C: a text column (100k distinct titles or links) that
        # cleaning leaves as it is; factorizing it would cost more than the cleaning saved (issue 9, import speed)
        column = np.array(values, dtype=object)
        column[column == ""] = None
        return column, {}, {}
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    memo = {} if memo is None else memo
    converted = np.empty(len(uniques), dtype=object)
    failed: dict[int, str] = {}
    dirty: dict[int, str] = {}
    for code, value in enumerate(uniques):
        known = memo.get(value)
        if known is None:
            known = memo[value] = _outcome(fn, value)
        converted[code], error, found = known
        if error is not None:
            failed[code] = error
        if found is not None:
            dirty[code] = found
    return converted[codes], _by_position(codes, failed), _by_position(codes, dirty)


class _Builder:
    """Collects converted columns and the first reason each row fails for."""

    def __init__(self, sheet: SheetRows) -> None:
        self.sheet = sheet
        self.columns: dict[str, Any] = {"row_number": list(sheet.row_numbers)}
        self.reasons: dict[int, str] = dict(sheet.conflicts)
        self.notes: list[tuple[int, str]] = []

    def take(self, name: str, fn: Callable[[Any], Any], required: bool = False) -> np.ndarray:
        raw = self.sheet.values.get(name) or [""] * len(self.sheet.row_numbers)
        out, errors, cleaned = _convert(raw, fn, self.sheet.memo.setdefault(name, {}))
        for i, reason in errors.items():
            self.reject(i, reason)
        label = _label(self.sheet.kind, name)
        self.notes += [
            (self.sheet.row_numbers[i], f"{label}: 已删除不可见字符 {codes}") for i, codes in cleaned.items()
        ]
        if required:
            for i in np.flatnonzero(pd.isna(out)).tolist():
                self.reject(i, f"缺少{_label(self.sheet.kind, name)}")
        self.columns[name] = out
        return out

    def reject(self, i: int, reason: str) -> None:
        self.reasons.setdefault(i, reason)

    def reject_where(self, first: np.ndarray, second: np.ndarray, reason: str) -> None:
        """Reject the rows where both dates are given and `first` is after `second`: reason.format(first, second).
        Compared as whole columns (one C loop), not row by row in Python (issue 9, import speed)."""
        given = pd.notna(first) & pd.notna(second)
        wrong = np.zeros(len(first), dtype=bool)
        wrong[given] = first[given] > second[given]
        for i in np.flatnonzero(wrong).tolist():
            self.reject(i, reason.format(first[i], second[i]))

    def result(self) -> Validated:
        rejected = sorted((self.sheet.row_numbers[i], r) for i, r in self.reasons.items())
        columns = self.columns
        if self.reasons:  # drop rejected rows before building the frame: cheaper than .iloc on 100k rows
            keep = [i not in self.reasons for i in range(len(self.sheet.row_numbers))]
            columns = {k: [x for x, kept in zip(v, keep) if kept] for k, v in columns.items()}
        # object columns as converted: pandas 3 would copy every text column into an Arrow string array (a third
        # of a 100k-row validation), and DuckDB reads the Python strings directly (issue 9, import speed)
        frame = pd.DataFrame({k: v if k == "row_number" else pd.Series(v, dtype=object) for k, v in columns.items()})
        return Validated(frame, rejected, sorted(self.notes))


def _plausible(window: DateWindow, label: str, latest: date | None = None) -> Callable[[Any], date | None]:
    """parse_date, then the plausible window: 9999-12-31 or a typo 2062-11-05 poisons every default month."""
    latest = latest or window.latest

    def parse(value: Any) -> date | None:
        day = parse_date(value)
        if day is not None and not window.earliest <= day <= latest:
            raise CellError(f"{label}不在合理范围: {day}（应在 {window.earliest} 至 {latest} 之间）")
        return day

    return parse


def _count(label: str) -> Callable[[Any], int | None]:
    """A small whole number (补正次数): empty → None; anything else that is not one is refused with `label`."""

    def parse(value: Any) -> int | None:
        text = clean_text(value)
        if not text:
            return None
        number = text.removesuffix("次")
        if not number.isdigit() or int(number) > 99:
            raise CellError(f"{label}应为次数（如 1）: {text}")
        return int(number)

    return parse


def _plausible_deadline(window: DateWindow) -> Callable[[Any], Deadline]:
    check = _plausible(window, "整改期限", window.latest_deadline)

    # a counted limit may reach no further than a fixed date may (the due date itself is computed on read)
    longest = (window.latest_deadline - window.earliest).days

    def parse(value: Any) -> Deadline:
        deadline = parse_deadline(value)
        if deadline.due is not None:
            check(deadline.due)
        if deadline.days is not None and deadline.days > longest:
            raise CellError(f"整改期限不合理: {deadline.raw}")
        return deadline

    return parse


def _choice(options: tuple[str, ...], what: str, default: str | None = None) -> Callable[[Any], str | None]:
    def parse(value: Any) -> str | None:
        text = clean_name(value)
        if not text:
            return default
        if text in options:
            return text
        raise CellError(f"{what}应为{'/'.join(options)}之一: {clean_text(value)}")

    return parse


def _resolve_units(b: _Builder, registry: Registry, field_name: str = "unit") -> np.ndarray:
    memo = b.sheet.memo.setdefault(f"{field_name} → unit_id", {})
    ids, errors, _ = _convert(b.columns[field_name], lambda name: _registered_unit(registry, name), memo)
    for i, reason in errors.items():
        b.reject(i, reason)
    b.columns["unit_id"] = ids
    return ids


def _registered_unit(registry: Registry, name: str) -> int | None:
    if not name:
        return None
    unit_id = registry.unit_id(name)
    if unit_id is None:
        raise CellError(f"单位未登记: {name}")
    return unit_id


def validate_units(sheet: SheetRows, registry: Registry, calendar: WorkdayCalendar, window: DateWindow) -> Validated:
    b = _Builder(sheet)
    b.take("name", clean_name, required=True)
    b.take("aliases", split_aliases)
    b.take("unit_type", _unit_type, required=True)
    b.take("in_assessment", lambda v: parse_bool(v, default=True))
    b.take("order", parse_int)
    for contact in CONTACT_FIELDS:
        b.take(contact, lambda v: clean_name(v) or None)
    return b.result()


def _unit_type(value: Any) -> str | None:
    text = clean_name(value)
    if not text:
        return None
    for option in UNIT_TYPES:
        if text == option or text.rstrip("类") == option or option.startswith(text):
            return option
    if text in ("乡", "镇", "乡镇街道", "乡镇(街道)"):
        return "乡镇"
    raise CellError(f"单位类型应为{'/'.join(UNIT_TYPES)}之一: {clean_text(value)}")


def validate_columns(sheet: SheetRows, registry: Registry, calendar: WorkdayCalendar, window: DateWindow) -> Validated:
    b = _Builder(sheet)
    b.take("unit", clean_name, required=True)
    b.take("column", clean_name, required=True)
    b.take("category", _category, required=True)
    b.take("max_interval_days", parse_int)
    b.take("registered_on", _plausible(window, "开设日期"))
    _resolve_units(b, registry)
    return b.result()


def _category(value: Any) -> str | None:
    text = clean_name(value)
    if not text:
        return None
    name = canonical_category(text)
    if name is None:
        raise CellError(f"栏目类别未知: {text}（可选: {'、'.join(load_categories())}）")
    return name


def validate_items(sheet: SheetRows, registry: Registry, calendar: WorkdayCalendar, window: DateWindow) -> Validated:
    b = _Builder(sheet)
    b.take("unit", clean_name, required=True)
    b.take("column", clean_name, required=True)
    b.take("title", clean_text, required=True)
    published = b.take("published_on", _plausible(window, "发布日期"), required=True)
    created = b.take("created_on", _plausible(window, "成文日期"))
    b.take("doc_number", clean_name)
    b.take("url", clean_name)
    b.take("is_interpretation", lambda v: parse_bool(v, default=False))
    b.reject_where(created, published, "成文日期晚于发布日期: {} > {}")
    _resolve_units(b, registry)
    return b.result()


def validate_findings(sheet: SheetRows, registry: Registry, calendar: WorkdayCalendar, window: DateWindow) -> Validated:
    b = _Builder(sheet)
    b.take("finding_no", clean_name)
    b.take("inspection", clean_name, required=True)
    found = b.take("found_on", _plausible(window, "发现日期"), required=True)
    b.take("unit", clean_name, required=True)
    b.take("problem_type", clean_name, required=True)
    b.take("description", clean_text, required=True)
    deadlines = b.take("deadline", _plausible_deadline(window), required=True)
    b.take("status", _choice(FINDING_STATES, "整改状态", default=NOT_STARTED))
    rectified = b.take("rectified_on", _plausible(window, "整改完成日期"))
    b.take("rectification_note", clean_text)
    b.take("review", _choice(REVIEW_RESULTS, "回头看", default=None))
    b.take("reviewed_on", _plausible(window, "回头看日期"))  # a failed 回头看 reopens a finding from this day
    b.reject_where(found, rectified, "整改完成日期早于发现日期: {1} < {0}")
    b.columns["deadline"] = [d.raw if d else None for d in deadlines]
    # a counted 整改时限 is turned into a date on read, with the calendar in force (issue 10, migration m008);
    # only a date the ledger wrote is kept
    b.columns["due_on"] = [d.due if d else None for d in deadlines]
    b.columns["due_uses_fallback"] = [None] * len(deadlines)
    _resolve_units(b, registry)
    return b.result()


def validate_requests(sheet: SheetRows, registry: Registry, calendar: WorkdayCalendar, window: DateWindow) -> Validated:
    b = _Builder(sheet)
    b.take("request_no", clean_name, required=True)
    b.take("unit", clean_name, required=True)
    received = b.take("received_on", _plausible(window, "收到日期"), required=True)
    b.take("channel", clean_name)
    b.take("applicant_type", clean_name)
    b.columns["extension_count"] = b.take("extended", parse_extensions)
    replied = b.take("replied_on", _plausible(window, "答复日期"))
    b.take("outcome", clean_name)
    b.take("correction_received_on", _plausible(window, "补正日期"))
    b.take("consultation_from", _plausible(window, "征求意见开始日期"))
    b.take("consultation_to", _plausible(window, "征求意见结束日期"))
    b.take("correction_requested_on", _plausible(window, "补正告知日期"))  # 条例 第三十条: within 7 working days
    b.take("correction_count", _count("补正次数"))  # asked once only; a second notice is flagged
    b.take("delayed_due_on", _plausible(window, "延迟答复期限", window.latest_deadline))  # 第三十五条
    b.reject_where(received, replied, "答复日期早于收到日期: {1} < {0}")
    _resolve_units(b, registry)
    return b.result()


VALIDATORS: dict[str, Callable[[SheetRows, Registry, WorkdayCalendar, DateWindow], Validated]] = {
    "units": validate_units,
    "columns": validate_columns,
    "items": validate_items,
    "findings": validate_findings,
    "requests": validate_requests,
}

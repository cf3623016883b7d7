"""Working-day calendar used by every deadline and duration computation.

Pure logic: this module never imports streamlit.

Working days are Mon-Fri minus the State Council's statutory holidays plus the
调休 make-up weekend days. Data comes from ``chinese_calendar`` (2004-2026)
overridden/extended by the editable ``data/holidays.csv``. Years without any
official data fall back to Mon-Fri minus the fixed-date statutory holidays of
《全国年节及纪念日放假办法》第二条 (2024-11-10 revision: 元旦 1-1, 劳动节 5-1 and
5-2, 国庆节 10-1 to 10-3 — known without the State Council's yearly notice; the
lunar holidays and 调休 are not), and every result that relied on that is
flagged, so a deadline in 2027 is shown as an estimate instead of crashing.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar

from core.config import DATA_DIR
from core.errors import DashboardError

DEFAULT_HOLIDAYS_PATH = DATA_DIR / "holidays.csv"
ENV_HOLIDAYS = "DASHBOARD_HOLIDAYS"
WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
KIND_REST, KIND_WORK = "休", "班"
# Years the installed chinese_calendar knows; derived so a newer release extends it.
_LIBRARY_YEARS = frozenset(d.year for d in chinese_calendar.holidays)
# chinese_calendar's short Chinese names, made to read naturally in explanations.
_FRIENDLY_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}
_ONE_DAY = timedelta(days=1)
# 《全国年节及纪念日放假办法》第二条 (国务院 2024-11-10 第四次修订): the holidays on fixed solar dates. 第六条's
# make-up day for one falling on a weekend is set by the yearly notice, so the estimate leaves it out.
FIXED_HOLIDAYS = {
    (1, 1): "元旦",
    (5, 1): "劳动节",
    (5, 2): "劳动节",
    (10, 1): "国庆节",
    (10, 2): "国庆节",
    (10, 3): "国庆节",
}
FALLBACK_RULE = "按周一至周五推算（已扣除元旦、劳动节、国庆节的法定固定日期假日）"


class HolidayFileError(DashboardError, ValueError):
    """A holidays.csv problem the user must fix; message is shown verbatim."""

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class DayInfo:
    """One calendar day as the office sees it; fallback=True means guessed Mon-Fri."""

    day: date
    is_workday: bool
    kind: str  # "工作日" | "周末" | "节假日" | "调休上班"
    name: str
    fallback: bool


@dataclass(frozen=True)
class WorkdayCount:
    """Result of add_workdays, carrying enough detail to explain the due date."""

    start: date
    n: int
    due: date
    skipped: tuple[DayInfo, ...]
    adjusted_workdays: tuple[DayInfo, ...]
    fallback_years: tuple[int, ...]
    calendar_days: bool = False  # True for a period in 天 (add_days), False for 工作日

    @property
    def uses_fallback(self) -> bool:
        """True when the due date is only an estimate (a year lacked official data)."""
        return bool(self.fallback_years)

    def explain(self) -> str:
        """Chinese sentence justifying the due date, for tooltips and exports."""
        if self.calendar_days:
            return self._explain_days()
        parts = [f"自{self.start.isoformat()}次日起算{self.n}个工作日，截止{self.due.isoformat()}"]
        holidays = _group_holidays([d for d in self.skipped if d.kind == "节假日"])
        if holidays:
            parts.append("跳过节假日：" + "、".join(holidays))
        if self.adjusted_workdays:
            days = [f"{d.day.isoformat()}({WEEKDAY_NAMES[d.day.weekday()]})" for d in self.adjusted_workdays]
            parts.append("计入调休上班日：" + "、".join(days))
        if self.fallback_years:
            parts.append(fallback_note(self.fallback_years))
        return "；".join(parts)

    def _explain_days(self) -> str:
        parts = [f"自{self.start.isoformat()}次日起算{self.n}天"]
        if self.skipped:
            last = self.skipped[0].day
            parts.append(f"最后一日{last.isoformat()}为休假日，顺延至{self.due.isoformat()}（民法典第二百零三条）")
        else:
            parts.append(f"截止{self.due.isoformat()}")
        if self.fallback_years:
            parts.append(fallback_note(self.fallback_years))
        return "；".join(parts)


def fallback_note(years: tuple[int, ...] | list[int]) -> str:
    """The sentence every estimated result carries: which years lack the State Council's arrangement."""
    return f"{'、'.join(str(y) for y in years)}年无官方节假日安排，{FALLBACK_RULE}，为估算"


def _group_holidays(days: list[DayInfo]) -> list[str]:
    """Collapse consecutive same-name holidays so 7 days of 国庆 read as one range."""
    runs: list[list[DayInfo]] = []
    for info in days:
        last = runs[-1][-1] if runs else None
        if last and last.name == info.name and info.day - last.day == _ONE_DAY:
            runs[-1].append(info)
        else:
            runs.append([info])
    texts = []
    for run in runs:
        span = run[0].day.isoformat()
        if len(run) > 1:
            span += f"至{run[-1].day.isoformat()}"
        texts.append(f"{span} {run[0].name}".rstrip())
    return texts


def _as_date(d: date) -> date:
    """Accept datetime/pandas Timestamp too, so caches key on plain dates."""
    return d.date() if isinstance(d, datetime) else d


def _kind(d: date, is_workday: bool, name: str) -> str:
    """Classify a day; a named or weekday rest day is a holiday, else a weekend."""
    weekend = d.weekday() >= 5
    if is_workday:
        return "调休上班" if weekend else "工作日"
    return "节假日" if (name or not weekend) else "周末"


def _library_day(d: date) -> tuple[bool, str] | None:
    """Ask chinese_calendar about one day; None when it has no data for the year."""
    try:
        workday = chinese_calendar.is_workday(d)
        _, english = chinese_calendar.get_holiday_detail(d)
    except NotImplementedError:
        return None
    name = chinese_calendar.Holiday(english).chinese if english else ""
    return workday, _FRIENDLY_NAMES.get(name, name)


class _Year:
    """Lazily built per-year table: DayInfo per day plus cumulative workday counts."""

    def __init__(self, infos: list[DayInfo]) -> None:
        self.infos = infos
        self.first = infos[0].day.toordinal()
        self.cum: list[int] = []
        running = 0
        for info in infos:
            running += info.is_workday
            self.cum.append(running)
        self.total = running


class WorkdayCalendar:
    """Answers is-this-a-workday and counts workdays; caches per year for speed."""

    def __init__(self, overrides: dict[date, tuple[bool, str]] | None = None) -> None:
        self._overrides = {_as_date(d): v for d, v in (overrides or {}).items()}
        self._override_years = frozenset(d.year for d in self._overrides)
        self._years: dict[int, _Year] = {}
        self._add_cache: dict[tuple[date, int], WorkdayCount] = {}
        self._fallback_cache: dict[tuple[int, int], tuple[int, ...]] = {}

    def has_official_data(self, year: int) -> bool:
        """Official = chinese_calendar covers the year or holidays.csv mentions it."""
        return year in _LIBRARY_YEARS or year in self._override_years

    def _build_day(self, d: date) -> DayInfo:
        """Resolve one day: CSV override, then chinese_calendar, then Mon-Fri minus the fixed-date holidays."""
        if d in self._overrides:
            workday, name = self._overrides[d]
            return DayInfo(d, workday, _kind(d, workday, name), name, False)
        official = self.has_official_data(d.year)
        found = _library_day(d) if d.year in _LIBRARY_YEARS else None
        if found is None:
            fixed = FIXED_HOLIDAYS.get((d.month, d.day), "")
            workday = d.weekday() < 5 and not fixed
            return DayInfo(d, workday, _kind(d, workday, fixed), fixed, not official)
        workday, name = found
        return DayInfo(d, workday, _kind(d, workday, name), name, False)

    def _year(self, year: int) -> _Year:
        """Build (once) the table for a year; benign race if two threads build it."""
        table = self._years.get(year)
        if table is None:
            first, count = date(year, 1, 1), (date(year, 12, 31) - date(year, 1, 1)).days + 1
            table = _Year([self._build_day(first + timedelta(days=i)) for i in range(count)])
            self._years[year] = table
        return table

    def day(self, d: date) -> DayInfo:
        """Full information about a single date (cached)."""
        d = _as_date(d)
        table = self._year(d.year)
        return table.infos[d.toordinal() - table.first]

    def is_workday(self, d: date) -> bool:
        """True if the office works that day (调休 weekends included)."""
        return self.day(d).is_workday

    def add_workdays(self, start: date, n: int) -> WorkdayCount:
        """Due date n workdays after start; the start day itself is never counted (民法典 第二百零一条)."""
        start = _as_date(start)
        if n < 0:
            raise ValueError(f"工作日天数不能为负数: {n}")
        key = (start, n)
        cached = self._add_cache.get(key)
        if cached is not None:
            return cached
        x, k = start, 0
        skipped: list[DayInfo] = []
        adjusted: list[DayInfo] = []
        fallback: set[int] = set()
        while k < n:
            x += _ONE_DAY
            info = self.day(x)
            if info.fallback:
                fallback.add(x.year)
            if info.is_workday:
                k += 1
                if info.kind == "调休上班":
                    adjusted.append(info)
            else:
                skipped.append(info)
        result = WorkdayCount(start, n, x, tuple(skipped), tuple(adjusted), tuple(sorted(fallback)))
        self._add_cache[key] = result
        return result

    def _cum(self, d: date) -> int:
        """Workdays from Jan 1 of d's year up to and including d."""
        table = self._year(d.year)
        return table.cum[d.toordinal() - table.first]

    def workdays_between(self, start: date, end: date) -> tuple[int, tuple[int, ...]]:
        """Workdays in (start, end] via prefix sums, plus the fallback years touched."""
        start, end = _as_date(start), _as_date(end)
        if end <= start:
            return 0, ()
        total = self._cum(end) - self._cum(start)
        for year in range(start.year, end.year):
            total += self._year(year).total
        return total, self._fallback_years((start + _ONE_DAY).year, end.year)

    def _fallback_years(self, first: int, last: int) -> tuple[int, ...]:
        """Years in [first, last] lacking official data; memoised as it is hot."""
        key = (first, last)
        found = self._fallback_cache.get(key)
        if found is None:
            found = tuple(y for y in range(first, last + 1) if not self.has_official_data(y))
            self._fallback_cache[key] = found
        return found

    def add_days(self, start: date, n: int) -> WorkdayCount:
        """A period of n calendar days ("15天") after start (start day not counted, 民法典 第二百零一条).

        民法典 第二百零三条: when its last day is a 法定休假日 the period ends on the day after the rest days —
        read here as the next working day of this calendar (weekends and holidays; a 调休 working weekend
        day is a working day). `skipped` holds the rest days the end moved over.
        """
        start = _as_date(start)
        if n < 0:
            raise ValueError(f"天数不能为负数: {n}")
        x = start + timedelta(days=n)
        skipped: list[DayInfo] = []
        fallback = {x.year} if self.day(x).fallback else set()
        while not self.is_workday(x):
            skipped.append(self.day(x))
            x += _ONE_DAY
            if self.day(x).fallback:
                fallback.add(x.year)
        return WorkdayCount(start, n, x, tuple(skipped), (), tuple(sorted(fallback)), calendar_days=True)


def _parse_date(text: str, line: int) -> date:
    """Read 2026-10-01 and the 2026/10/1 form Excel tends to write back."""
    try:
        year, month, day = (int(p) for p in text.strip().replace("/", "-").split("-"))
        return date(year, month, day)
    except ValueError:
        raise HolidayFileError(
            f"节假日文件第 {line} 行日期无法识别: {text}", "日期请写成 2026-10-01 这样的格式"
        ) from None


def _parse_rows(rows: list[list[str]]) -> dict[date, tuple[bool, str]]:
    """Validate CSV rows (line 1 = header) into calendar overrides."""
    if not rows or [c.strip().lower() for c in rows[0][:3]] != ["date", "kind", "name"]:
        raise HolidayFileError("节假日文件第 1 行表头应为: date,kind,name", "请保留首行表头 date,kind,name")
    overrides: dict[date, tuple[bool, str]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        d = _parse_date(row[0], line)
        kind = row[1].strip() if len(row) > 1 else ""
        if kind not in (KIND_REST, KIND_WORK):
            raise HolidayFileError(f"节假日文件第 {line} 行类型无法识别: {kind or '(空)'}", "类型只能填 休 或 班")
        value = (kind == KIND_WORK, row[2].strip() if len(row) > 2 else "")
        if d in overrides and overrides[d][0] != value[0]:
            raise HolidayFileError(f"节假日文件第 {line} 行日期与前文矛盾: {d.isoformat()}", "同一日期只能是休或班之一")
        overrides[d] = value
    return overrides


def holidays_path() -> Path:
    """The holiday file in use: $DASHBOARD_HOLIDAYS when set, else data/holidays.csv."""
    return Path(os.environ.get(ENV_HOLIDAYS) or DEFAULT_HOLIDAYS_PATH)


def load_calendar(path: Path | None = None) -> WorkdayCalendar:
    """Build the calendar from holidays.csv (arg, then $DASHBOARD_HOLIDAYS, then data/)."""
    explicit = path is not None or bool(os.environ.get(ENV_HOLIDAYS))
    target = Path(path) if path is not None else holidays_path()
    if not target.exists():
        if explicit:
            raise HolidayFileError(f"找不到节假日文件: {target}", f"请检查路径或环境变量 {ENV_HOLIDAYS}")
        return WorkdayCalendar()
    try:
        with target.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except UnicodeDecodeError:
        raise HolidayFileError(f"节假日文件不是 UTF-8 编码: {target}", "请用 UTF-8 另存该文件") from None
    return WorkdayCalendar(_parse_rows(rows))

"""What a reader hands to the mapping, and what the mapping hands to the checks. Plain data, no I/O."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Cell:
    """One cell as drawn: its raw text and where it came from (page/table/row/cell, or line)."""

    text: str
    where: str


@dataclass(frozen=True)
class Block:
    """A table row (several cells) or a paragraph of text (one cell, `paragraph=True`), in document order."""

    cells: tuple[Cell, ...]
    paragraph: bool = False

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.cells)


@dataclass
class Document:
    """A report as read from its file: blocks in reading order, plus what the reader knows of the file."""

    file_name: str
    file_format: str  # docx / html / pdf / xlsx / txt
    blocks: list[Block] = field(default_factory=list)
    encoding: str = ""


@dataclass(frozen=True)
class Value:
    """A mapped cell. `number` is None when the cell is missing (blank, "/", "—") or unreadable (`invalid`)."""

    table: str  # 二 / 三 / 四
    row: str
    column: str
    raw: str
    number: float | None
    where: str
    row_label: str  # the label as written in the report
    invalid: bool = False  # text that is neither a number nor a missing mark (V-1)

    @property
    def missing(self) -> bool:
        return self.number is None


@dataclass
class MappedReport:
    """A report mapped onto the national format."""

    file_name: str
    file_format: str
    unit_name: str
    year: int | None
    format: str  # vocabulary.FORMAT_2021 / FORMAT_2019
    values: dict[tuple[str, str, str], Value] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)  # 一…六 → text of that section
    text: str = ""  # all paragraphs
    dated: date | None = None  # the date under the signature (成文日期)
    has_subtotal_column: bool = False
    subtotal_rows: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)  # what the mapping assumed (a blank 规章 label…)

    def get(self, table: str, row: str, column: str) -> Value | None:
        return self.values.get((table, row, column))

    def has_table(self, table: str) -> bool:
        return any(k[0] == table for k in self.values)

    def rows_of(self, table: str) -> set[str]:
        return {k[1] for k in self.values if k[0] == table}


@dataclass(frozen=True)
class CheckResult:
    """One check on one report: a stable id, the status, and the numbers and cells behind it."""

    check_id: str
    status: str
    severity: str
    message: str
    expected: str = ""
    found: str = ""
    cells: tuple[str, ...] = ()  # where each involved cell is: "表三 一、本年新收…/总计 (第2页 表1 第4行第9列)"

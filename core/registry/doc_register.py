"""发文登记 (document register): the 文号 each issued document got, and the free paragraphs staff edit before 签发.

Never imports streamlit. Why in core/registry: the 文号 belongs to the issuing office (data/office.toml's 代字
lives in registry/office.py), and the register numbers documents of two domains — the ranking's 月度通报 and the
rectification 整改通知书, the quarter's 互查情况通报 and the year's 考评结果通报 — so it sits with the office rather than inside either of them (issue 12).
A number is given once per document key ("bulletin:2026-10", "notice:2026-10:县甲局"): exporting the same
document again returns the number it already has; new documents take the next number of their type and year.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from core.errors import DashboardError
from core.storage.db import fetch_df, fetch_rows, fetch_value, transaction

BULLETIN, NOTICE = "通报", "整改通知"  # document types: each runs its own sequence per year
REQUIREMENTS, COPY_TO = "requirements", "copy_to"  # editable parts of a document


@dataclass(frozen=True)
class NumberRequest:
    """What a document needs to be numbered: its key, type, 代字 (prefix), the year of issue and its title."""

    doc_key: str
    doc_type: str
    prefix: str
    year: int
    title: str
    as_of: date | None = None
    number: str | None = None  # a number already announced (a frozen bulletin): recorded as it is


def bulletin_key(month: str) -> str:
    return f"bulletin:{month}"


def notice_key(month: str, unit_name: str) -> str:
    return f"notice:{month}:{unit_name}"


def inspection_key(quarter_key: str) -> str:
    """The quarter's 互查情况通报 ("inspection:2026Q4"): one 文号 per quarter, kept on every re-export."""
    return f"inspection:{quarter_key}"


def format_number(prefix: str, year: int, seq: int) -> str:
    """发文字号 per GB/T 9704 7.2.4: 代字, the year in full inside 〔〕, the number without 第 or leading zeros, 号."""
    return f"{prefix}〔{year}〕{seq}号"


def register_numbers(con: duckdb.DuckDBPyConnection, requests: list[NumberRequest]) -> list[str]:
    """The 文号 of each request, in order, assigning the next numbers (one transaction) to keys not yet registered.

    A request carrying `number` (announced elsewhere) is recorded with that number; its sequence is read from the
    number when it has the register's form and is still free, so later numbers continue after it.
    """
    with transaction(con):
        return [_number(con, r) for r in requests]


def register_number(con: duckdb.DuckDBPyConnection, request: NumberRequest) -> str:
    """register_numbers for a single document."""
    return register_numbers(con, [request])[0]


def next_number(con: duckdb.DuckDBPyConnection, doc_key: str, doc_type: str, prefix: str, year: int) -> str:
    """The number `doc_key` has, or would get if registered now (nothing is written)."""
    known = fetch_value(con, "SELECT doc_number FROM document_register WHERE doc_key = ?", [doc_key])
    return known or format_number(prefix, year, _next_seq(con, doc_type, year))


def register_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The register, newest first. Columns: doc_number, doc_type, year, seq, title, as_of, registered_at, doc_key."""
    return fetch_df(
        con,
        """SELECT doc_number, doc_type, year, seq, title, as_of, registered_at, doc_key FROM document_register
           ORDER BY year DESC, doc_type, seq DESC NULLS LAST""",
    )


def edited_paragraphs(con: duckdb.DuckDBPyConnection, doc_key: str, part: str) -> tuple[str, ...] | None:
    """The paragraphs staff saved for one part of a document, or None when they kept the default text."""
    text = fetch_value(
        con, "SELECT paragraphs FROM document_paragraphs WHERE doc_key = ? AND part = ?", [doc_key, part]
    )
    return None if text is None else tuple(json.loads(text))


def save_paragraphs(
    con: duckdb.DuckDBPyConnection, doc_key: str, part: str, paragraphs: list[str] | tuple[str, ...], edited_by: str
) -> tuple[str, ...]:
    """Store the edited paragraphs of one part (blank lines dropped); returns what was stored."""
    if not edited_by.strip():
        raise DashboardError("请填写修改人。", "修改通报段落时记录修改人和时间。")
    kept = tuple(p.strip() for p in paragraphs if p.strip())
    with transaction(con):
        con.execute("DELETE FROM document_paragraphs WHERE doc_key = ? AND part = ?", [doc_key, part])
        con.execute(
            "INSERT INTO document_paragraphs VALUES (?, ?, ?, ?, ?)",
            [doc_key, part, json.dumps(list(kept), ensure_ascii=False), edited_by.strip(), datetime.now()],
        )
    return kept


def _number(con: duckdb.DuckDBPyConnection, request: NumberRequest) -> str:
    known = fetch_value(con, "SELECT doc_number FROM document_register WHERE doc_key = ?", [request.doc_key])
    if known:
        return str(known)
    if request.number:
        number, seq = request.number, _announced_seq(con, request)
    else:
        seq = _next_seq(con, request.doc_type, request.year)
        number = format_number(request.prefix, request.year, seq)
    con.execute(
        "INSERT INTO document_register VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            request.doc_key,
            request.doc_type,
            request.year,
            seq,
            number,
            request.title,
            request.as_of,
            datetime.now(),
        ],
    )
    return number


def _next_seq(con: duckdb.DuckDBPyConnection, doc_type: str, year: int) -> int:
    last = fetch_value(con, "SELECT max(seq) FROM document_register WHERE doc_type = ? AND year = ?", [doc_type, year])
    return int(last or 0) + 1


def _announced_seq(con: duckdb.DuckDBPyConnection, request: NumberRequest) -> int | None:
    """The sequence inside an announced number of the register's own form, if no other document holds it."""
    match = re.fullmatch(re.escape(request.prefix) + rf"〔{request.year}〕(\d+)号", request.number or "")
    if match is None:
        return None
    seq = int(match.group(1))
    taken = fetch_rows(
        con,
        "SELECT 1 FROM document_register WHERE doc_type = ? AND year = ? AND seq = ?",
        [request.doc_type, request.year, seq],
    )
    return None if taken else seq

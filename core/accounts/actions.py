"""The office's write actions as a logged-in person does them: role checked, person recorded, audited.

Never imports streamlit. Pages call these, never the bare domain functions: each checks the acting user's
role (a refused attempt is audited as 失败), writes the person's name where the domain keeps one (经办人,
发布人/签发人), and appends the audit row in the same transaction as the change. Imports, undo and
reprocess live in loaders/audited.py (core does not import loaders).
"""

from datetime import date

import duckdb

from core.accounts.audit import audited
from core.accounts.identity import User
from core.accounts.vocabulary import (
    ADD_EXEMPTION,
    DRAFT,
    DRAFT_BULLETIN,
    EXEMPT,
    FREEZE,
    FREEZE_MONTH,
    MARK,
    MARK_FINDING,
    RESOLVE_CONFLICT,
    REVOKE_EXEMPTION,
    WITHDRAW_BULLETIN,
)
from core.monitoring import exemptions
from core.ranking import bulletins, paragraphs
from core.ranking.scoring import MonthScores
from core.rectification import marks


def person(user: User) -> str:
    """How a person is named in the domain tables (经办人, 签发人): name and login."""
    return f"{user.name}（{user.login}）"


def add_exemption(
    con: duckdb.DuckDBPyConnection, user: User, column_id: int, start_on: date, end_on: date, reason: str
) -> int:
    """exemptions.add_exemption by `user` (needs EXEMPT); returns the exemption id."""
    return audited(
        con,
        user,
        EXEMPT,
        ADD_EXEMPTION,
        f"栏目 {column_id}",
        lambda: exemptions.add_exemption(con, column_id, start_on, end_on, reason, person(user)),
        after=lambda eid: f"豁免 {eid}：{start_on}～{end_on}，{reason}",
    )


def revoke_exemption(con: duckdb.DuckDBPyConnection, user: User, exemption_id: int) -> None:
    """exemptions.revoke_exemption by `user` (needs EXEMPT)."""
    audited(
        con,
        user,
        EXEMPT,
        REVOKE_EXEMPTION,
        f"豁免 {exemption_id}",
        lambda: exemptions.revoke_exemption(con, exemption_id, person(user)),
        after="已撤销",
    )


def mark_finding(
    con: duckdb.DuckDBPyConnection,
    user: User,
    finding_id: int,
    status: str,
    note: str,
    rectified_on: date | None = None,
) -> None:
    """marks.mark_finding by `user` (needs MARK)."""
    audited(
        con,
        user,
        MARK,
        MARK_FINDING,
        f"问题 {finding_id}",
        lambda: marks.mark_finding(con, finding_id, status, note, person(user), rectified_on),
        after=f"{status}{f'（{rectified_on}）' if rectified_on else ''}{f'：{note}' if note else ''}",
    )


def resolve_conflict(con: duckdb.DuckDBPyConnection, user: User, conflict_id: int, take_ledger: bool) -> None:
    """marks.resolve_conflict by `user` (needs MARK)."""
    audited(
        con,
        user,
        MARK,
        RESOLVE_CONFLICT,
        f"冲突 {conflict_id}",
        lambda: marks.resolve_conflict(con, conflict_id, take_ledger, person(user)),
        after="采用台账状态" if take_ledger else "保留人工标记",
    )


def freeze(
    con: duckdb.DuckDBPyConnection,
    user: User,
    scores: MonthScores,
    rubric_version_id: int,
    doc_number: str = "",
    facts: dict | None = None,
) -> int:
    """签发: bulletins.freeze by `user` (needs FREEZE, which only the leader holds); 签发人 = the person.
    Returns the version signed."""
    return audited(
        con,
        user,
        FREEZE,
        FREEZE_MONTH,
        f"月份 {scores.month}",
        lambda: bulletins.freeze(con, scores, rubric_version_id, person(user), doc_number, facts),
        after=lambda version: f"签发第{version}版，细则版本 {rubric_version_id}，文号 {doc_number or '—'}",
    )


def withdraw(con: duckdb.DuckDBPyConnection, user: User, month: str, reason: str) -> int:
    """Withdraw the month's signed bulletin by `user` (needs FREEZE) with a written reason; returns its version."""
    return audited(
        con,
        user,
        FREEZE,
        WITHDRAW_BULLETIN,
        f"月份 {month}",
        lambda: bulletins.withdraw(con, month, reason, person(user)),
        after=lambda version: f"撤回第{version}版：{reason.strip()}",
    )


def draft_paragraphs(
    con: duckdb.DuckDBPyConnection, user: User, month: str, requirements: list[str], copy_to: str
) -> paragraphs.BulletinParagraphs:
    """Save the bulletin's 工作要求 and 抄送 by `user` (needs DRAFT) before 签发."""
    return audited(
        con,
        user,
        DRAFT,
        DRAFT_BULLETIN,
        f"月份 {month}",
        lambda: paragraphs.edit_bulletin_paragraphs(con, month, requirements, copy_to, person(user)),
        after=lambda kept: f"工作要求{len(kept.requirements)}段，抄送：{kept.copy_to or '—'}",
    )

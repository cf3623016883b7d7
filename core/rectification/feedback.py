"""整改反馈 (issue 11): a unit's liaison answers an open finding; the office accepts (通过) or returns (退回) it.

Never imports streamlit. A feedback holds the liaison's text, the day he says the finding was rectified, and
optionally an evidence link (http/https only) and/or an evidence file (bytes kept in rectification_evidence,
never rendered, only offered for download). Accepting marks the finding 已整改 as of that day through
core.rectification.marks (so it holds against later ledgers like any staff mark); returning keeps it open and
the liaison sees the reason and may answer again. Who may do what is checked here, not by the page: the
write functions take the logged-in `User`, check the permission and the liaison's units, and write the
change with its audit row in one transaction (core.accounts.audit.audited; a refusal is a 失败 audit row only).
"""

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

import duckdb
import pandas as pd

from core.accounts.actions import person
from core.accounts.audit import audited
from core.accounts.identity import User
from core.accounts.vocabulary import FEEDBACK, FEEDBACK_ACCEPT, FEEDBACK_RETURN, FEEDBACK_SUBMIT, REVIEW_FEEDBACK
from core.errors import DashboardError
from core.frames import dates
from core.rectification import marks
from core.rectification.queries import findings
from core.rectification.rules import state_as_of
from core.rectification.vocabulary import (
    FEEDBACK_ACCEPTED,
    FEEDBACK_PENDING,
    FEEDBACK_RETURNED,
    OPEN_STATES,
    RECTIFIED,
)
from core.storage.db import fetch_df, fetch_rows, fetch_value
from core.storage.scope import UnitScope

MAX_TEXT_CHARS = 2000
MAX_REASON_CHARS = 1000
MAX_URL_CHARS = 2000
MAX_FILE_NAME_CHARS = 120
# Evidence a unit sends: scans, photos, screenshots, office documents, archives of them.
EVIDENCE_SUFFIXES = (
    ".pdf",
    ".ofd",
    ".jpg",
    ".jpeg",
    ".png",
    ".doc",
    ".docx",
    ".wps",
    ".xls",
    ".xlsx",
    ".et",
    ".txt",
    ".zip",
    ".rar",
    ".7z",
)


class FeedbackError(DashboardError):
    """A 整改反馈 or its review that cannot be accepted as given (nothing written but the 失败 audit row)."""


@dataclass(frozen=True)
class Evidence:
    """An evidence file as uploaded: its name and bytes."""

    name: str
    content: bytes


def clean_text(value: str | None) -> str:
    """Typed text without control, zero-width or bidi characters (line breaks and tabs kept), stripped."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf")).strip()


def checked_url(value: str | None) -> str | None:
    """The evidence link if it is a plain http(s) address (None when empty); FeedbackError otherwise."""
    url = (value or "").strip()
    if not url:
        return None
    shown = url[:80]
    if len(url) > MAX_URL_CHARS or any(c.isspace() or unicodedata.category(c)[0] == "C" for c in url):
        raise FeedbackError(
            f"证明材料链接不是有效的网址：{shown}", "链接不能含空格或不可见字符，长度不超过2000个字符。"
        )
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), parts.hostname
        has_credentials = parts.username is not None or parts.password is not None
    except ValueError:  # e.g. a malformed [IPv6] host
        scheme, host, has_credentials = "", None, False
    if scheme not in ("http", "https") or not host:
        raise FeedbackError(
            f"证明材料链接只能是 http:// 或 https:// 开头的网址：{shown}", "请填写网站上整改后页面的完整地址。"
        )
    if has_credentials:
        raise FeedbackError(f"证明材料链接中不能含用户名或密码：{shown}", "请填写不需登录信息的网页地址。")
    return url


def checked_evidence(evidence: Evidence | None, max_bytes: int) -> Evidence | None:
    """The evidence file with a safe name (no folders, no invisible characters), within the size limit."""
    if evidence is None:
        return None
    name = clean_text(evidence.name.replace("\\", "/").rsplit("/", 1)[-1]).replace("\n", " ").replace("\t", " ")
    if not name or name.startswith("."):
        raise FeedbackError("证明材料文件没有文件名。", "请选择要上传的文件。")
    if len(name) > MAX_FILE_NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem[: MAX_FILE_NAME_CHARS - len(suffix) - 1]}{dot}{suffix}"
    if not name.lower().endswith(EVIDENCE_SUFFIXES):
        raise FeedbackError(
            f"证明材料文件的类型不能上传：{name}",
            f"可上传的类型：{'、'.join(s[1:] for s in EVIDENCE_SUFFIXES)}。",
        )
    if not evidence.content:
        raise FeedbackError(f"证明材料文件是空的：{name}")
    if len(evidence.content) > max_bytes:
        raise FeedbackError(
            f"证明材料文件太大：{name}（{len(evidence.content) / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）",
            "请压缩或分页扫描后再上传；上限由 data/limits.toml 的 max_file_mb 设定。",
        )
    return Evidence(name, evidence.content)


def _own_finding(con: duckdb.DuckDBPyConnection, user: User, finding_id: int) -> tuple:
    """(finding_no, found_on, status, rectified_on, review, reviewed_on) of a finding of the person's units.

    The scope comes from the login (a liaison's units), so another unit's finding is refused like one that does
    not exist: the refusal tells nothing about other units.
    """
    where, params = user.scoped(UnitScope(assessed_only=False)).sql("u")
    rows = fetch_rows(
        con,
        f"""SELECT f.finding_no, f.found_on, f.status, f.rectified_on, f.review, f.reviewed_on
            FROM findings f JOIN units u USING (unit_id) WHERE f.finding_id = ? AND {where}""",
        [finding_id, *params],
    )
    if not rows:
        raise FeedbackError(
            f"问题 {finding_id} 不属于您负责的单位（或不存在），不能提交整改反馈。",
            "只能对本单位的问题提交整改反馈；如有疑问请联系县政务公开办。",
        )
    return rows[0]


def submit_feedback(
    con: duckdb.DuckDBPyConnection,
    user: User,
    finding_id: int,
    text: str,
    rectified_on: date,
    today: date,
    *,
    max_evidence_bytes: int,
    evidence_url: str | None = None,
    evidence: Evidence | None = None,
) -> int:
    """A liaison's 整改反馈 on an open finding of his units (needs FEEDBACK); returns the feedback id.

    Refused, in Chinese and writing nothing but the 失败 audit row: another unit's finding, a finding that is not
    open on `today`, one whose previous feedback still waits for review, empty text, a date after `today` or
    before the finding was found, a link that is not http(s), a file of another type or over the size limit.
    """

    def work() -> int:
        finding_no, found_on, status, done_on, review, reviewed_on = _own_finding(con, user, finding_id)
        label = finding_no or finding_id
        state = state_as_of(status, done_on, review, today, reviewed_on)
        if state not in OPEN_STATES:
            raise FeedbackError(f"问题 {label} 现为“{state}”，不需要整改反馈。", "只有未整改、整改中的问题可以反馈。")
        waiting = fetch_value(
            con,
            "SELECT strftime(max(submitted_at), '%Y-%m-%d %H:%M') FROM rectification_feedback "
            "WHERE finding_id = ? AND state = ?",
            [finding_id, FEEDBACK_PENDING],
        )
        if waiting:
            raise FeedbackError(
                f"问题 {label} 已有待审核的整改反馈（{waiting} 提交）。", "请等县政务公开办审核；退回后可再次反馈。"
            )
        body = clean_text(text)
        if not body:
            raise FeedbackError(f"请填写问题 {label} 的整改情况。", "写明做了哪些整改、结果如何。")
        if len(body) > MAX_TEXT_CHARS:
            raise FeedbackError(
                f"整改情况超过{MAX_TEXT_CHARS}字（现为{len(body)}字）。", "请精简，详细材料可作为附件上传。"
            )
        if rectified_on > today:
            raise FeedbackError(f"整改完成日期 {rectified_on} 晚于今天（{today}）。", "请填写实际完成整改的日期。")
        if rectified_on < found_on:
            raise FeedbackError(f"整改完成日期 {rectified_on} 早于问题发现日期（{found_on}）。")
        url = checked_url(evidence_url)
        file = checked_evidence(evidence, max_evidence_bytes)
        feedback_id = int(
            fetch_value(
                con,
                """INSERT INTO rectification_feedback (finding_id, body, rectified_on, evidence_url, evidence_name,
                       evidence_size, evidence_sha256, submitted_by, submitted_login, submitted_at, state)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING feedback_id""",
                [
                    finding_id,
                    body,
                    rectified_on,
                    url,
                    file.name if file else None,
                    len(file.content) if file else None,
                    hashlib.sha256(file.content).hexdigest() if file else None,
                    person(user),
                    user.login,
                    datetime.now(),
                    FEEDBACK_PENDING,
                ],
            )
        )
        if file:
            con.execute("INSERT INTO rectification_evidence VALUES (?, ?)", [feedback_id, file.content])
        return feedback_id

    def summary(feedback_id: int) -> str:
        parts = [f"反馈 {feedback_id}：整改完成日期 {rectified_on}", clean_text(text)[:60]]
        if evidence_url:
            parts.append(f"链接 {evidence_url.strip()[:200]}")
        if evidence:
            parts.append(f"附件 {evidence.name[:MAX_FILE_NAME_CHARS]}（{len(evidence.content)} 字节）")
        return "；".join(parts)

    return audited(con, user, FEEDBACK, FEEDBACK_SUBMIT, f"问题 {finding_id}", work, after=summary)


def _pending(con: duckdb.DuckDBPyConnection, user: User, feedback_id: int) -> tuple[int, date]:
    """(finding_id, rectified_on) of a feedback waiting for review on a finding the reviewer may see."""
    where, params = user.scoped(UnitScope(assessed_only=False)).sql("u")
    rows = fetch_rows(
        con,
        f"""SELECT fb.finding_id, fb.rectified_on, fb.state, fb.decided_by,
                   strftime(fb.decided_at, '%Y-%m-%d %H:%M')
            FROM rectification_feedback fb JOIN findings f USING (finding_id) JOIN units u ON u.unit_id = f.unit_id
            WHERE fb.feedback_id = ? AND {where}""",
        [feedback_id, *params],
    )
    if not rows:
        raise FeedbackError(f"找不到整改反馈 {feedback_id}。", "该反馈所属的问题可能已随撤销导入删除，请刷新页面。")
    finding_id, rectified_on, state, decided_by, decided_at = rows[0]
    if state != FEEDBACK_PENDING:
        raise FeedbackError(f"整改反馈 {feedback_id} 已由 {decided_by} 于 {decided_at} 审核（{state}），不能再次审核。")
    return finding_id, rectified_on


def accept_feedback(con: duckdb.DuckDBPyConnection, user: User, feedback_id: int) -> None:
    """通过 (needs REVIEW_FEEDBACK): the finding becomes 已整改 as of the feedback's date, by the reviewer's mark."""

    def work() -> str:
        finding_id, rectified_on = _pending(con, user, feedback_id)
        marks.mark_finding(con, finding_id, RECTIFIED, f"整改反馈 {feedback_id} 审核通过", person(user), rectified_on)
        history_id = fetch_value(con, "SELECT max(history_id) FROM finding_history WHERE finding_id = ?", [finding_id])
        con.execute(
            """UPDATE rectification_feedback SET state = ?, decided_by = ?, decided_at = ?, history_id = ?
               WHERE feedback_id = ?""",
            [FEEDBACK_ACCEPTED, person(user), datetime.now(), history_id, feedback_id],
        )
        return f"通过：问题 {finding_id} 记为已整改（{rectified_on}）"

    audited(con, user, REVIEW_FEEDBACK, FEEDBACK_ACCEPT, f"整改反馈 {feedback_id}", work, after=lambda done: done)


def return_feedback(con: duckdb.DuckDBPyConnection, user: User, feedback_id: int, reason: str) -> None:
    """退回 (needs REVIEW_FEEDBACK) with a reason the liaison will read; the finding stays open."""
    why = clean_text(reason)

    def work() -> str:
        finding_id, _ = _pending(con, user, feedback_id)
        if not why:
            raise FeedbackError(
                f"退回整改反馈 {feedback_id} 时请填写退回理由。", "联络员会看到理由，据此补充后再次反馈。"
            )
        if len(why) > MAX_REASON_CHARS:
            raise FeedbackError(f"退回理由超过{MAX_REASON_CHARS}字（现为{len(why)}字）。")
        con.execute(
            """UPDATE rectification_feedback SET state = ?, decided_by = ?, decided_at = ?, return_reason = ?
               WHERE feedback_id = ?""",
            [FEEDBACK_RETURNED, person(user), datetime.now(), why, feedback_id],
        )
        return f"退回：问题 {finding_id}；理由：{why[:200]}"

    audited(con, user, REVIEW_FEEDBACK, FEEDBACK_RETURN, f"整改反馈 {feedback_id}", work, after=lambda done: done)


_FEEDBACK_COLUMNS = """fb.feedback_id, fb.finding_id, f.finding_no, f.unit_id, u.name AS unit_name, f.description,
       fb.body, fb.rectified_on, fb.evidence_url, fb.evidence_name, fb.evidence_size, fb.submitted_by,
       fb.submitted_at, fb.state AS feedback_state, fb.decided_by, fb.decided_at, fb.return_reason"""


def feedback_queue(con: duckdb.DuckDBPyConnection, scope: UnitScope) -> pd.DataFrame:
    """待审核反馈: feedback on findings of units in scope that waits for the office, oldest first.

    Columns: feedback_id, finding_id, finding_no, unit_id, unit_name, description, body, rectified_on,
    evidence_url, evidence_name, evidence_size, submitted_by, submitted_at, feedback_state, decided_by,
    decided_at, return_reason.
    """
    where, params = scope.sql("u")
    return fetch_df(
        con,
        f"""SELECT {_FEEDBACK_COLUMNS}
            FROM rectification_feedback fb JOIN findings f USING (finding_id) JOIN units u ON u.unit_id = f.unit_id
            WHERE fb.state = ? AND {where} ORDER BY fb.submitted_at, fb.feedback_id""",
        [FEEDBACK_PENDING, *params],
    )


def latest_feedback(con: duckdb.DuckDBPyConnection, scope: UnitScope) -> pd.DataFrame:
    """The newest feedback of each finding of units in scope (its state says where the answer stands).

    Columns as feedback_queue.
    """
    where, params = scope.sql("u")
    return fetch_df(
        con,
        f"""SELECT {_FEEDBACK_COLUMNS}
            FROM rectification_feedback fb JOIN findings f USING (finding_id) JOIN units u ON u.unit_id = f.unit_id
            WHERE {where}
            QUALIFY row_number() OVER (PARTITION BY fb.finding_id ORDER BY fb.feedback_id DESC) = 1
            ORDER BY fb.feedback_id""",
        params,
    )


def feedback_findings(con: duckdb.DuckDBPyConnection, scope: UnitScope, as_of: date) -> pd.DataFrame:
    """A liaison's list: findings of units in scope that are open on `as_of` or have a feedback, with the
    state of the newest feedback (待审核/已退回/已通过, None when never answered).

    Columns: those of core.rectification.queries.findings, plus state (on as_of), feedback_id, feedback_state,
    submitted_at, decided_by, decided_at, return_reason, can_answer (open, and no feedback waiting for review).
    Answerable first, then by found_on.
    """
    stored = findings(con, scope)
    latest = latest_feedback(con, scope)
    stored["state"] = [
        state_as_of(s, r, v if isinstance(v, str) else None, as_of, d)
        for s, r, v, d in zip(
            stored["status"], dates(stored["rectified_on"]), stored["review"], dates(stored["reviewed_on"])
        )
    ]
    columns = ["finding_id", "feedback_id", "feedback_state", "submitted_at", "decided_by", "decided_at"]
    merged = stored.merge(latest[[*columns, "return_reason"]], on="finding_id", how="left")
    is_open = merged["state"].isin(OPEN_STATES)
    merged = merged.loc[is_open | merged["feedback_id"].notna()].copy()
    merged["can_answer"] = merged["state"].isin(OPEN_STATES) & (merged["feedback_state"] != FEEDBACK_PENDING)
    merged["feedback_state"] = merged["feedback_state"].astype(object).where(merged["feedback_state"].notna(), None)
    ordered = merged.sort_values(["can_answer", "found_on", "finding_id"], ascending=[False, True, True])
    return ordered.reset_index(drop=True)


def evidence_file(con: duckdb.DuckDBPyConnection, scope: UnitScope, feedback_id: int) -> Evidence | None:
    """The evidence file of a feedback on a finding of units in scope (None when there is none, or it is
    another unit's)."""
    where, params = scope.sql("u")
    rows = fetch_rows(
        con,
        f"""SELECT fb.evidence_name, e.content
            FROM rectification_feedback fb JOIN rectification_evidence e USING (feedback_id)
            JOIN findings f ON f.finding_id = fb.finding_id JOIN units u ON u.unit_id = f.unit_id
            WHERE fb.feedback_id = ? AND {where}""",
        [feedback_id, *params],
    )
    return Evidence(rows[0][0], bytes(rows[0][1])) if rows else None

"""The bulletin's free paragraphs — 工作要求 and 抄送 — as staff edited them before 签发, else data/office.toml's.

Never imports streamlit. Edits are stored in the 发文登记 (core.registry.doc_register) under the bulletin's key;
once the month is issued (frozen) they are refused, so a bulletin exported again says what was signed (issue 12).
"""

from dataclasses import dataclass

import duckdb

from core.errors import DashboardError
from core.ranking.bulletins import bulletin_info
from core.registry.doc_register import COPY_TO, REQUIREMENTS, bulletin_key, edited_paragraphs, save_paragraphs
from core.registry.office import Office


@dataclass(frozen=True)
class BulletinParagraphs:
    requirements: tuple[str, ...]  # 三、工作要求, one paragraph each
    copy_to: str  # 版记's 抄送机关; "" prints no 抄送 line
    edited: bool  # True when staff changed either part for this month


def bulletin_paragraphs(con: duckdb.DuckDBPyConnection, month: str, office: Office) -> BulletinParagraphs:
    """The month's 工作要求 and 抄送: the edited text where staff saved one, else the office defaults."""
    key = bulletin_key(month)
    requirements, copy_to = edited_paragraphs(con, key, REQUIREMENTS), edited_paragraphs(con, key, COPY_TO)
    return BulletinParagraphs(
        office.bulletin_requirements if requirements is None else requirements,
        office.copy_to if copy_to is None else "".join(copy_to),
        requirements is not None or copy_to is not None,
    )


def edit_bulletin_paragraphs(
    con: duckdb.DuckDBPyConnection, month: str, requirements: list[str], copy_to: str, edited_by: str
) -> BulletinParagraphs:
    """Save the month's 工作要求 (one paragraph per item) and 抄送 before 签发; refused once the month is frozen."""
    if bulletin_info(con, month) is not None:
        raise DashboardError(f"{month} 的通报已经签发（冻结），段落不能再修改。", "如需更正，请另行发文。")
    key = bulletin_key(month)
    kept = save_paragraphs(con, key, REQUIREMENTS, requirements, edited_by)
    save_paragraphs(con, key, COPY_TO, [copy_to], edited_by)
    return BulletinParagraphs(kept, copy_to.strip(), True)

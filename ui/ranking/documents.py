"""考核排名's documents: the hidden print layout, and the 通报, 整改通知书, 排名表, PDF and chart downloads, each
built only when clicked and recorded in the audit log as it leaves (导出文件, issue 11)."""

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from core.accounts.vocabulary import VIEW_RANKING
from core.config import db_path
from core.ranking.view import RankingView, bulletin_facts
from core.registry.office import load_office
from core.storage.scope import Period
from exports.charts import figure_png, ranking_bar
from exports.documents import notices_zip
from exports.monthly import bulletin_file, notices_for, ranking_xlsx
from exports.printout import ranking_pdf
from ui import strings
from ui.components import audited_download, today
from ui.state import cached_print_fragment, calendar

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def bulletin_builder(view: RankingView) -> Callable[[object], bytes]:
    """The bulletin's .docx for `view`, built on a connection when called (a download, the preview)."""

    def build(con) -> bytes:
        return bulletin_file(con, view, load_office(), bulletin_facts(con, view, today()), today())

    return build


def _chart_png(rows: pd.DataFrame, title: str, _con=None) -> bytes:
    return figure_png(ranking_bar(rows, title))


def document_downloads(
    view: RankingView,
    ranking: pd.DataFrame,
    groups: list[str],
    period: Period,
    month: str,
    key: str,
    picked: int | None,
) -> None:
    """The print layout (hidden on screen) and one download button per document and per group's chart."""
    st.subheader(strings.RANK_DOCS)
    work_calendar = calendar()

    def _notices(con) -> bytes:
        return notices_zip(notices_for(con, view, load_office(), work_calendar, today()))

    _bulletin = bulletin_builder(view)
    st.html(
        cached_print_fragment(str(db_path()), key, month, today(), picked)
    )  # hidden on screen; what Ctrl+P prints (the same as the PDF)
    # every file is built only when clicked and recorded in the audit log as it leaves (导出文件, issue 11)
    documents = [
        (strings.RANK_DOC_BULLETIN, f"{period.label}政务公开工作通报.docx", DOCX, "doc_bulletin", _bulletin),
        (strings.RANK_DOC_NOTICES, f"{period.label}整改通知书.zip", "application/zip", "doc_notices", _notices),
        (
            strings.RANK_DOC_RANKING,
            f"{period.label}考核排名.xlsx",
            XLSX,
            "doc_ranking",
            lambda _con: ranking_xlsx(view),
        ),
        (
            strings.RANK_DOC_PDF,
            f"{period.label}考核排名.pdf",
            "application/pdf",
            "doc_pdf",
            lambda _con: ranking_pdf(view),
        ),
    ]
    for col, (label, file_name, mime, doc_key, build) in zip(st.columns(4), documents):
        audited_download(label, file_name, mime, doc_key, build, f"{month} 考核排名", VIEW_RANKING, col)
    for col, group in zip(st.columns(max(1, len(groups))), groups):
        rows = ranking.loc[ranking["group_name"] == group]
        title = f"{period.label}{group}考核得分"
        audited_download(
            strings.RANK_DOC_CHART.format(group=group),
            f"{period.label}{group.replace('/', '、')}考核得分.png",
            "image/png",
            f"png_{group}",
            partial(_chart_png, rows, title),
            f"{month} 考核排名",
            VIEW_RANKING,
            col,
        )

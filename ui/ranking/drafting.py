"""考核排名's drafting: the bulletin's free paragraphs (工作要求, 抄送) edited before 签发, and its preview
(issue 12 item 3)."""

from collections.abc import Callable

import streamlit as st

from core.accounts.actions import draft_paragraphs
from core.accounts.identity import User
from core.accounts.vocabulary import DRAFT
from core.errors import DashboardError
from core.ranking.paragraphs import bulletin_paragraphs
from core.ranking.view import RankingView
from core.registry.office import load_office
from ui import strings
from ui.auth import acting_as
from ui.components import act, show_error
from ui.state import cached_docx_preview, db, with_connection


def drafting_section(
    view: RankingView, picked: int | None, user: User, month: str, bulletin: Callable[[object], bytes]
) -> None:
    """The paragraphs form (until the month is signed) and the 预览通报 button (`bulletin` builds the .docx)."""
    st.subheader(strings.RANK_DRAFT)
    if view.frozen:
        st.caption(strings.RANK_DRAFT_FROZEN)
    elif picked is None and user.can(DRAFT):
        with db() as con:
            current = bulletin_paragraphs(con, month, load_office())
        if current.edited:
            st.caption(strings.RANK_DRAFT_EDITED)
        with st.form(f"draft_{month}"):
            st.caption(strings.RANK_DRAFT_HELP)
            acting_as(user)
            wanted = st.text_area(
                strings.RANK_DRAFT_REQUIREMENTS,
                value="\n".join(current.requirements),
                height=200,
                key="draft_requirements",
            )
            copy_to = st.text_input(strings.RANK_DRAFT_COPY_TO, value=current.copy_to, key="draft_copy_to")
            if st.form_submit_button(strings.RANK_DRAFT_SAVE):
                parts = [line.strip() for line in wanted.splitlines() if line.strip()]
                act(lambda con: draft_paragraphs(con, user, month, parts, copy_to), strings.RANK_DRAFT_SAVED)

    if st.button(strings.RANK_PREVIEW, key="bulletin_preview"):  # built only when asked; cached per document's bytes
        try:
            previews = cached_docx_preview(with_connection(bulletin))
        except DashboardError as exc:
            show_error(exc)
            previews = []
        for number, png in enumerate(previews, start=1):
            st.image(png, caption=strings.RANK_PREVIEW_PAGE.format(page=number))

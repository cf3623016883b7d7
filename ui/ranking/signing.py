"""考核排名's signing: what a recomputation would change, 撤回 of a signed month, 签发 asked then confirmed
(issue 12 item 7), and the signed versions."""

import pandas as pd
import streamlit as st

from core.accounts.actions import freeze, withdraw
from core.accounts.identity import User
from core.ranking.view import RankingView, month_facts
from core.registry.office import load_office
from core.storage.scope import Period
from exports.monthly import bulletin_number_preview
from ui import strings
from ui.auth import acting_as
from ui.components import act, full_height, today
from ui.state import db
from ui.tables import table
from ui.text import plain_format


def signing_section(
    view: RankingView, picked: int | None, user: User, month: str, period: Period, versions: pd.DataFrame
) -> None:
    """The changes and 撤回 of a signed month, or 签发 of a live one; then every signed version of the month."""
    if view.frozen and picked is None:
        st.subheader(strings.RANK_CHANGES)
        if view.changes is None or view.changes.empty:
            st.caption(strings.RANK_NO_CHANGES)
        else:
            st.caption(strings.RANK_CHANGES_NOTE)
            table(view.changes, height=full_height(len(view.changes)))
        with st.expander(strings.RANK_WITHDRAW):
            st.caption(strings.RANK_WITHDRAW_HELP)
            acting_as(user)
            reason = st.text_area(strings.RANK_WITHDRAW_REASON, key="withdraw_reason")
            if st.button(strings.RANK_WITHDRAW_BUTTON, key="withdraw"):
                act(lambda con: withdraw(con, user, month, reason), strings.RANK_WITHDRAWN_DONE)
    elif not view.frozen:
        with st.expander(strings.RANK_FREEZE):
            st.caption(strings.RANK_FREEZE_HELP)
            left, right = st.columns(2)
            with left:
                acting_as(user)
            with db() as con:
                proposed = bulletin_number_preview(con, month, load_office(), today())
            doc = right.text_input(strings.RANK_FREEZE_DOC, value=proposed, key="freeze_doc")
            asking = f"freeze_asked_{month}"
            if st.button(strings.RANK_FREEZE_ASK, key="freeze"):  # one click only asks (issue 12 item 7)
                st.session_state[asking] = True
            if st.session_state.get(asking):
                st.warning(
                    plain_format(
                        strings.RANK_FREEZE_CONFIRM,
                        month=period.label,
                        version=len(versions) + 1,
                        doc=doc or "—",
                        rubric=view.rubric.name,
                    )
                )
                yes, no = st.columns(2)
                if no.button(strings.RANK_FREEZE_CANCEL, key="freeze_cancel"):
                    st.session_state[asking] = False
                    st.rerun()
                if yes.button(strings.RANK_FREEZE_CONFIRM_BUTTON, key="freeze_confirm", type="primary"):
                    st.session_state[asking] = False
                    act(
                        lambda con: freeze(
                            con, user, view.scores, view.rubric_version_id, doc, month_facts(con, view.scores, today())
                        ),
                        strings.RANK_FROZEN_DONE,
                    )
    if not versions.empty:
        st.subheader(strings.RANK_VERSIONS)
        shown = versions.assign(
            version_state=versions["withdrawn_at"]
            .notna()
            .map({True: strings.RANK_VERSION_WITHDRAWN, False: strings.RANK_VERSION_IN_FORCE})
        )
        table(
            shown[
                [
                    "version",
                    "version_state",
                    "frozen_at",
                    "frozen_by",
                    "doc_number",
                    "withdrawn_at",
                    "withdrawn_by",
                    "withdraw_reason",
                ]
            ]
        )

"""考核排名's box 末位单位及主要扣分 per group: a leader's first ten seconds (issue 12 item 4)."""

import streamlit as st

from core.ranking.view import RankingView, last_places
from ui import strings
from ui.text import plain_format


def last_place_boxes(view: RankingView, groups: list[str]) -> None:
    """One bordered box per group: its last unit(s), score and rank, and the lines that cost most."""
    for box, group in zip(st.columns(max(1, len(groups))), groups):
        with box.container(border=True):
            st.markdown(f"**{plain_format(strings.RANK_LAST_BOX, group=group)}**")
            for place in last_places(view, group):
                st.markdown(
                    plain_format(
                        strings.RANK_LAST_UNIT, unit=place.unit_name, rank=place.rank, score=f"{place.score:g}"
                    )
                )
                for rule, amount, evidence in place.costliest:
                    st.markdown(
                        "- "
                        + plain_format(
                            strings.RANK_LAST_LINE, rule=rule, amount=f"{amount:g}", evidence=evidence or "—"
                        )
                    )
                if not place.costliest:
                    st.caption(strings.RANK_LAST_NONE)

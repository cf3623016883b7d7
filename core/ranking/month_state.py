"""What one month's scores rest on in the database, so a cache of scores can keep the months a change cannot move.

Never imports streamlit. Why: the pages cache each month's scores (ui.state). Keyed on the whole database's
state (core.ranking.view.scoring_state), every import made every month score again: a county imports this
week's ledger of this month, and 单位画像's six months then took 2.8–4 s at 1M items on the first visit after it.

What a month reads (core.ranking.scoring and the domain queries its measures call):
- items published on or before the month's last day, never a later one: the month's own items, columns' last
  update up to its as_of, the weeks ending in it, the year before it for 旧稿新发, policies before a 解读;
- the other tables below (OTHER_TABLES), whole: registry, findings and their history, requests, exemptions,
  signed bulletins, rubric versions.
So MonthStates.of(month) is the content of the other tables and of the items up to that month's end. An import
of this month's items moves this month and the later ones; the earlier ones keep their cached scores. A change
anywhere else moves every month. The content is hashed (not counted by import), so an undo that restores the
rows restores the state, and the cached scores for it are right again.
"""

from bisect import bisect_right
from dataclasses import dataclass

import duckdb

from core.ranking.view import scoring_state
from core.storage.db import fetch_rows, transaction

# Every table besides items that a month's scores read. A rule that reads another table must add it here, and its
# writes must move core.ranking.view.scoring_state (MonthStates are computed again only when that moves).
OTHER_TABLES = (
    "units",
    "site_columns",
    "findings",
    "finding_history",
    "finding_conflicts",
    "requests",
    "column_exemptions",
    "bulletins",
    "rubric_versions",
)
# The item fields a rule can read (not the loader's row_key, row_hash or batch ids: an update that changes none
# of these changes no score).
_ITEM_FIELDS = "item_id, unit_id, column_id, title, published_on, created_on, doc_number, url, is_interpretation"


@dataclass(frozen=True)
class MonthStates:
    """The state of everything but items, and the items' count and hash sum per month of 发布日期 (oldest first),
    read in one snapshot with the scoring state they belong to (core.ranking.view.scoring_state)."""

    scoring_state: str
    others: str
    months: tuple[str, ...]
    counts: tuple[int, ...]
    sums: tuple[int, ...]

    def of(self, month: str) -> str:
        """The state `month`'s scores rest on ('YYYY-MM'): the other tables and every item up to its end."""
        upto = bisect_right(self.months, month)
        return f"{self.others}|{sum(self.counts[:upto])}:{sum(self.sums[:upto])}"


def month_states(con: duckdb.DuckDBPyConnection) -> MonthStates:
    """MonthStates of the database now. One pass over items (about 50 ms at 1M items) and one row of the others,
    in one transaction: an import landing in between cannot mix two states."""
    others = " CROSS JOIN ".join(f"(SELECT count(*), coalesce(sum(hash(t)), 0) FROM {name} t)" for name in OTHER_TABLES)
    with transaction(con):
        state = scoring_state(con)
        (row,) = fetch_rows(con, f"SELECT * FROM {others}")
        per_month = fetch_rows(
            con,
            f"""SELECT strftime(published_on, '%Y-%m') AS month, count(*), sum(hash({_ITEM_FIELDS}))
                FROM items GROUP BY month ORDER BY month""",
        )
    return MonthStates(
        state,
        "-".join(str(value) for value in row),
        tuple(m for m, _, _ in per_month),
        tuple(int(n) for _, n, _ in per_month),
        tuple(int(h) for _, _, h in per_month),
    )

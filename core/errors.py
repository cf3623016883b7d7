"""Errors a clerk can act on: every one carries a Chinese message (what happened) and a hint (what to do).

Never imports streamlit; pages show `message` with st.error and `hint` with st.caption.
"""


class DashboardError(Exception):
    """Root of every error the product raises on purpose."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}（{self.hint}）" if self.hint else self.message


class LedgerFormatError(DashboardError):
    """A file that cannot be read as a ledger at all: refused whole, nothing written."""


class DatabaseLockedError(DashboardError):
    """Another process held the DuckDB file longer than we were willing to wait."""


class DatabaseVersionError(DashboardError):
    """The database file was written by a newer version of this program."""


class ConcurrentChangeError(DashboardError):
    """Two people (or two pages of one person) changed the same record at the same moment: DuckDB lets the first
    write and refuses the second whole ("Conflict on update"), which is told in Chinese, not as a crash."""


class UndoError(DashboardError):
    """An import batch that cannot be undone (not the newest, or already undone)."""

"""Small conversions between DuckDB/pandas frames and plain Python values used by the rule modules."""

from datetime import date

import pandas as pd


def dates(series: pd.Series) -> list[date | None]:
    """A date column as Python dates, None where missing (NaT/NA never leak into comparisons)."""
    return [None if pd.isna(v) else pd.Timestamp(v).date() for v in series]

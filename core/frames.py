"""Small conversions between DuckDB/pandas frames and plain Python values used by the rule modules."""

from datetime import date

import pandas as pd


def dates(series: pd.Series) -> list[date | None]:
    """A date column as Python dates, None where missing (NaT/NA never leak into comparisons)."""
    return [None if pd.isna(v) else pd.Timestamp(v).date() for v in series]


def required_dates(series: pd.Series) -> list[date]:
    """A date column the schema declares NOT NULL (received_on, found_on, published_on) as Python dates."""
    values = dates(series)
    if any(v is None for v in values):
        raise ValueError(f"{series.name} has missing dates")
    return [v for v in values if v is not None]

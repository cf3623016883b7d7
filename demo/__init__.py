"""Demo data for the 清源县 dashboard: a deterministic generator of realistic sample ledgers."""

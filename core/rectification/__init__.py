"""Rectification (整改): findings of patrols and inspections, their due dates, state as of a day, 回头看,
staff marks and ledger conflicts."""

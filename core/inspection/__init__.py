"""Quarterly mutual inspection (一季一互查, issue 14): quarters, the fair rotation of who inspects whom, the stored
plan, the inspectors' checklist, and the quarter's results read back from the findings ledger. Never imports
streamlit, ui, loaders or exports; findings are judged by core.rectification."""

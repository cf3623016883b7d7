"""Accounts, roles, sessions and the audit log (issue 11). Never imports streamlit."""

"""Documents the office downloads or sends: import templates, notices, bulletins, rankings. Never imports streamlit."""

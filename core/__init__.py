"""Core logic of the disclosure dashboard (no Streamlit imports)."""

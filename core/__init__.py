"""Core of the disclosure dashboard: one package per domain, no Streamlit anywhere below this line.

storage/ (DuckDB, migrations, unit scope) · calendar/ (working days) · registry/ (unit types, categories, office)
· monitoring/ · rectification/ · requests/ · ranking/. config.py, errors.py and frames.py are shared by all.
"""

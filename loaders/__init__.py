"""Ledger loaders: read → find header → map fields → normalise → validate → write one transaction.

Never imports streamlit. Entry points: `loaders.pipeline.import_file` and the CLI in `loaders.__main__`.
"""

"""Every SELECT the pages and exports need, one module per concern. Values are always bound parameters.

Never imports streamlit. Functions take an open connection first and return fully fetched DataFrames.
"""

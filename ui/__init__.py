"""The only package besides pages/ that imports streamlit: shared widgets, strings, cached state."""

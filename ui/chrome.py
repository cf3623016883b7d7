"""Streamlit's own English chrome, hidden or put in Chinese where config.toml cannot (issue 12 item 6).

Streamlit 1.67 cannot translate the file uploader (streamlit#13500): its button says "Upload" and its
instructions "200MB per file • XLSX, …". `uploader_in_chinese()` writes a fixed stylesheet (no user text) that
replaces the button's words with 选择文件 and hides the English instructions; the page states the real limit in
Chinese next to the uploader. The toolbar and main menu are hidden by `client.toolbarMode = "minimal"`.
"""

import streamlit as st

_UPLOADER_CSS = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
[data-testid="stFileUploaderDropzone"] button { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button span { display: none; }
[data-testid="stFileUploaderDropzone"] button::after { content: "选择文件"; font-size: 0.875rem; }
</style>
"""


def uploader_in_chinese() -> None:
    """Called once per run by dashboard.py, so every page's st.file_uploader is in Chinese."""
    st.html(_UPLOADER_CSS)

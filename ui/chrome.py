"""Streamlit's own English chrome, hidden or put in Chinese where config.toml cannot (issue 12 item 6).

Streamlit 1.67 cannot translate the file uploader (streamlit#13500): its button says "Upload" and its
instructions "200MB per file • XLSX, …". `chrome_in_chinese()` writes a fixed stylesheet (no user text) that
replaces the button's words with 选择文件 and hides the English instructions; the page states the real limit in
Chinese next to the uploader. The toolbar and main menu are hidden by `client.toolbarMode = "minimal"`.

The grids' own hover toolbar ("Download as CSV", "Search", "Fullscreen") and column menu ("Sort ascending",
"Pin column", "Format") are English and cannot be translated either; they are hidden. The CSV button was also a
way out of the tool that left no audit entry: every table a user may take away has an audited 下载 button of
ours (ui.components.download_table). A click on a column header still sorts the grid.
"""

import streamlit as st

_CHROME_CSS = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
[data-testid="stFileUploaderDropzone"] button { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button span { display: none; }
[data-testid="stFileUploaderDropzone"] button::after { content: "选择文件"; font-size: 0.875rem; }
[data-testid="stElementToolbar"] { display: none; }
[data-testid="stDataFrameColumnMenuTarget"] { display: none; }
</style>
"""


def chrome_in_chinese() -> None:
    """Called once per run by dashboard.py, so every page's uploaders say 选择文件 and no grid shows its
    English toolbar or column menu."""
    st.html(_CHROME_CSS)

"""Annual reports on government information disclosure (条例 第四十九、五十条): the national formats, mapping a
report's tables onto them, and the cross-checks (勾稽关系) of domain.md §2.5.

Never imports streamlit, loaders or exports. `format.py` declares the 2021 and 2019 formats once as data;
`model.py` is what a reader hands over (rows of cells and paragraphs, each with its raw text and location);
`mapping.py` identifies tables/rows/columns by tolerant label matching; `checks.py` holds the checks as pure
functions over the mapped report; `queries.py` stores and reads results per unit/year/check.
"""

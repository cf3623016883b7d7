"""A web page saved as .xls (what many web systems export, and what Excel/WPS open) → sheets of raw rows.

Never imports streamlit. Each <table> becomes one sheet; colspan/rowspan are filled like merged Excel cells, so
header detection and merged-title handling work unchanged. Pure stdlib (html.parser): no entity expansion beyond
HTML's own, no network, no scripts.
"""

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []  # table → row → (text, colspan, rowspan)
        self._depth = 0
        self._cell: list[str] | None = None
        self._span = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif self._depth == 1 and tag == "tr":
            self.tables[-1].append([])
        elif self._depth == 1 and tag in ("td", "th") and self.tables[-1]:
            given = dict(attrs)
            self._cell, self._span = [], (_span(given.get("colspan")), _span(given.get("rowspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(("".join(self._cell).strip(), *self._span))
            self._cell = None
        elif tag == "table":
            self._depth = max(0, self._depth - 1)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), 1000)  # a hostile colspan="99999999" must not build a huge grid
    except ValueError:
        return 1


def _grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Place cells on a grid, repeating a spanned cell's text over its span (as merged Excel cells are read)."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, colspan, rowspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def tables_from_html(text: str) -> list[list[list[str]]]:
    """Every top-level <table> of the page as rows of cell texts (nested tables are read as text of their cell)."""
    parser = _Tables()
    parser.feed(text)
    parser.close()
    return [_grid(rows) for rows in parser.tables if rows]

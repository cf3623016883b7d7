"""Bytes of a published annual report → core.annual_reports.model.Document (blocks of cells with locations).

Never imports streamlit. Word (.docx, python-docx: merged cells repeat in row.cells, the grid is taken as drawn),
web pages (.html/.htm, GBK or UTF-8, rowspan/colspan filled like merged cells), PDF with a text layer
(pdfplumber: tables and the lines outside them in reading order, so a table continuing on the next page simply
continues), text (.txt: `|` rows, layout text with numbers after the label, one cell per line) and Excel
(through loaders.sandbox as every ledger). Untrusted files are parsed in a child process with the memory and
time caps of loaders.limits (`read_untrusted_report`); zips pass loaders.precheck first. Every refusal is a
LedgerFormatError naming the file; nothing is written.
"""

import io
import json
import marshal
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from core.annual_reports.model import Block, Cell, Document
from core.errors import LedgerFormatError
from loaders.html_table import _grid, _span
from loaders.limits import Limits, load_limits
from loaders.precheck import check_xlsx
from loaders.read import RawWorkbook, _decode, is_excel
from loaders.sandbox import capped_child

REPORT_SUFFIXES = (".docx", ".html", ".htm", ".pdf", ".txt", ".xlsx", ".xls")
# .doc/.wps are accepted by the upload widget so that the refusal can say what to do
UPLOAD_TYPES = tuple(s.lstrip(".") for s in (*REPORT_SUFFIXES, ".doc", ".wps"))
_ROOT = Path(__file__).resolve().parent.parent
_MB = 1024 * 1024
_HINT = "该文件未写入任何数据。请上传单位公开的 Word（.docx）或网页版年度报告，或有文字层的 PDF。"
_SAVE_AS = "请在 Word/WPS 中打开后“另存为 .docx”再上传。"
_FOOTER = re.compile(r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_NUMBER_TOKEN = re.compile(r"^(?:[+-]?\d[\d,]*(?:\.\d+)?(?:万元|元|件|个)?|/|—|－|-|——)$")
_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)


def suffix_of(file_name: str) -> str:
    return "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def read_report(data: bytes, file_name: str, limits: Limits | None = None) -> Document:
    """Read a report file in this process (the child of `read_untrusted_report`, or tests of trusted files)."""
    limits = limits or load_limits()
    if not data:
        raise LedgerFormatError(f"文件为空: {file_name}", _HINT)
    if len(data) > limits.max_file_mb * _MB:
        raise LedgerFormatError(f"文件超出导入限制（大于 {limits.max_file_mb} MB），未读取: {file_name}", _HINT)
    suffix = suffix_of(file_name)
    if suffix in (".doc", ".wps") or data.startswith(b"\xd0\xcf\x11\xe0") and suffix not in (".xls",):
        raise LedgerFormatError(
            f"不能读取旧版 Word/WPS 文档（{suffix or '.doc'}），请另存为 .docx 后再上传: {file_name}", _SAVE_AS
        )
    if data.startswith(b"%PDF"):
        return _read_pdf(data, file_name)
    if data.startswith(b"PK") and suffix == ".docx":
        check_xlsx(data, file_name, limits)  # member sizes and inflation, as for every zip
        return _read_docx(data, file_name)
    if suffix in (".html", ".htm"):
        return _read_html(data, file_name)
    if suffix == ".txt":
        text, encoding = _decode(data, file_name)
        return Document(file_name, "txt", text_blocks(text), encoding)
    raise LedgerFormatError(f"不支持的年度报告文件类型 {suffix or '（无扩展名）'}: {file_name}", _HINT)


# ---- Word -------------------------------------------------------------------------------------------------


def _read_docx(data: bytes, file_name: str) -> Document:
    from docx import Document as open_docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken files
        raise LedgerFormatError(f"无法读取 Word 文件（可能已加密或已损坏）: {file_name}", _SAVE_AS) from exc
    blocks: list[Block] = []
    tables = paragraphs = 0
    for item in doc.iter_inner_content():
        if isinstance(item, Paragraph):
            paragraphs += 1
            if item.text.strip():
                blocks.append(Block((Cell(item.text, f"第{paragraphs}段"),), paragraph=True))
        elif isinstance(item, Table):
            tables += 1
            for r, row in enumerate(item.rows, 1):
                cells = tuple(Cell(c.text, f"表{tables}第{r}行第{j}列") for j, c in enumerate(row.cells, 1))
                blocks.append(Block(cells))
    return Document(file_name, "docx", blocks)


# ---- web pages ----------------------------------------------------------------------------------------------


def _html_text(data: bytes, file_name: str) -> tuple[str, str]:
    declared = _CHARSET.search(data[:4096])
    name = declared.group(1).decode("ascii").lower() if declared else ""
    if name in ("gbk", "gb2312", "gb18030"):
        return data.decode("gb18030", errors="replace"), "gb18030"
    return _decode(data, file_name)


def _read_html(data: bytes, file_name: str) -> Document:
    import lxml.html

    text, encoding = _html_text(data, file_name)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml's ParserError / ValueError for empty or broken pages
        raise LedgerFormatError(f"无法读取网页文件: {file_name}", _HINT) from exc
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    blocks: list[Block] = []
    counter = {"table": 0, "p": 0}
    _walk_html(root.body if root.find("body") is not None else root, blocks, counter)
    return Document(file_name, "html", blocks, encoding)


_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "center", "td", "span"}


def _walk_html(element: Any, blocks: list[Block], counter: dict[str, int]) -> None:
    """Tables become rows; the text of other block elements (without tables inside) becomes paragraphs."""
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "table":
            counter["table"] += 1
            _html_table(child, counter["table"], blocks)
        elif child.xpath(".//table"):
            _walk_html(child, blocks, counter)
        elif tag in _BLOCK_TAGS or tag in ("font", "b", "strong", "a"):
            for line in _lines(child):
                counter["p"] += 1
                blocks.append(Block((Cell(line, f"第{counter['p']}段"),), paragraph=True))
        if child.tail and child.tail.strip():
            counter["p"] += 1
            blocks.append(Block((Cell(child.tail.strip(), f"第{counter['p']}段"),), paragraph=True))


def _lines(element: Any) -> list[str]:
    for br in element.xpath(".//br"):
        br.tail = "\n" + (br.tail or "")
    return [line.strip() for line in element.text_content().split("\n") if line.strip()]


def _html_table(table: Any, number: int, blocks: list[Block]) -> None:
    rows = []
    for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        rows.append(
            [
                (" ".join(td.text_content().split()), _span(td.get("colspan")), _span(td.get("rowspan")))
                for td in tr.xpath("./td|./th")
            ]
        )
    for r, row in enumerate(_grid(rows), 1):
        blocks.append(Block(tuple(Cell(text, f"表{number}第{r}行第{c}列") for c, text in enumerate(row, 1))))


# ---- PDF ------------------------------------------------------------------------------------------------------


def _read_pdf(data: bytes, file_name: str) -> Document:
    import pdfplumber

    scanned = LedgerFormatError(
        f"PDF 没有可用的文字层（可能是扫描件）: {file_name}",
        "请上传单位公开的 Word（.docx）或网页版年度报告；扫描件无法核对表格数字。",
    )
    blocks: list[Block] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken or encrypted files
        raise LedgerFormatError(f"无法读取 PDF 文件（可能已加密或已损坏）: {file_name}", _HINT) from exc
    with pdf:
        chars = cids = 0
        table_no = 0
        for p, page in enumerate(pdf.pages, 1):
            chars += len(page.chars)
            cids += sum(1 for ch in page.chars if ch.get("text", "").startswith("(cid:"))
            placed: list[tuple[float, list[Block]]] = []
            found = page.find_tables()
            for table in found:
                table_no += 1
                rows = [
                    Block(
                        tuple(Cell(c, f"第{p}页 表{table_no}第{r}行第{j}列") for j, c in enumerate(_as_drawn(row), 1))
                    )
                    for r, row in enumerate(table.extract(), 1)
                ]
                placed.append((table.bbox[1], rows))
            boxes = [t.bbox for t in found]

            def outside(obj: dict, boxes: list = boxes) -> bool:
                x = (obj["x0"] + obj["x1"]) / 2
                y = (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            for line in page.filter(outside).extract_text_lines():
                text = line["text"].strip()
                if text and not _FOOTER.match(text):
                    placed.append((line["top"], [Block((Cell(text, f"第{p}页"),), paragraph=True)]))
            ordered = sorted(placed, key=lambda pair: pair[0])
            if ordered and len(ordered[0][1]) > 0 and blocks and not blocks[-1].paragraph and found:
                first_table = min(found, key=lambda t: t.bbox[1])
                if first_table.bbox[1] == ordered[0][0] and _row_continues(blocks[-1], ordered[0][1][0]):
                    blocks[-1] = _joined(blocks[-1], ordered[0][1].pop(0))
            for _, group in ordered:
                blocks += group
    if chars == 0 or cids * 2 > chars:
        raise scanned
    return Document(file_name, "pdf", blocks)


def _as_drawn(row: list[str | None]) -> list[str]:
    """pdfplumber gives None for a cell covered by a merged one and "" for an empty cell: a horizontally merged
    cell repeats its text (as python-docx shows it); an empty cell stays empty (missing, never 0)."""
    out: list[str] = []
    for cell in row:
        merged_label = cell is None and out and out[-1].strip() and not _NUMBER_TOKEN.match(out[-1].strip())
        out.append(out[-1] if merged_label else cell or "")
    return out


def _row_continues(last: Block, first: Block) -> bool:
    """The first row on a page is the rest of the last row of the page before (a row broken by the page): it has
    no numbers and only one or two filled cells (a repeated header has many)."""
    filled = [c.text for c in first.cells if c.text.strip()]
    return (
        len(first.cells) == len(last.cells)
        and 0 < len(filled) <= 2
        and not any(_NUMBER_TOKEN.match(t.strip()) for t in filled)
    )


def _joined(last: Block, rest: Block) -> Block:
    return Block(tuple(Cell(a.text + b.text, a.where) for a, b in zip(last.cells, rest.cells)))


# ---- text -----------------------------------------------------------------------------------------------------


def _split_line(line: str) -> list[str]:
    """Cells of one text line: `|` separated, or label then numbers separated by spaces (PDF layout text)."""
    if "|" in line:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    parts = [p for p in re.split(r"\t|\s{2,}|\u3000", line.strip()) if p]
    cells: list[str] = []
    for part in parts:
        tokens = part.split(" ")
        tail: list[str] = []
        while tokens and _NUMBER_TOKEN.match(tokens[-1]):
            tail.insert(0, tokens.pop())
        if tokens:
            cells.append(" ".join(tokens))
        cells += tail
    return cells


def text_blocks(text: str) -> list[Block]:
    """Blocks of a report pasted or extracted as text.

    A line with numbers is a row; a line of one number continues the row started by the label above it (one
    cell per line); page footers are dropped; one- or two-character lines (a label printed vertically) are put in
    front of the next row's label; a row label that is the tail of a wrapped label joins the line above."""
    blocks: list[Block] = []
    pending: list[str] = []
    collecting = False
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = raw.strip()
        if not line or _FOOTER.match(line):
            continue
        cells = _split_line(line)
        where = f"第{n}行"
        values = [c for c in cells if _NUMBER_TOKEN.match(c) or c == ""]
        if len(cells) == 1 and _NUMBER_TOKEN.match(cells[0]):
            if blocks and (collecting or blocks[-1].paragraph):
                last = blocks.pop()
                head = last.cells if not last.paragraph else (Cell(last.cells[0].text, last.cells[0].where),)
                blocks.append(Block((*head, Cell(cells[0], f"{where}"))))
                collecting = True
                continue
        collecting = False
        is_row = len(cells) > 1 and ("|" in line or bool(values))
        if not is_row and len(line) <= 2 and not _NUMBER_TOKEN.match(line):
            pending.append(line)
            continue
        if pending and (len(pending) == 1 or not is_row):
            # one short line is text of its own (“无”); several in a row are a label printed vertically
            blocks.append(Block((Cell("".join(pending), f"第{n - 1}行"),), paragraph=True))
            pending = []
        if is_row:
            if pending:
                cells[0] = "".join(pending) + cells[0]
                pending = []
            elif _continues(blocks, cells[0]):
                prev = blocks.pop()
                cells[0] = prev.cells[0].text + cells[0]
            blocks.append(Block(tuple(Cell(c, f"{where}第{j}栏") for j, c in enumerate(cells, 1))))
        else:
            blocks.append(Block((Cell(line, where),), paragraph=True))
    if pending:
        blocks.append(Block((Cell("".join(pending), "末行"),), paragraph=True))
    return blocks


def _continues(blocks: list[Block], label: str) -> bool:
    """A row label like "情形）" or "政府信息" that ends a label wrapped onto a second line."""
    if not blocks or not blocks[-1].paragraph:
        return False
    above = blocks[-1].cells[0].text
    return (
        bool(label)
        and not re.match(r"^[（(]?[一二三四五六七八\d]+[)）、.．]", label)
        and not above.endswith(("。", "：", ":"))
        and len(above) <= 60
        and bool(re.match(r"^[（(]?[一二三四五六七八\d]+[)）、.．]", above))
    )


# ---- Excel (read as every ledger) -------------------------------------------------------------------------------


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def workbook_document(workbook: RawWorkbook) -> Document:
    """A workbook already read (loaders.sandbox): rows of cells; a row with one filled cell is a paragraph."""
    blocks: list[Block] = []
    for sheet in workbook.sheets:
        for r, row in enumerate(sheet.rows, 1):
            texts = ["" if c is None else _cell_text(c) for c in row]
            filled = [t for t in texts if t.strip()]
            if not filled:
                continue
            if len(set(filled)) == 1 and not _NUMBER_TOKEN.match(filled[0]):
                col = next(j for j, t in enumerate(texts) if t.strip())
                blocks.append(Block((Cell(filled[0], f"{sheet.name}!{_column_letters(col)}{r}"),), paragraph=True))
                continue
            cells = tuple(Cell(t, f"{sheet.name}!{_column_letters(j)}{r}") for j, t in enumerate(texts))
            blocks.append(Block(cells))
    return Document(workbook.file_name, workbook.file_format, blocks, workbook.encoding)


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---- the isolated read --------------------------------------------------------------------------------------------


def read_untrusted_report(data: bytes, file_name: str, limits: Limits | None = None) -> Document:
    """Read an uploaded report where a crash, a memory bomb or a hang costs only this file."""
    limits = limits or load_limits()
    if len(data) > limits.max_file_mb * _MB:
        raise LedgerFormatError(f"文件超出导入限制（大于 {limits.max_file_mb} MB），未读取: {file_name}", _HINT)
    suffix = suffix_of(file_name)
    if suffix in (".xlsx", ".xls") and is_excel(data):
        from loaders.sandbox import read_untrusted

        return workbook_document(read_untrusted(data, file_name, limits))
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        path = Path(folder) / "upload"
        path.write_bytes(data)
        settings = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(limits).items()}
        try:
            done = subprocess.run(
                [sys.executable, "-m", "loaders.annual_read", str(path), file_name, json.dumps(settings)],
                cwd=_ROOT,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=limits.reader_seconds,
            )
        except subprocess.TimeoutExpired:
            raise LedgerFormatError(
                f"读取文件超时（超过 {limits.reader_seconds} 秒），未导入: {file_name}", _HINT
            ) from None
    if done.returncode != 0 or not done.stdout:
        memory = b"MemoryError" in done.stderr or done.returncode < 0
        what = f"超出内存上限（{limits.reader_memory_mb} MB）" if memory else f"意外终止（退出码 {done.returncode}）"
        raise LedgerFormatError(f"读取文件的程序{what}，未导入: {file_name}", _HINT)
    payload = marshal.loads(done.stdout)
    if payload[0] == "refused":
        raise LedgerFormatError(payload[1], payload[2])
    _, fmt, encoding, blocks = payload
    return Document(
        file_name,
        fmt,
        [Block(tuple(Cell(t, w) for t, w in cells), paragraph) for cells, paragraph in blocks],
        encoding,
    )


def _child(path: str, file_name: str, settings: str) -> None:
    limits = capped_child(settings)
    payload: tuple[Any, ...]
    try:
        doc = read_report(Path(path).read_bytes(), file_name, limits)
        blocks = [([(c.text, c.where) for c in b.cells], b.paragraph) for b in doc.blocks]
        payload = ("ok", doc.file_format, doc.encoding, blocks)
    except LedgerFormatError as exc:
        payload = ("refused", exc.message, exc.hint)
    sys.stdout.buffer.write(marshal.dumps(payload))


if __name__ == "__main__":
    _child(*sys.argv[1:4])

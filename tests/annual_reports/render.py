"""The fixture report (fixtures.report_items) as real files: .docx with merged cells, .html with rowspan/colspan
(GBK or UTF-8), .txt (`|` rows or PDF-like layout text) and .pdf made by LibreOffice from the .docx."""

import html
import io
import subprocess
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from core.annual_reports.mapping import parse_number


def rectangles(rows: list[list[str]]) -> list[tuple[int, int, int, int, str]]:
    """Merged areas as drawn: equal neighbouring label texts (never numbers) → (r0, c0, r1, c1, text)."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r, c) in taken:
                continue
            c1 = c
            label = bool(text) and parse_number(text)[1]
            while label and c1 + 1 < len(row) and row[c1 + 1] == text and (r, c1 + 1) not in taken:
                c1 += 1
            r1 = r
            while (
                label
                and r1 + 1 < len(rows)
                and all(rows[r1 + 1][k] == text for k in range(c, c1 + 1))
                and (c == 0 or rows[r1 + 1][c - 1] != text)
                and (c1 + 1 >= len(row) or rows[r1 + 1][c1 + 1] != text)
            ):
                r1 += 1
            for rr in range(r, r1 + 1):
                for cc in range(c, c1 + 1):
                    taken.add((rr, cc))
            out.append((r, c, r1, c1, text))
    return out


def docx_bytes(items: list[tuple[str, Any]], filler: int = 0) -> bytes:
    """A Word report; `filler` paragraphs before table 三 push it across a page break."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    style.font.name = "Noto Serif CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    for kind, content in items:
        if kind == "p":
            if content.startswith("三、收到"):
                for i in range(filler):
                    doc.add_paragraph(f"（填充段落{i + 1}）本段用于使表三跨页。")
            doc.add_paragraph(content)
            continue
        table = doc.add_table(rows=len(content), cols=max(len(r) for r in content))
        table.style = "Table Grid"
        for r0, c0, r1, c1, text in rectangles(content):
            cell = table.cell(r0, c0)
            if (r1, c1) != (r0, c0):
                cell = cell.merge(table.cell(r1, c1))
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def html_bytes(items: list[tuple[str, Any]], encoding: str = "utf-8") -> bytes:
    charset = "gbk" if encoding == "gbk" else "utf-8"
    parts = [f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>']
    for kind, content in items:
        if kind == "p":
            parts.append(f"<p>{html.escape(content)}</p>")
            continue
        grid = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1, t) for r0, c0, r1, c1, t in rectangles(content)}
        parts.append('<table border="1">')
        for r, row in enumerate(content):
            parts.append("<tr>")
            for c in range(len(row)):
                if (r, c) in grid:
                    rs, cs, text = grid[(r, c)]
                    span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                    parts.append(f"<td{span}>{html.escape(text)}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts).encode("gb18030" if encoding == "gbk" else "utf-8")


def _dedupe(row: list[str]) -> list[str]:
    """A text table writes a merged label once."""
    out: list[str] = []
    for i, cell in enumerate(row):
        if parse_number(cell)[1] and i and row[i - 1] == cell:
            continue
        out.append(cell)
    return out


def pipe_text(items: list[tuple[str, Any]]) -> bytes:
    lines = []
    for kind, content in items:
        lines += [content] if kind == "p" else ["| " + " | ".join(_dedupe(r)) + " |" for r in content]
    return "\n".join(lines).encode("utf-8")


def layout_text(items: list[tuple[str, Any]]) -> bytes:
    """What pdftotext -layout makes of it: labels then numbers separated by spaces; wrapped long labels; page
    footers; one row's numbers one per line."""
    lines = []
    for kind, content in items:
        if kind == "p":
            lines.append(content)
            continue
        for row in content:
            cells = _dedupe(row)
            labels = [c for c in cells if parse_number(c)[1]]
            values = ["/" if c == "" else c for c in cells if not parse_number(c)[1]]
            label = "".join(labels)
            if label.startswith("三、本年度办理结果（二）部分公开"):
                lines += [
                    "三、本年度办理结果（二）部分公开（区分处理的，只计这一",
                    "情形，不计其他情形）  " + " ".join(values),
                ]
            elif label.startswith("二、上年结转"):
                lines += [label, *values, "- 3 -"]
            else:
                lines.append(("  ".join([label, " ".join(values)])).strip())
    return "\n".join(lines).encode("utf-8")


def pdf_from_docx(docx: bytes, folder: Path) -> bytes:
    """LibreOffice headless (under the shared lock: the machine is shared)."""
    source = folder / "report.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            "flock",
            "/tmp/heavy.lock",
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{folder}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return (folder / "report.pdf").read_bytes()

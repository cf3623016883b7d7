"""考核排名 as a printed document (issue 12 item 1): A4 landscape, both groups, every unit, the whole 主要扣分项,
each group's chart fitted to the page, a running header with the month and 统计截至, page numbers, and every
deduction line in an appendix. Built as HTML from the same core.ranking.view functions as the page, rendered to PDF
by headless Chromium (the one kaleido already needs for the PNG charts).

Never imports streamlit. Every text from the data is HTML-escaped; the document loads nothing from the network.
"""

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

from core.errors import DashboardError
from core.monitoring.overview import Overview
from core.ranking.view import RankingView, last_places, lines_table, ranking_table
from core.storage.scope import Period
from exports.charts import GRADE_COLORS
from exports.documents import cn_date
from exports.monthly import documents_as_of, month_label
from exports.tables import LINE_LABELS, RANKING_LABELS

PDF_HINT = "导出 PDF 需要本机安装 Chromium（Debian：apt-get install chromium fonts-noto-cjk）。"
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_SECONDS = 120  # a 46-unit ranking renders in about 1–2 s; the limit only stops a hung browser

_CSS = """
@page { size: A4 landscape; margin: 15mm 10mm 13mm 10mm;
  @top-left { content: "HEADER"; font: 8.5pt "Noto Sans CJK SC", sans-serif; color: #444; }
  @top-right { content: "STATUS"; font: 8.5pt "Noto Sans CJK SC", sans-serif; color: #444; }
  @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页";
    font: 8.5pt "Noto Sans CJK SC", sans-serif; color: #444; } }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 9pt; color: #111;
  line-height: 1.25; margin: 0; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; padding: 0; line-height: 1.3; }
h2 { font-size: 12pt; margin: 4mm 0 2mm; padding: 0; line-height: 1.3; break-after: avoid; }
p { font-size: 9pt; line-height: 1.25; }
p.meta { text-align: center; margin: 0 0 3mm; color: #333; }
p.legend { margin: 0 0 1mm; }
.boxes { display: flex; gap: 4mm; margin-bottom: 3mm; break-inside: avoid; }
.box { flex: 1; border: 1.2pt solid #b71c1c; padding: 2mm 3mm; }
.box h3 { font-size: 10.5pt; margin: 0 0 1mm; color: #b71c1c; }
.box p { margin: 0.6mm 0; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { background: #b71c1c; color: #fff; font-weight: bold; }
th, td { border: 0.5pt solid #999; padding: 0.8mm 1.2mm; vertical-align: top; font-size: 9pt; line-height: 1.25; }
td.n { text-align: right; white-space: nowrap; }
td.c { text-align: center; white-space: nowrap; }
section.chart { break-before: page; break-inside: avoid; }
section.next { break-before: page; }
.bars td { border: none; padding: 0.2mm 1mm; font-size: 7.5pt; line-height: 1.1; height: 4mm; }
.bars td.name { width: 52mm; text-align: right; white-space: nowrap; }
.bars td.track { width: auto; }
.bars .bar { height: 3.2mm; }
.bars td.value { width: 14mm; white-space: nowrap; }
.legend span { display: inline-block; margin-right: 4mm; }
.legend i { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: middle; }
section.lines { break-before: page; }
section.lines td:nth-child(1), section.lines td:nth-child(2) { white-space: nowrap; }
section.lines td:nth-child(3) { min-width: 45mm; }
"""
_NUMERIC = {"rank", "base", "deductions", "bonuses", "score", "count", "points", "amount"}
_CENTRED = {"grade", "movement", "unit_type"}


def _e(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return html.escape(str(value)) or "—"


def _css_string(text: str) -> str:
    """`text` inside a CSS string literal (the running header)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _table(frame: pd.DataFrame, labels: dict[str, str]) -> str:
    head = "".join(f"<th>{_e(labels.get(c, c))}</th>" for c in frame.columns)
    cells = {c: ("n" if c in _NUMERIC else "c" if c in _CENTRED else "") for c in frame.columns}
    body = "".join(
        "<tr>" + "".join(f'<td class="{cells[c]}">{_e(v)}</td>' for c, v in zip(frame.columns, row)) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _bars(rows: pd.DataFrame, title: str) -> str:
    """The group's scores as horizontal bars in rank order, sized to the page width (no image, no script)."""
    low = max(0.0, float(rows["score"].min()) - 10) if len(rows) else 0.0
    span = max(105.0 - low, 1.0)
    body = "".join(
        f'<tr><td class="name">{_e(r.rank)}　{_e(r.unit_name)}</td><td class="track"><div class="bar" style="width:'
        f'{max(0.0, (float(r.score) - low) / span) * 100:.1f}%;background:{GRADE_COLORS.get(r.grade, "#777")}"></div>'
        f'</td><td class="value">{float(r.score):.1f}（{_e(r.grade)}）</td></tr>'
        for r in rows.sort_values("rank", kind="stable").itertuples()
    )
    legend = "".join(f'<span><i style="background:{c}"></i>{_e(g)}</span>' for g, c in GRADE_COLORS.items())
    return (
        f'<section class="chart"><h2>{_e(title)}</h2><p class="legend">等次：{legend}（横轴自{low:g}分起）</p>'
        f'<table class="bars"><tbody>{body}</tbody></table></section>'
    )


def _leader_boxes(view: RankingView, groups: list[str]) -> str:
    boxes = []
    for group in groups:
        parts = []
        for place in last_places(view, group):
            costs = "；".join(f"{_e(rule)}{amount:g}（{_e(evidence)}）" for rule, amount, evidence in place.costliest)
            parts.append(
                f"<p><b>{_e(place.unit_name)}</b>　第{place.rank}名　{place.score:g}分</p>"
                f"<p>主要扣分：{costs or '—'}</p>"
            )
        boxes.append(f'<div class="box"><h3>{_e(group)}　末位单位及主要扣分</h3>{"".join(parts) or "—"}</div>')
    return f'<div class="boxes">{"".join(boxes)}</div>'


def _status(view: RankingView) -> str:
    if view.frozen:
        return (
            f"已签发：{view.frozen['frozen_by']} {view.frozen['frozen_at']:%Y-%m-%d %H:%M}，"
            f"文号 {view.frozen['doc_number'] or '—'}（第{int(view.frozen['version'])}版）"
            + ("，已撤回" if pd.notna(view.frozen.get("withdrawn_at")) else "")
        )
    return "未签发：按当前数据实时计算"


# The page's own print (Ctrl+P) carries the 扣分、加分明细 up to this many characters of HTML (about 40 A4 pages).
# At 1M items a month's details are 1 MB: sent with every rerun of 考核排名, they cost 0.55 s of its 1.7 s in the
# browser (issue 12, speed), for a printout of hundreds of pages no leader prints from a web page. Beyond it the
# page's print names the details and the PDF (打印/导出PDF), which always holds all of them.
PAGE_PRINT_DETAIL_CHARS = 200_000


def _print_parts(view: RankingView, detail_chars: int | None = None) -> tuple[str, str, str]:
    """(title, CSS, body) of the printable 考核排名; with `detail_chars`, the details appendix only when its HTML is
    at most that long (else a line saying where they are)."""
    label, as_of = month_label(view.scores.month), documents_as_of(view)
    header = f"{label}政务公开考核排名　统计截至{cn_date(as_of)}"
    css = _CSS.replace("HEADER", _css_string(header)).replace("STATUS", _css_string(_status(view)))
    table = ranking_table(view)
    groups = list(table["group_name"].unique())
    sections = []
    for number, group in enumerate(groups):
        rows = table.loc[table["group_name"] == group]
        opening = '<section class="next">' if number else "<section>"  # each group from a new page
        sections.append(
            f"{opening}<h2>{_e(group)}（{len(rows)}个单位）</h2>{_table(rows.drop(columns=['group_name']), RANKING_LABELS)}"
            f"</section>{_bars(rows, f'{label}{group}考核得分')}"
        )
    lines = lines_table(view)
    order = {name: i for i, name in enumerate(table["unit_name"])}
    lines = lines.assign(_o=lines["unit_name"].map(order)).sort_values(["_o", "amount"], kind="stable")
    details = _table(lines.drop(columns=["_o"]), LINE_LABELS)
    if detail_chars is not None and len(details) > detail_chars:
        details = f"<p>共{len(lines)}项，篇幅较长，未随本页打印；完整明细见“打印/导出PDF”生成的考核排名 PDF。</p>"
    appendix = f'<section class="lines"><h2>附：扣分、加分明细（{len(lines)}项）</h2>{details}</section>'
    body = (
        f"<h1>{_e(label)}政务公开考核排名</h1>"
        f'<p class="meta">统计截至{cn_date(as_of)}　考核细则：{_e(view.rubric.name)}　{_e(_status(view))}</p>'
        f"{_leader_boxes(view, groups)}{''.join(sections)}{appendix}"
    )
    return header, css, body


def ranking_print_html(view: RankingView) -> str:
    """The printable 考核排名 of a month (frozen when issued) as one self-contained HTML document."""
    title, css, body = _print_parts(view)
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{css}</style></head><body>{body}</body></html>"
    )


def ranking_print_fragment(view: RankingView, detail_chars: int = PAGE_PRINT_DETAIL_CHARS) -> str:
    """The same document as a fragment for a web page: hidden on screen, the only thing printed (Ctrl+P prints
    what the PDF shows, the details up to `detail_chars`, see PAGE_PRINT_DETAIL_CHARS). The page itself hides its
    other content in print (ui.strings.PRINT_CSS)."""
    _, css, body = _print_parts(view, detail_chars)
    scoped = css.replace("body {", ".rank-print {")
    return (
        f"<style>@media screen {{ .rank-print {{ display: none; }} }} @media print {{ {scoped} }}</style>"
        f'<div class="rank-print">{body}</div>'
    )


def html_pdf(document: str) -> bytes:
    """`document` printed to PDF by headless Chromium (the page size comes from its @page rule); DashboardError
    with a Chinese hint when no browser is installed or it fails."""
    browser = next((path for name in _BROWSERS if (path := shutil.which(name))), None)
    if browser is None:
        raise DashboardError("无法生成 PDF：未找到可用的浏览器内核。", PDF_HINT)
    with tempfile.TemporaryDirectory(prefix="print-") as folder:
        source, target = Path(folder) / "page.html", Path(folder) / "page.pdf"
        source.write_text(document, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",  # the service often runs as root in a container, where Chromium's sandbox cannot start
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DashboardError("无法生成 PDF：浏览器内核未能完成打印。", PDF_HINT) from exc
        if not target.exists() or target.stat().st_size == 0:
            raise DashboardError("无法生成 PDF：浏览器内核未能完成打印。", PDF_HINT)
        return target.read_bytes()


def ranking_pdf(view: RankingView) -> bytes:
    """The printable 考核排名 as a PDF (A4 landscape, page numbers)."""
    return html_pdf(ranking_print_html(view))


PREVIEW_HINT = (
    "预览需要本机安装 LibreOffice 与 poppler-utils（Debian：apt-get install libreoffice-writer poppler-utils）。"
)


def docx_preview(document: bytes, pages: int = 2, dpi: int = 60) -> list[bytes]:
    """The first `pages` pages of a .docx as PNG images: LibreOffice headless → PDF, then pdftoppm. DashboardError
    with a Chinese hint when either tool is missing or fails."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        raise DashboardError("无法预览通报：未找到 LibreOffice 或 pdftoppm。", PREVIEW_HINT)
    with tempfile.TemporaryDirectory(prefix="preview-") as folder:
        source = Path(folder) / "bulletin.docx"
        source.write_bytes(document)
        profile = (Path(folder) / "profile").as_uri()  # its own profile: two previews at once do not block each other
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", folder]
                + [str(source)],
                capture_output=True,
                timeout=_SECONDS,
                check=False,
            )
            pdf = source.with_suffix(".pdf")
            if not pdf.exists():
                raise DashboardError("无法预览通报：LibreOffice 未能转换文档。", PREVIEW_HINT)
            subprocess.run(
                [pdftoppm, "-r", str(dpi), "-png", "-f", "1", "-l", str(pages), str(pdf), str(Path(folder) / "page")],
                capture_output=True,
                timeout=_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DashboardError("无法预览通报：转换超时或失败。", PREVIEW_HINT) from exc
        return [png.read_bytes() for png in sorted(Path(folder).glob("page*.png"))]


def overview_print_html(figures: Overview, period: Period, labels: dict[str, str]) -> str:
    """The printable 总览 (issue 12 item 1): the headline numbers and every unit's items, the units silent last week
    and every stale column, A4 landscape with the month and 统计截至 in the running header and page numbers.
    `labels` are the column headings (ui.strings.COLUMN_LABELS)."""
    header = f"{period.label}政务公开总览　统计截至{cn_date(period.as_of)}"
    css = _CSS.replace("HEADER", _css_string(header)).replace("STATUS", "")
    k = figures.kpis
    kpis = (
        f"发布信息 {k.items_published} 条　纳入单位 {k.units_in_scope} 个　上周未发布单位 {k.units_silent_this_week} 个　"
        f"超期栏目 {k.stale_columns} 个　空白栏目 {k.blank_columns} 个　未整改问题 {k.open_findings} 个　"
        f"逾期问题 {k.overdue_findings} 个"
    )
    per_unit = figures.per_unit.sort_values("items", ascending=False, kind="stable")
    stale = figures.stale_columns[
        ["unit_name", "column_name", "category", "limit_days", "last_published_on", "days_since"]
    ]
    body = (
        f'<h1>{_e(period.label)}政务公开总览</h1><p class="meta">统计截至{cn_date(period.as_of)}</p>'
        f'<p class="meta">{_e(kpis)}</p>'
        f"<section><h2>各单位发布情况（{len(per_unit)}个单位）</h2>{_table(per_unit, labels)}</section>"
        f'<section class="next"><h2>上周未发布单位（{len(figures.silent_units)}个）</h2>'
        f"{_table(figures.silent_units, labels)}</section>"
        f'<section class="next"><h2>超期未更新栏目（{len(stale)}个）</h2>{_table(stale, labels)}</section>'
    )
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_e(header)}</title>'
        f"<style>{css}</style></head><body>{body}</body></html>"
    )


def overview_pdf(figures: Overview, period: Period, labels: dict[str, str]) -> bytes:
    """The printable 总览 as a PDF (A4 landscape, page numbers)."""
    return html_pdf(overview_print_html(figures, period, labels))

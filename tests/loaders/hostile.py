"""Hostile ledger files, one per class of issue 9, generated once per test module into a folder.

Each Case says what must happen to its file: `refused` (a Chinese message naming the file, nothing written),
`imported` (every row ends in an outcome; `note` must appear in a row's reason or cleaning note), or `either`
(a refusal or an import is acceptable, a crash is not). The e2e test reuses the zip bomb and XFD1048576 cases.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

import openpyxl

from tests.ledgers import FINDINGS_HEADER, ITEMS_HEADER, REQUESTS_HEADER, csv_bytes, finding, item, request, write_xlsx


@dataclass(frozen=True)
class Case:
    name: str  # file name, also the class name
    build: Callable[[Path], None]
    expect: str  # refused / imported / either
    note: str = ""  # refused: part of the error; imported: part of some row's reason or cleaning note
    rejected: int | None = None  # imported: rows quarantined


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
    b'"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    b'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="发布台账" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
).encode()
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _col(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def sheet_xml(
    rows: list[list[str]], extra_cells: str = "", dimension: str = "", between: str = "", prolog: str = ""
) -> bytes:
    """Worksheet XML with inline-string cells; `extra_cells` (raw <row> XML) goes after the rows."""
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{_col(c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in enumerate(row, start=1) if v != ""
        )
        body.append(f'<row r="{r}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {_NS}>{dim}<sheetData>{"".join(body)}'
        f"{between}{extra_cells}</sheetData></worksheet>"
    ).encode()


def raw_xlsx(path: Path, sheet: bytes, level: int = 6) -> bytes:
    """A minimal workbook around one sheet XML, built by hand so hostile XML reaches the reader unchanged."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


GOOD = [ITEMS_HEADER, item(title="正常的一条")]


def _xlsx_rows(rows: list[list]) -> Callable[[Path], None]:
    return lambda p: write_xlsx(p, {"发布台账": rows})


def _csv(rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Callable[[Path], None]:
    return lambda p: p.write_bytes(csv_bytes(rows, encoding, delimiter))


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _good_xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in GOOD:
        ws.append(row)
    wb.save(buffer)
    return buffer.getvalue()


def _without_member(name: str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        source = zipfile.ZipFile(io.BytesIO(_good_xlsx_bytes()))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for info in source.infolist():
                if info.filename != name:
                    zf.writestr(info, source.read(info))
        path.write_bytes(out.getvalue())

    return build


def _declared_size_lie(path: Path) -> None:
    """The central directory claims the sheet inflates to 3.9 GB (the data is tiny)."""
    data = bytearray(raw_xlsx(path, sheet_xml(GOOD)))
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:
        name_len = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + name_len].endswith(b"sheet1.xml"):
            struct.pack_into("<L", data, start + 24, 0xF0000000)
        start += 4
    path.write_bytes(bytes(data))


def _date_cells(path: Path) -> None:
    """Date-formatted cells holding 0 and 60 (Excel's 1900-01-00 and fictional 1900-02-29), and 9999-12-31."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(ITEMS_HEADER)
    for n, value in enumerate((0, 60, datetime(9999, 12, 31)), start=2):
        ws.append(item(title=f"日期{n}", published=value))
        ws.cell(row=n, column=4).number_format = "yyyy-mm-dd"
    ws.append(item(title="好日期"))
    wb.save(path)


def _html(path: Path) -> None:
    cells = "".join(f"<th>{h}</th>" for h in ITEMS_HEADER)
    row = "".join(f"<td>{v}</td>" for v in item(title="网页导出的一条"))
    path.write_text(
        f'<html><head><meta charset="utf-8"></head><body><table border="1"><tr>{cells}</tr>'
        f"<tr>{row}</tr></table></body></html>",
        encoding="utf-8",
    )


def _nul_csv(offset: int) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        filler = [item(title=f"填充第{i}条", url=f"http://x/{offset}/{i}") for i in range(offset // 60)]
        rows = [ITEMS_HEADER, *filler, item(title="含\x00空字符的标题")]
        path.write_bytes(csv_bytes(rows))

    return build


def _build_cases() -> list[Case]:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is></c></row>'
    bomb_filler = "<row/>" * 12_000_000  # 72 MB of the same bytes: ratio ≈ 1000 once past 10 MB
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + "]>"
    )
    xxe = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return [
        Case("空文件.xlsx", _bytes(b""), "refused", "文件为空"),
        Case("空文件.csv", _bytes(b""), "refused", "文件为空"),
        Case("图片改名.xlsx", _bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), "refused", "不是 Excel 工作簿"),
        Case("图片改名.csv", _bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), "refused", "二进制"),
        Case("普通压缩包.xlsx", lambda p: _zip_of(p, {"readme.txt": b"hello"}), "refused", "无法读取 Excel"),
        Case("加密.xlsx", _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000), "refused", "无法读取 Excel"),
        Case("截断.xlsx", lambda p: p.write_bytes(_good_xlsx_bytes()[:1500]), "refused", "无法读取 Excel"),
        Case("缺共享字符串.xlsx", _without_member("xl/sharedStrings.xml"), "either"),
        Case("XXE.xlsx", lambda p: raw_xlsx(p, sheet_xml(GOOD, prolog=xxe)), "either"),
        Case("亿万笑声.xlsx", lambda p: raw_xlsx(p, sheet_xml(GOOD, prolog=laughs)), "either"),
        Case("UTF16.csv", _csv([ITEMS_HEADER, item(title="UTF-16 的一条")], "utf-16", "\t"), "imported", "", 0),
        Case("GBK.csv", _csv([ITEMS_HEADER, item(title="GBK 的一条")], "gbk"), "imported", "", 0),
        Case("BOM.csv", _csv([ITEMS_HEADER, item(title="带 BOM 的一条")], "utf-8-sig"), "imported", "", 0),
        Case(
            "百万空行.xlsx",
            lambda p: raw_xlsx(p, sheet_xml(GOOD, between="".join(f'<row r="{r}"/>' for r in range(3, 1_048_577)))),
            "imported",
            "",
            0,
        ),
        Case("声称XFD范围.xlsx", lambda p: raw_xlsx(p, sheet_xml(GOOD, dimension="A1:XFD1048576")), "imported", "", 0),
        Case("XFD1048576空格.xlsx", lambda p: raw_xlsx(p, sheet_xml(GOOD, extra_cells=far)), "refused", "远处的单元格"),
        Case(
            "第1025列.xlsx",
            lambda p: raw_xlsx(
                p, sheet_xml(GOOD, extra_cells=('<row r="3"><c r="AMK3" t="inlineStr"><is><t>x</t></is></c></row>'))
            ),
            "refused",
            "列数超过",
        ),
        Case(
            "压缩炸弹.xlsx", lambda p: raw_xlsx(p, sheet_xml(GOOD, between=bomb_filler), level=9), "refused", "压缩炸弹"
        ),
        Case(
            "超大单元格.xlsx",
            lambda p: raw_xlsx(p, sheet_xml([ITEMS_HEADER, item(title="长" * 400_000)])),
            "refused",
            "单元格内容超过",
        ),
        Case("声明4GB.xlsx", _declared_size_lie, "refused", "声明的解压大小"),
        Case(
            "时间单元格.xlsx",
            _xlsx_rows([ITEMS_HEADER, item(published=time(9, 30)), item(title="好")]),
            "imported",
            "只有时间没有日期",
            1,
        ),
        Case("日期0和60.xlsx", _date_cells, "imported", "日期为0（空白日期单元格）", 3),
        Case(
            "日期9999.csv",
            _csv([ITEMS_HEADER, item(published="9999-12-31"), item(title="好")]),
            "imported",
            "发布日期不在合理范围: 9999-12-31",
            1,
        ),
        Case(
            "日期2062.csv",
            _csv([ITEMS_HEADER, item(published="2062-11-05"), item(title="好")]),
            "imported",
            "发布日期不在合理范围: 2062-11-05",
            1,
        ),
        Case("日期1999.csv", _csv([ITEMS_HEADER, item(published="1999-12-31")]), "imported", "不在合理范围", 1),
        Case(
            "成文晚于发布.csv",
            _csv([ITEMS_HEADER, item(published="2026-10-08", created="2026-10-09")]),
            "imported",
            "成文日期晚于发布日期",
            1,
        ),
        Case("仅CR换行.csv", lambda p: p.write_bytes(csv_bytes(GOOD).replace(b"\r\n", b"\r")), "imported", "", 0),
        Case(
            "字段内裸CR.csv",
            lambda p: p.write_bytes(csv_bytes([ITEMS_HEADER, item(title="关于\r做好")]).replace(b'"', b"")),
            "either",
        ),
        Case(
            "引号内CR.csv",
            lambda p: p.write_bytes(
                "\n".join([",".join(ITEMS_HEADER), '县应急管理局,通知公告,"关于\r做好",2026-10-08,,,']).encode()
            ),
            "imported",
            "",
            0,
        ),
        Case("10MB字段.csv", _csv([ITEMS_HEADER, item(title="长" * 10_000_000)]), "refused", "单元格内容超过"),
        Case("前4KB含NUL.csv", _nul_csv(0), "imported", "U+0000", 0),
        Case("4KB后含NUL.csv", _nul_csv(6000), "imported", "U+0000", 0),
        Case(
            "控制字符.xlsx", lambda p: raw_xlsx(p, sheet_xml([ITEMS_HEADER, item(title="标题&#27;[31m红")])), "either"
        ),
        Case("零宽单位名.csv", _csv([ITEMS_HEADER, item(unit="县应急\u200b管理局")]), "imported", "U+200B", 0),
        Case("双向控制标题.xlsx", _xlsx_rows([ITEMS_HEADER, item(title="文件\u202egpj.exe")]), "imported", "U+202E", 0),
        Case(
            "软连字符单位.csv", _csv([ITEMS_HEADER, item(unit="县教育\u00ad局")]), "imported", "含不可见字符 U+00AD", 1
        ),
        Case(
            "两列发布日期.csv",
            _csv([[*ITEMS_HEADER, "发布日期"], [*item(), "2026-10-09"], [*item(title="同"), "2026-10-08"]]),
            "imported",
            "两列的值不一致",
            1,
        ),
        Case("网页另存.xls", _html, "imported", "", 0),
        Case("制表符文本另存.xls", _csv([ITEMS_HEADER, item(title="制表符文本")], "utf-16", "\t"), "imported", "", 0),
        Case(
            "XML表格2003.xls",
            _bytes(b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'),
            "refused",
            "XML 电子表格 2003",
        ),
        Case("纯文本另存.xls", _bytes("这不是表格，只是一段话。".encode()), "refused", "文本文件"),
        Case(
            "编码无法识别.csv",
            _bytes(",".join(ITEMS_HEADER).encode() + b"\n\xff\xff\xff,\x81\x30\n"),
            "refused",
            "无法识别文件编码",
        ),
        Case("公式载荷.csv", _csv([ITEMS_HEADER, item(title='=HYPERLINK("http://x","点我")')]), "imported", "", 0),
        Case("..\\..\\路径穿越.csv", _csv([ITEMS_HEADER, item(title="路径穿越名")]), "imported", "", 0),
        Case("重复工作表.xlsx", lambda p: write_xlsx(p, {"一": GOOD, "二": GOOD}), "imported", "", 0),
        Case("无表头.xlsx", _xlsx_rows([["随便写的"], ["没有表头"]]), "refused", "没有找到可识别的表头"),
        Case("整改期限溢出.csv", _csv([FINDINGS_HEADER, finding(deadline="99999999天")]), "imported", "整改期限", 1),
        Case(
            "答复日期9999.csv",
            _csv([REQUESTS_HEADER, request(replied="9999-12-31")]),
            "imported",
            "答复日期不在合理范围",
            1,
        ),
    ]


def _zip_of(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


CASES = _build_cases()


def write_cases(folder: Path, cases: list[Case] = CASES) -> dict[str, Path]:
    """Write every case's file into `folder`; file name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in cases:
        path = folder / case.name
        case.build(path)
        paths[case.name] = path
    return paths


# The two classes that took the server down before issue 9: uploaded through a real server in the browser test.
BY_NAME_FOR_BROWSER = [c for c in CASES if c.name in ("压缩炸弹.xlsx", "XFD1048576空格.xlsx")]

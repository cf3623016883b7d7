"""Cheap checks of an xlsx before python-calamine sees it: inflated sizes, compression ratio, farthest cell, cell size.

Never imports streamlit, pandas or duckdb. Runs inside the reader child (loaders.sandbox) so even the checks are
under its memory cap. Why each check (issue 9): calamine sizes its grid by the farthest cell (one stray cell at
XFD1048576 asks for 512 GiB and aborts the process); zip members can inflate to gigabytes whatever their header
declares, so sizes are counted while inflating, never trusted. A used range that merely *claims* A1:XFD1048576 is
harmless and passes: only cells that exist count.
"""

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from core.errors import LedgerFormatError
from loaders.limits import Limits

_MB = 1024 * 1024
_PIECE = 256 * 1024  # compressed bytes fed to zlib at a time
_RATIO_FROM = 10 * _MB  # a ratio is judged only once a member has inflated this far (tiny members compress well)
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CELL_REF = re.compile(rb' r="([A-Z]{1,3})([0-9]{1,8})"')
# Fast path: a sheet whose cells all lie in columns A–Z and rows below 1,000,000 cannot exceed the grid limits
# (26 × 999,999 cells), and two searches that find nothing cost far less than reading every reference.
_FAR_CELL = re.compile(rb' r="(?:[A-Z]{2}|[A-Z]+[0-9]{7})')
_FAST_BOUND = (999_999, 26)
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_HINT = "请在 Excel/WPS 中打开该文件，删除多余的行列或超长内容后另存为 .xlsx 再导入；如确需导入大文件，请联系管理员调整导入限制。"


def _column_number(letters: bytes) -> int:
    number = 0
    for b in letters:
        number = number * 26 + b - 64
    return number


def _inflated(data: bytes, info: zipfile.ZipInfo, file_name: str) -> Iterator[bytes]:
    """The member's bytes as they inflate, read from its local header on (the central directory may lie)."""
    start = info.header_offset
    fields = _LOCAL_HEADER.unpack_from(data, start)
    begin = start + _LOCAL_HEADER.size + fields[-2] + fields[-1]
    if info.compress_type == zipfile.ZIP_STORED:
        for offset in range(begin, begin + info.compress_size, _PIECE):
            yield data[offset : min(offset + _PIECE, begin + info.compress_size)]
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise LedgerFormatError(f"Excel 文件使用了不支持的压缩方式: {file_name}", _HINT)
    inflater = zlib.decompressobj(-15)
    offset, pending = begin, b""
    while not inflater.eof:
        if not pending:
            if offset >= len(data):
                return
            pending, offset = data[offset : offset + _PIECE], offset + _PIECE
        chunk = inflater.decompress(pending, _PIECE)  # bounded output: a bomb never sits in memory whole
        pending = inflater.unconsumed_tail
        if chunk:
            yield chunk


class _SheetScan:
    """The farthest cell (row, column) and the longest text run of one sheet's XML, fed chunk by chunk."""

    def __init__(self, exact: bool) -> None:
        self.exact = exact  # read every cell reference; else only look for a far one (then scan again exactly)
        self.far = False
        self.max_row = 0
        self.max_col = 0
        self.tail = b""
        self.run = 0  # bytes since the last '<' (text inside one element, i.e. one cell, cannot contain '<')
        self.longest = 0

    def feed(self, chunk: bytes, scan_refs: bool) -> None:
        if scan_refs and not self.exact:
            self.far = self.far or _FAR_CELL.search(self.tail + chunk) is not None
            self.tail = chunk[-24:]
        elif scan_refs:
            for letters, digits in set(_CELL_REF.findall(self.tail + chunk)):
                self.max_col = max(self.max_col, _column_number(letters))
                self.max_row = max(self.max_row, int(digits))
            self.tail = chunk[-24:]
        first = chunk.find(b"<")
        if first < 0:
            self.run += len(chunk)
        else:  # runs wholly inside a chunk are shorter than _PIECE, below any sensible cell limit
            self.longest = max(self.longest, self.run + first)
            self.run = len(chunk) - chunk.rfind(b"<") - 1
        self.longest = max(self.longest, self.run)


def check_xlsx(data: bytes, file_name: str, limits: Limits) -> None:
    """LedgerFormatError (naming the file and the limit) when a member of the xlsx exceeds a limit."""
    try:
        members = zipfile.ZipFile(_Bytes(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a readable zip: calamine gives the usual "已加密或已损坏" refusal
    fast = (
        limits.max_rows >= _FAST_BOUND[0]
        and limits.max_columns >= _FAST_BOUND[1]
        and limits.max_cells >= _FAST_BOUND[0] * _FAST_BOUND[1]
    )
    total = 0
    for info in members:
        _refuse_if(
            info.file_size > limits.max_member_mb * _MB,
            file_name,
            f"压缩包成员 {info.filename} 声明的解压大小超过 {limits.max_member_mb} MB",
        )
        is_sheet = bool(_SHEET.fullmatch(info.filename))
        try:
            scan, size = _scan_member(data, info, file_name, limits, total, exact=not fast)
            if is_sheet and scan.far:
                scan, _ = _scan_member(data, info, file_name, limits, total, exact=True)
        except (zlib.error, struct.error):
            return  # a broken member: calamine refuses the file as damaged
        total += size
        if is_sheet and scan.exact:
            _check_grid(scan, info.filename, limits, file_name)


def _scan_member(
    data: bytes, info: zipfile.ZipInfo, file_name: str, limits: Limits, total: int, exact: bool
) -> tuple[_SheetScan, int]:
    """Inflate one member, refusing at the first limit it passes; its scan and inflated size."""
    scan = _SheetScan(exact)
    is_sheet = bool(_SHEET.fullmatch(info.filename))
    size = 0
    for chunk in _inflated(data, info, file_name):
        size += len(chunk)
        _check_sizes(size, total + size, info, limits, file_name)
        scan.feed(chunk, is_sheet)
        _refuse_if(
            scan.longest > limits.max_cell_kb * 1024,
            file_name,
            f"有单元格内容超过 {limits.max_cell_kb} KB（{info.filename}）",
        )
    return scan, size


def _check_sizes(size: int, total: int, info: zipfile.ZipInfo, limits: Limits, file_name: str) -> None:
    _refuse_if(
        size > limits.max_member_mb * _MB,
        file_name,
        f"压缩包成员 {info.filename} 解压后超过 {limits.max_member_mb} MB（疑似“压缩炸弹”）",
    )
    _refuse_if(
        total > limits.max_total_inflated_mb * _MB,
        file_name,
        f"解压后总大小超过 {limits.max_total_inflated_mb} MB（疑似“压缩炸弹”）",
    )
    if size > _RATIO_FROM and size > limits.max_compression_ratio * max(info.compress_size, 1):
        _refuse_if(
            True,
            file_name,
            f"压缩包成员 {info.filename} 的压缩比超过 {limits.max_compression_ratio} 倍（疑似“压缩炸弹”）",
        )


def _check_grid(scan: _SheetScan, member: str, limits: Limits, file_name: str) -> None:
    where = f"（{member}：最远的单元格在第 {scan.max_row} 行、第 {scan.max_col} 列；常见原因是远处的单元格里误留了一个空格）"
    _refuse_if(scan.max_row > limits.max_rows, file_name, f"工作表的行数超过 {limits.max_rows} 行{where}")
    _refuse_if(scan.max_col > limits.max_columns, file_name, f"工作表的列数超过 {limits.max_columns} 列{where}")
    _refuse_if(
        scan.max_row * scan.max_col > limits.max_cells,
        file_name,
        f"工作表的范围超过 {limits.max_cells} 个单元格{where}",
    )


def _refuse_if(condition: bool, file_name: str, what: str) -> None:
    if condition:
        raise LedgerFormatError(f"文件超出导入限制，未读取: {file_name}：{what}", _HINT)


class _Bytes:
    """A read-only file over bytes without copying them (zipfile wants seek/tell/read)."""

    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)
        self._pos = 0

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self._pos = offset if whence == 0 else (self._pos + offset if whence == 1 else len(self._view) + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, n: int = -1) -> bytes:
        end = len(self._view) if n is None or n < 0 else min(len(self._view), self._pos + n)
        chunk = bytes(self._view[self._pos : end])
        self._pos = end
        return chunk

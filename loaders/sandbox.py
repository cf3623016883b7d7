"""Read untrusted Excel files in a child process with a memory cap and a wall-time limit.

Never imports streamlit, pandas or duckdb. Why (issue 9): python-calamine is native code; a stray cell at
XFD1048576 makes it allocate 512 GiB and abort (no Python exception to catch), and a zip bomb can take gigabytes.
Read inside the server, such a file killed the dashboard for every user. Here the child (`python -m
loaders.sandbox`, a fresh interpreter: forking a threaded Streamlit server is unsafe) runs the pre-checks and
calamine under RLIMIT_AS and is killed after `reader_seconds`; whatever happens costs only that file. The
cheap pre-checks (loaders.precheck: streaming, bounded memory) run in the parent while the child reads, off the
critical path; when they refuse the file the child is killed and their message is the answer. The child
sends back plain rows as marshal frames, a run of rows at a time as it converts them, so that the parent
validates the first rows while the child still reads (issue 9, import speed). Only str/float/int/bool/None/
lists can be in a frame (date and time cells are sent as ISO text, which every date parser of the loaders
reads as the same day), so loading it cannot construct objects or run code; marshal is ≈4× faster than
pickle for 700k cells. CSV and web-page files are read in-process: pure Python, bounded by the file-size and
cell-size limits.
"""

import gc
import json
import marshal
import resource
import signal
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from core.errors import LedgerFormatError
from loaders.limits import Limits, load_limits
from loaders.precheck import check_xlsx
from loaders.read import RawWorkbook, excel_chunks, excel_format, gathered, is_excel, read_ledger

_ROOT = Path(__file__).resolve().parent.parent
_MB = 1024 * 1024
_HINT = "该文件未写入任何数据，其他文件不受影响。请在 Excel/WPS 中打开，删除多余的行列后另存为 .xlsx 再导入。"
_PLAIN = frozenset((str, float, int, bool, type(None)))  # exact types, as marshal writes them
_PATTERNS_KEPT = 256
_TEXTS_KEPT = 65536
_REPETITIVE_MIN = 8  # text cells a column needs in a sheet's first run to be judged repetitive
_FRAME_HEAD = struct.Struct("<Q")  # the byte length of the marshal blob that follows


class PendingRead:
    """A child process reading one Excel file. `runs()` gives its rows run by run as the child sends them (the
    pipeline validates each run while the child reads on); `result()` waits for the whole workbook."""

    def __init__(self, data: bytes, file_name: str, limits: Limits | None = None) -> None:
        self.file_name = file_name
        self.limits = limits or load_limits()
        self.file_format = excel_format(data)
        self._folder = tempfile.TemporaryDirectory(prefix="ledger-")
        folder = Path(self._folder.name)
        (folder / "upload").write_bytes(data)
        settings = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self.limits).items()}
        with open(folder / "stderr", "wb") as err:  # a file, not a pipe: a chatty crash can never block the child
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "loaders.sandbox", str(folder / "upload"), file_name, json.dumps(settings)],
                cwd=_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=err,
            )
        self._timed_out = False
        self._refusal: LedgerFormatError | None = None
        try:
            if data.startswith(b"PK"):
                check_xlsx(data, file_name, self.limits)
        except LedgerFormatError as exc:
            self._refusal = exc

    def result(self) -> RawWorkbook:
        """The workbook, or LedgerFormatError (naming the file) for a refusal, a crash, a memory cap or a timeout."""
        return gathered(self.file_name, self.file_format, self.runs())

    def runs(self) -> Iterator[tuple[int, str, list[list]]]:
        """(sheet index, sheet name, rows) as loaders.read.excel_chunks made them in the child, in order; then
        LedgerFormatError if the child refused the file, crashed, hit its memory cap or ran out of time. The
        child is killed if the caller stops early (a refusal of its own), and always after its deadline."""
        # timed from here: the caller may have waited for the database while the child's output filled the pipe
        timer = threading.Timer(self.limits.reader_seconds, self._time_out)
        timer.start()
        try:
            if self._refusal is not None:
                raise self._refusal
            while (frame := self._frame()) is not None:
                if frame[0] == "refused":
                    raise LedgerFormatError(frame[1], frame[2])
                if frame[0] == "done":
                    return
                yield frame[1], frame[2], frame[3]
            self._proc.wait()
            if self._timed_out:
                raise LedgerFormatError(
                    f"读取文件超时（超过 {self.limits.reader_seconds} 秒），未导入: {self.file_name}", _HINT
                )
            raise self._crash(self._proc.returncode)
        finally:
            timer.cancel()
            self.cancel()

    def cancel(self) -> None:
        """Stop the child (if it still runs) and remove its file: when its rows will not be read, or are read."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        assert self._proc.stdout is not None
        self._proc.stdout.close()
        self._folder.cleanup()

    def _time_out(self) -> None:
        self._timed_out = True
        self._proc.kill()

    def _frame(self) -> Any:
        """The child's next message, or None at the end of its output (however it ended)."""
        assert self._proc.stdout is not None
        head = self._proc.stdout.read(_FRAME_HEAD.size)
        if len(head) < _FRAME_HEAD.size:
            return None
        (size,) = _FRAME_HEAD.unpack(head)
        body = self._proc.stdout.read(size)
        return _unmarshal(body) if len(body) == size else None

    def _crash(self, code: int) -> LedgerFormatError:
        err = (Path(self._folder.name) / "stderr").read_bytes()[-4096:]
        if code == -signal.SIGABRT or b"memory allocation" in err or b"MemoryError" in err:
            return LedgerFormatError(
                f"读取文件时超出内存上限（{self.limits.reader_memory_mb} MB），未导入: {self.file_name}", _HINT
            )
        return LedgerFormatError(f"读取文件的程序意外终止（退出码 {code}），未导入: {self.file_name}", _HINT)


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic GC off for a stretch that builds or holds a ledger's cells (plain data, no cycles): each
    collection would walk those 700k objects again for nothing; on again afterwards if it was on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _unmarshal(out: bytes) -> Any:
    """The child's blob as Python values, with the GC paused: loading 100k row lists would otherwise run
    dozens of collections over the parent's pandas/duckdb heap; 0.19 s → 0.11 s CPU (issue 9, import speed)."""
    with paused_gc():
        return marshal.loads(out)


def start_read(data: bytes, file_name: str, limits: Limits | None = None) -> PendingRead | RawWorkbook:
    """Start reading: a PendingRead for Excel (child process), or the finished workbook for text formats."""
    limits = limits or load_limits()
    if is_excel(data) and len(data) <= limits.max_file_mb * _MB:
        return PendingRead(data, file_name, limits)
    return read_ledger(data, file_name, limits)


def read_untrusted(data: bytes, file_name: str, limits: Limits | None = None) -> RawWorkbook:
    """Every sheet of an uploaded or cron-fed ledger file, read where a crash costs only this file."""
    started = start_read(data, file_name, limits)
    return started.result() if isinstance(started, PendingRead) else started


def _plain_rows(rows: list[list]) -> list[list]:
    """Rows with date/time/duration cells as ISO text (`2026-10-08`, `09:30:00`), the rest unchanged.

    The rows of a ledger share a few patterns of cell types: the positions to convert are found once per
    pattern (one C pass per row), not by a type test of each of 700k cells (issue 9, import speed)."""
    positions: dict[tuple[type, ...], list[int]] = {}
    text = _IsoText()
    for row in rows:
        pattern = tuple(map(type, row))
        where = positions.get(pattern)
        if where is None:
            where = [i for i, kind in enumerate(pattern) if kind not in _PLAIN]
            if len(positions) < _PATTERNS_KEPT:  # a wide sheet of ragged rows must not fill the memory cap
                positions[pattern] = where
        for i in where:
            row[i] = text[row[i]]
    return rows


class _IsoText(dict):
    """The ISO text of each distinct date/time cell, made once: a ledger's 200k date cells hold a few thousand
    days, and a dict look-up costs a fraction of `isoformat()` (issue 9, import speed). The key is the cell
    itself: no date, datetime, time or timedelta compares equal to a value of another of these types, so
    `date(2026, 1, 1)` and `datetime(2026, 1, 1)` stay apart. Kept small: at most `_TEXTS_KEPT` entries."""

    def __missing__(self, cell: Any) -> str:
        text = cell.isoformat() if hasattr(cell, "isoformat") else str(cell)
        if len(self) < _TEXTS_KEPT:
            self[cell] = text
        return text


class _SharedTexts:
    """The text cells of a sheet's repetitive columns (单位, 栏目: a few dozen names over 100k rows) as one object
    per distinct text: marshal writes each once per run and refers back to it, so the parent's marshal.loads
    builds 40k fewer strings per 20k-row run, 15 → 8.5 ms (issue 9, import speed). A column is repetitive
    when its first run has at most one distinct text in four; sharing stops once `_TEXTS_KEPT` texts are held."""

    def __init__(self) -> None:
        self.columns: list[int] | None = None
        self.texts: dict[str, str] = {}

    def share(self, rows: list[list]) -> list[list]:
        if self.columns is None:
            self.columns = _repetitive_columns(rows)
        texts = self.texts
        for col in self.columns:
            for row in rows:
                if col < len(row) and type(row[col]) is str:
                    row[col] = texts.setdefault(row[col], row[col])
        if len(texts) > _TEXTS_KEPT:  # not as repetitive as its first run looked: the memory cap comes first
            self.columns, self.texts = [], {}
        return rows


def _repetitive_columns(rows: list[list]) -> list[int]:
    found = []
    for col in range(max(map(len, rows), default=0)):
        texts = [row[col] for row in rows if col < len(row) and type(row[col]) is str and row[col]]
        if len(texts) >= _REPETITIVE_MIN and len(set(texts)) * 4 <= len(texts):
            found.append(col)
    return found


def capped_child(settings: str) -> Limits:
    """In a reader child, before it touches the file: the limits passed as JSON, and this process capped to
    their memory and CPU (RLIMIT_AS, RLIMIT_CPU), so a hostile file can only kill the child."""
    values = json.loads(settings)
    values["earliest_date"] = date.fromisoformat(values["earliest_date"])
    limits = Limits(**values)
    cap = limits.reader_memory_mb * _MB
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.reader_seconds + 5, limits.reader_seconds + 5))
    return limits


def _child(path: str, file_name: str, settings: str) -> None:
    """The reader child: cap memory and CPU first, then read; each run of rows as one marshal frame on stdout
    as soon as it is made, then "done" (or "refused" with the Chinese message)."""
    limits = capped_child(settings)
    out = sys.stdout.buffer
    shared: dict[int, _SharedTexts] = {}  # by sheet index
    try:
        for index, name, rows in excel_chunks(Path(path).read_bytes(), file_name, limits, precheck=False):
            _send(out, ("rows", index, name, shared.setdefault(index, _SharedTexts()).share(_plain_rows(rows))))
        _send(out, ("done",))
    except LedgerFormatError as exc:
        _send(out, ("refused", exc.message, exc.hint))


def _send(out: Any, message: tuple) -> None:
    blob = marshal.dumps(message)
    out.write(_FRAME_HEAD.pack(len(blob)))
    out.write(blob)
    out.flush()


if __name__ == "__main__":
    _child(*sys.argv[1:4])

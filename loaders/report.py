"""What an import did, file by file: counts per outcome, sheets read and skipped, the rows rejected and why.

Never imports streamlit. `loaded + updated + duplicate + rejected == rows` always holds (checked by tests).
"""

from dataclasses import asdict, dataclass, field

from loaders.kinds import KIND_LABELS


@dataclass
class RowProblem:
    sheet: str
    row_number: int
    reason: str


@dataclass
class FileReport:
    file: str
    kind: str = ""  # kind keys joined by ',' when sheets hold different kinds
    rows: int = 0
    loaded: int = 0
    updated: int = 0
    duplicate: int = 0
    rejected: int = 0
    import_id: int | None = None
    encoding: str = ""
    sheets_read: list[str] = field(default_factory=list)
    sheets_skipped: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    cleaned: list[RowProblem] = field(default_factory=list)  # rows whose text lost invisible characters (kept)
    unregistered_columns: list[str] = field(default_factory=list)
    already_imported_as: int | None = None  # batch that imported the byte-identical file before

    @property
    def batch(self) -> int:
        """The batch this file is written under; every write happens after the batch row exists."""
        if self.import_id is None:
            raise RuntimeError(f"{self.file}: written before its import batch was created")
        return self.import_id

    def add(self, outcome: str, n: int = 1) -> None:
        setattr(self, outcome, getattr(self, outcome) + n)
        self.rows += n

    @property
    def kind_label(self) -> str:
        return "、".join(KIND_LABELS.get(k, k) for k in self.kind.split(",") if k)

    def as_json(self) -> dict:
        data = asdict(self)
        data["problems"] = [asdict(p) for p in self.problems]
        data["cleaned"] = [asdict(p) for p in self.cleaned]
        return data

    def summary_zh(self) -> str:
        """One line for the CLI and the import page."""
        line = (
            f"{self.file}（{self.kind_label}）：共 {self.rows} 行，新增 {self.loaded}，更新 {self.updated}，"
            f"重复 {self.duplicate}，隔离 {self.rejected}"
        )
        if self.already_imported_as:
            line += f"（与第 {self.already_imported_as} 批导入的文件完全相同，未重复写入）"
        if self.sheets_skipped:
            line += f"；未识别表头而跳过的工作表：{'、'.join(self.sheets_skipped)}"
        if self.cleaned:
            rows = len({(p.sheet, p.row_number) for p in self.cleaned})
            line += f"；{rows} 行含控制字符或不可见字符，已删除（如 {self.cleaned[0].reason}）"
        if self.unregistered_columns:
            line += f"；未登记栏目 {len(self.unregistered_columns)} 个（已按名称推定类别，请确认）"
        return line

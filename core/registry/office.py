"""Who issues the documents (data/office.toml) and how their 文号 are numbered. Never imports streamlit."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from core.config import DATA_DIR
from core.errors import DashboardError

OFFICE_FILE = DATA_DIR / "office.toml"


@dataclass(frozen=True)
class Office:
    county_name: str
    office_name: str
    short_name: str
    doc_prefix: str
    contact: str
    feedback_days: int
    bulletin_requirements: tuple[str, ...] = ()
    copy_to: str = ""  # 版记's 抄送 line (issue 12), e.g. "县委办公室，县人民政府办公室。"; empty: no 抄送 line
    notice_prefix: str = ""  # 代字 of 整改通知书 (their own sequence); empty: doc_prefix + "整改"


def load_office(path: Path = OFFICE_FILE) -> Office:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Office(
            str(data["county_name"]),
            str(data["office_name"]),
            str(data["short_name"]),
            str(data["doc_prefix"]),
            str(data.get("contact", "")),
            int(data.get("feedback_days", 5)),
            tuple(str(p) for p in data.get("bulletin_requirements", ())),
            str(data.get("copy_to", "")),
            str(data.get("notice_prefix", "")) or f"{data['doc_prefix']}整改",
        )
    except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise DashboardError(f"发文单位信息文件 {path.name} 有误：{exc}", "请检查 data/office.toml。") from exc

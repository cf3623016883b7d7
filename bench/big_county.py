"""A big synthetic county for benchmarks: 46 units, 6–8 columns each, N items over 5 years, through the real loaders.

    python -m bench.big_county PATH [--items 1000000] [--seed 2]

The ledgers are written as CSV text (units registry, columns registry, items in files of ≤ 200k rows, a few
findings) and imported with loaders.pipeline.import_file, exactly as the CLI importer would. Deterministic for
a given seed. Items are written in 发布日期 order, as monthly ledgers imported over the years would store them.
"""

import argparse
import csv
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from core.calendar.workdays import load_calendar
from core.storage.db import connect
from core.storage.migrations import migrate
from loaders.pipeline import import_file

LAST_DAY = date(2026, 11, 20)
FIRST_DAY = date(LAST_DAY.year - 5, LAST_DAY.month, LAST_DAY.day) + timedelta(days=1)  # 5 years ending LAST_DAY
ROWS_PER_FILE = 200_000
WORKDAY_SHARE = 0.93  # the rest is published on weekends and holidays
CREATED_SHARE = 0.70  # items with a 成文日期, 0–30 days before 发布日期

DEPARTMENTS = [
    "县人民政府办公室",
    "县发展和改革局",
    "县教育局",
    "县科学技术局",
    "县工业和信息化局",
    "县公安局",
    "县民政局",
    "县司法局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源局",
    "县生态环境分局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县水利局",
    "县农业农村局",
    "县商务局",
    "县文化和旅游局",
    "县卫生健康委员会",
    "县退役军人事务局",
    "县应急管理局",
    "县审计局",
    "县市场监督管理局",
    "县统计局",
    "县医疗保障局",
    "县林业局",
    "县乡村振兴局",
    "县信访局",
    "县政务服务和大数据管理局",
    "县城市管理局",
    "县机关事务服务中心",
    "县供销合作社",
    "县档案馆",
    "县融媒体中心",
    "县投资促进局",
]
TOWNS = ["城关镇", "东坝镇", "西河镇", "南山镇", "北岭镇", "清水镇", "石桥乡", "柳林乡", "白沙乡"]
STREETS = ["城东街道", "城西街道"]

# (column name, category of data/column_categories.csv, relative number of items)
COLUMN_POOL = [
    ("工作动态", "动态要闻类", 40.0),
    ("通知公告", "通知公告政策文件类", 14.0),
    ("图片新闻", "动态要闻类", 10.0),
    ("政策文件", "通知公告政策文件类", 6.0),
    ("政策解读", "政策解读类", 4.0),
    ("人事信息", "人事规划计划类", 2.0),
    ("规划计划", "人事规划计划类", 1.0),
    ("财政预决算", "财政信息类", 1.0),
    ("机构职能", "机构信息类", 0.2),
    ("便民服务", "其他", 1.0),
]
TOPICS = [
    "安全生产",
    "防汛抗旱",
    "森林防火",
    "乡村振兴",
    "营商环境",
    "疫情防控",
    "就业创业",
    "文明城市创建",
    "秸秆禁烧",
    "耕地保护",
    "河长制",
    "食品安全",
    "消防安全",
    "扫黑除恶",
    "信访维稳",
    "招商引资",
    "农村人居环境整治",
    "医疗保障",
    "义务教育",
    "养老服务",
    "退役军人服务",
    "政务公开",
    "数字政府",
    "生态环境保护",
    "冬春季农田水利",
]
TITLE_TEMPLATES = {
    "动态要闻类": ("{unit}召开{topic}工作推进会", "{unit}开展{topic}专项检查", "{unit}部署{topic}重点工作"),
    "通知公告政策文件类": ("关于做好{topic}工作的通知", "关于开展{topic}专项行动的通知", "{unit}关于{topic}的公告"),
    "政策解读类": ("《关于加强{topic}工作的实施意见》政策解读", "一图读懂{topic}新政"),
    "人事规划计划类": ("{unit}{year}年{topic}工作计划", "{unit}{year}年公开招聘工作人员公告"),
    "财政信息类": ("{unit}{year}年部门预算公开", "{unit}{year}年部门决算公开"),
    "机构信息类": ("{unit}机构职能", "{unit}领导信息"),
    "其他": ("{topic}办事指南", "{topic}常见问题解答"),
}
FINDING_TYPES = [
    ("栏目更新不及时", "{column}栏目超过规定期限未更新"),
    ("内容错误", "{column}栏目信息存在错别字"),
    ("链接失效", "{column}栏目部分链接无法打开"),
    ("要素缺失", "{column}栏目信息缺少成文日期"),
]
FINDING_STATES = ["未整改", "整改中", "已整改", "已整改"]


def _units(rng: random.Random) -> list[dict]:
    """The 46 units with their 6–8 columns and how actively they publish."""
    units = [(n, "县直部门") for n in DEPARTMENTS] + [(n, "乡镇") for n in TOWNS] + [(n, "街道") for n in STREETS]
    result = []
    for order, (name, unit_type) in enumerate(units, start=1):
        optional = COLUMN_POOL[2:]
        chosen = [COLUMN_POOL[0], COLUMN_POOL[1], *rng.sample(optional, rng.randint(4, 6))]
        columns = []
        for column, category, weight in chosen:
            if rng.random() < 0.06:  # a column nobody ever fills: 空白栏目
                weight = 0.0
            columns.append((column, category, weight * rng.uniform(0.5, 1.5)))
        result.append(
            {
                "name": name,
                "type": unit_type,
                "order": order,
                "code": f"u{order:02d}",
                "activity": rng.uniform(0.3, 2.0),
                "columns": columns,
            }
        )
    return result


def _write_csv(path: Path, header: list[str], rows) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _registry_files(folder: Path, units: list[dict]) -> list[Path]:
    registry = _write_csv(
        folder / "01_单位名录.csv",
        ["单位名称", "简称", "单位类型", "是否纳入考核", "排序"],
        [
            [u["name"], u["name"].removeprefix("县") if u["type"] == "县直部门" else "", u["type"], "是", u["order"]]
            for u in units
        ],
    )
    columns = _write_csv(
        folder / "02_栏目目录.csv",
        ["单位名称", "栏目名称", "栏目类别", "更新周期(天)", "开设日期"],
        [[u["name"], column, category, "", ""] for u in units for column, category, _ in u["columns"]],
    )
    return [registry, columns]


def _publication_days(rng: random.Random, items: int) -> list[int]:
    """Ordinals of 发布日期 for every item, sorted: mostly working days of the official calendar."""
    calendar = load_calendar()
    days = [FIRST_DAY + timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
    work = [d.toordinal() for d in days if calendar.is_workday(d)]
    off = [d.toordinal() for d in days if not calendar.is_workday(d)]
    on_workdays = sum(1 for _ in range(items) if rng.random() < WORKDAY_SHARE)
    chosen = rng.choices(work, k=on_workdays) + rng.choices(off, k=items - on_workdays)
    chosen.sort()
    return chosen


def _item_rows(rng: random.Random, units: list[dict], ordinals: list[int], first_number: int):
    """CSV rows (序号, 单位, 栏目, 标题, 发布日期, 成文日期, 文号, 链接) for the given sorted day ordinals."""
    pairs, weights = [], []
    for u in units:
        for column, category, weight in u["columns"]:
            if weight > 0:
                pairs.append((u, column, category, [c[0] for c in COLUMN_POOL].index(column)))
                weights.append(weight * u["activity"])
    cumulative, total = [], 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    picks = rng.choices(range(len(pairs)), cum_weights=cumulative, k=len(ordinals))
    iso: dict[int, str] = {}
    for offset, (ordinal, pick) in enumerate(zip(ordinals, picks)):
        n = first_number + offset
        unit, column, category, column_no = pairs[pick]
        published = iso.get(ordinal) or iso.setdefault(ordinal, date.fromordinal(ordinal).isoformat())
        created = ""
        if rng.random() < CREATED_SHARE:
            back = ordinal - rng.randrange(31)
            created = iso.get(back) or iso.setdefault(back, date.fromordinal(back).isoformat())
        template = rng.choice(TITLE_TEMPLATES[category])
        title = template.format(unit=unit["name"], topic=rng.choice(TOPICS), year=published[:4])
        doc_number = f"清{unit['code']}发〔{published[:4]}〕{n % 97 + 1}号" if column == "政策文件" else ""
        url = (
            f"http://www.qingyuan.gov.cn/{unit['code']}/c{column_no}/{published[:7]}/"
            f"t{published.replace('-', '')}_{n}.html"
        )
        yield [n, unit["name"], column, title, published, created, doc_number, url]


def _item_files(folder: Path, rng: random.Random, units: list[dict], items: int) -> list[Path]:
    ordinals = _publication_days(rng, items)
    header = ["序号", "单位", "栏目", "标题", "发布日期", "成文日期", "文号", "链接"]
    files = []
    for part, start in enumerate(range(0, items, ROWS_PER_FILE), start=1):
        chunk = ordinals[start : start + ROWS_PER_FILE]
        first, last = date.fromordinal(chunk[0]), date.fromordinal(chunk[-1])
        name = f"03_发布台账_{part:02d}_{first:%Y%m%d}-{last:%Y%m%d}.csv"
        files.append(_write_csv(folder / name, header, _item_rows(rng, units, chunk, start + 1)))
    return files


def _findings_file(folder: Path, rng: random.Random, units: list[dict]) -> Path:
    rows = []
    for n in range(1, 41):
        unit = rng.choice(units)
        found = LAST_DAY - timedelta(days=rng.randrange(300))
        problem, description = rng.choice(FINDING_TYPES)
        state = rng.choice(FINDING_STATES)
        rectified = (found + timedelta(days=rng.randrange(3, 25))).isoformat() if state == "已整改" else ""
        deadline = rng.choice(["10个工作日", "15天", (found + timedelta(days=30)).isoformat()])
        rows.append(
            [
                f"WX-{found.year}-{n:03d}",
                "网上巡查" if n % 3 else "季度互查",
                found.isoformat(),
                unit["name"],
                problem,
                description.format(column=rng.choice(unit["columns"])[0]),
                deadline,
                state,
                rectified,
            ]
        )
    return _write_csv(
        folder / "04_问题清单.csv",
        ["编号", "检查名称", "发现日期", "责任单位", "问题类型", "问题描述", "整改期限", "整改状态", "整改完成日期"],
        rows,
    )


def build(path: Path, items: int, seed: int = 2) -> dict:
    """Create the database at `path` (replacing any) with `items` items; returns counts and timings."""
    path = Path(path)
    for old in (path, path.with_name(path.name + ".wal")):
        old.unlink(missing_ok=True)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="big_county_") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        units = _units(rng)
        files = [
            *_registry_files(folder, units),
            *_item_files(folder, rng, units, items),
            _findings_file(folder, rng, units),
        ]
        generate_seconds = time.perf_counter() - t0
        csv_mb = sum(f.stat().st_size for f in files) / 1e6
        t0 = time.perf_counter()
        con = connect(path)
        try:
            migrate(con)
            reports = [import_file(con, f.read_bytes(), f.name) for f in files]
            con.execute("CHECKPOINT")
        finally:
            con.close()
        import_seconds = time.perf_counter() - t0
    loaded = {r.kind: 0 for r in reports}
    rejected = 0
    for r in reports:
        loaded[r.kind] += r.loaded
        rejected += r.rejected
    return {
        "path": str(path),
        "items": items,
        "units": len(units),
        "columns": sum(len(u["columns"]) for u in units),
        "files": len(files),
        "csv_mb": round(csv_mb, 1),
        "loaded": loaded,
        "rejected": rejected,
        "generate_seconds": round(generate_seconds, 2),
        "import_seconds": round(import_seconds, 2),
        "db_mb": round(path.stat().st_size / 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    info = build(args.path, args.items, args.seed)
    print(f"{info['items']} items, {info['units']} units, {info['columns']} columns → {info['path']}")
    print(
        f"generate {info['files']} CSV files ({info['csv_mb']} MB): {info['generate_seconds']:.1f} s; "
        f"import: {info['import_seconds']:.1f} s; loaded {info['loaded']}, rejected {info['rejected']}; "
        f"database {info['db_mb']} MB"
    )


if __name__ == "__main__":
    main()

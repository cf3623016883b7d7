"""Write the 清源县 ledgers as of a given day: ``python -m demo.generate_samples [--out data/samples] [--today DAY]``.

Why: the demo database is built only from such files, so they must look like what county staff really send
(title rows, header synonyms, aliases, a dozen date spellings, .xls/.csv exports, a few bad rows) and still be
reproducible: one ``random.Random(2)``, the given day and zip timestamps pinned to it make reruns byte-identical.
Every date of the story (15 months of items, quiet units, stale columns, inspections, requests near their limits)
is placed relative to that day (see Story), so a demo built on any day looks like a live county on that day.
data/samples/ holds the set for BASE_DAY, the committed example. What was planted is printed for the tests.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import xlwt
from openpyxl.styles import Font

from core.calendar.workdays import WorkdayCalendar

D = dt.date
BASE_DAY, SEED = D(2026, 11, 20), 2  # data/samples/ is written for BASE_DAY; the demo database for its build day
HISTORY_MONTHS = 15  # item ledgers: the current month and the 14 before it
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "samples"
OWNED = ("01_单位名录.*", "02_栏目目录.*", "03_发布台账_*", "04_问题清单_*", "05_依申请公开台账_*", "06_年度报告_*")
CAL = WorkdayCalendar()  # chinese_calendar only: the output must not change when someone edits holidays.csv
ONE = dt.timedelta(days=1)

# name | 单位类型 | aliases | url code | 文号 prefix | items per week
UNIT_TABLE = """\
县人民政府办公室|县直部门|县政府办、县府办|zfb|清府办发|5
县发展和改革局|县直部门|县发改局、发改局|fgj|清发改发|3.5
县教育局|县直部门|教育局|jyj|清教发|4.5
县公安局|县直部门|公安局|gaj|清公发|3
县民政局|县直部门|民政局|mzj|清民发|2.5
县司法局|县直部门|司法局|sfj|清司发|2
县财政局|县直部门|财政局|czj|清财发|3
县人力资源和社会保障局|县直部门|县人社局、人社局|rsj|清人社发|3.5
县自然资源局|县直部门|自然资源局、县自资局|zrzyj|清自然资发|3
县住房和城乡建设局|县直部门|县住建局、住建局|zjj|清住建发|3
县交通运输局|县直部门|县交通局、交通局|jtj|清交发|2.5
县水利局|县直部门|水利局|slj|清水发|2.5
县农业农村局|县直部门|县农业局、农业农村局|nyj|清农发|3.5
县商务局|县直部门|商务局|swj|清商发|2
县文化和旅游局|县直部门|县文旅局、文旅局|wlj|清文旅发|3
县卫生健康局|县直部门|县卫健局、卫健局、县卫健委|wjj|清卫健发|4
县退役军人事务局|县直部门|县退役军人局、退役军人局|tyjrj|清退役军人发|1.5
县应急管理局|县直部门|县应急局、应急局|yjj|清应急发|3.5
县审计局|县直部门|审计局|sjj|清审发|1.5
县市场监督管理局|县直部门|县市场监管局、市场监管局|scjgj|清市监发|3.5
县统计局|县直部门|统计局|tjj|清统发|1.2
县医疗保障局|县直部门|县医保局、医保局|ybj|清医保发|2
县林业局|县直部门|林业局|lyj|清林发|2
县综合行政执法局|县直部门|县执法局、县城管局|zfj|清综执发|2.5
县信访局|县直部门|信访局|xfj|清信发|1
县行政审批服务局|县直部门|县审批局、审批局|spj|清审批发|2.5
县乡村振兴局|县直部门|乡村振兴局、县振兴局|xczxj|清乡振发|2
县数据资源局|县直部门|县数据局、数据局|sjzyj|清数据发|1.5
县科学技术局|县直部门|县科技局、科技局|kjj|清科发|1.2
县经济和信息化局|县直部门|县经信局、经信局|jxj|清经信发|2.5
县民族宗教事务局|县直部门|县民宗局、民宗局|mzzj|清民宗发|1
县机关事务服务中心|县直部门|县机关事务中心、机关事务中心|jgsw|清机事发|1
县融媒体中心|县直部门|融媒体中心、县融媒|rmt|清融媒发|2
市生态环境局清源分局|县直部门|县生态环境分局、县环保局、环保局|sthj|清环发|2.5
县投资促进局|县直部门|县投促局、投促局|tcj|清投促发|1.2
桥头镇人民政府|乡镇|桥头镇、桥头镇政府|qtz|桥府发|2.5
青石镇人民政府|乡镇|青石镇、青石镇政府|qsz|青府发|2.5
白沙镇人民政府|乡镇|白沙镇|bsz|白府发|2
龙泉镇人民政府|乡镇|龙泉镇|lqz|龙府发|2
柳溪镇人民政府|乡镇|柳溪镇|lxz|柳府发|1.8
马鞍镇人民政府|乡镇|马鞍镇|maz|马府发|1.5
石门乡人民政府|乡镇|石门乡、石门乡政府|smx|石府发|1.2
沙坪乡人民政府|乡镇|沙坪乡|spx|沙府发|1.2
红岩乡人民政府|乡镇|红岩乡|hyx|红府发|1.2
城关街道办事处|街道|城关街道、城关街办|cgjd|城街发|3
东城街道办事处|街道|东城街道、东城街办|dcjd|东街发|2.5
国家税务总局清源县税务局|垂管单位|县税务局、税务局|sw|清税发|1.5
清源县气象局|垂管单位|县气象局、气象局|qxj|清气发|1"""

# How often each category must be refreshed (the national rule). Kept here rather than read from
# data/column_categories.csv so that editing the office's rules never changes the committed samples.
CATEGORY_DAYS = {
    "动态要闻类": 14,
    "通知公告政策文件类": 180,
    "政策解读类": 180,
    "人事规划计划类": 365,
    "机构信息类": 365,
    "财政信息类": 365,
}
BASE_COLUMNS = {
    "工作动态": "动态要闻类",
    "通知公告": "通知公告政策文件类",
    "政策文件": "通知公告政策文件类",
    "政策解读": "政策解读类",
    "人事信息": "人事规划计划类",
    "规划计划": "人事规划计划类",
    "财政预决算": "财政信息类",
    "机构职能": "机构信息类",
}
TOWN_COLUMNS = {"村务公开": "通知公告政策文件类", "惠民政策": "通知公告政策文件类"}
EXTRA_COLUMNS = {
    "县人民政府办公室": {"政府常务会议": "动态要闻类", "建议提案办理": "通知公告政策文件类"},
    "县应急管理局": {"安全生产": "通知公告政策文件类"},
    "县市场监督管理局": {"双随机一公开": "通知公告政策文件类"},
    "县自然资源局": {"征地信息": "通知公告政策文件类"},
    "县住房和城乡建设局": {"保障性住房": "通知公告政策文件类"},
    "县教育局": {"招生考试": "通知公告政策文件类"},
    "县卫生健康局": {"疾病防控": "动态要闻类"},
    "桥头镇人民政府": {"乡村振兴": "动态要闻类"},
}
OVERRIDES = {
    ("县人民政府办公室", "工作动态"): 7,
    ("城关街道办事处", "工作动态"): 7,
    ("桥头镇人民政府", "村务公开"): 31,
    ("县应急管理局", "安全生产"): 90,
}
BLANK = (
    ("县统计局", "政策解读"),
    ("县信访局", "财政预决算"),
    ("县融媒体中心", "政策解读"),
    ("沙坪乡人民政府", "惠民政策"),
)
STALE_DAYS = {  # the column's last item, in days before today (then the working day on or before)
    ("县民族宗教事务局", "通知公告"): 287,
    ("县林业局", "政策文件"): 238,
    ("马鞍镇人民政府", "政策文件"): 231,
}
QUIET_DAYS = {  # four silent weeks from the Monday on or before (today - days)
    "县民族宗教事务局": 361,
    "石门乡人民政府": 319,
    "县投资促进局": 165,
    "县科学技术局": 102,
}
SILENT_NOW = ("红岩乡人民政府", 22)  # silent from (today - days) to today: the unit 总览 lists as 上周未更新

T = str.split  # template tables are written as '|'-separated strings to keep them scannable
TOPICS = {
    "县应急管理局": "安全生产月|防汛救灾|森林防火|危化品安全|应急演练|自然灾害综合风险普查",
    "县教育局": "校园安全|秋季学期开学|“双减”|教师培训|学前教育普及|义务教育招生",
    "县公安局": "反电信网络诈骗|道路交通安全|夏夜治安巡查|常态化扫黑除恶|户籍便民服务",
    "县卫生健康局": "家庭医生签约|爱国卫生运动|传染病防控|基层医疗服务能力提升|健康科普",
    "县市场监督管理局": "食品安全|特种设备安全|价格监督检查|知识产权保护|校园食品安全",
    "县自然资源局": "耕地保护|国土空间规划|不动产登记|地质灾害防治|土地卫片执法",
    "县住房和城乡建设局": "老旧小区改造|建筑施工安全|保障性住房|城镇燃气安全|物业管理",
    "县农业农村局": "秋粮收购|高标准农田建设|动物防疫|农产品质量安全|春耕备耕",
    "县人力资源和社会保障局": "根治欠薪|稳就业|职业技能培训|城乡居民养老保险|高校毕业生就业",
    "县财政局": "预算绩效管理|惠民惠农补贴|政府采购|国有资产管理|财会监督",
    "县水利局": "河长制|防汛抗旱|农村饮水安全|水土保持|水资源管理",
    "市生态环境局清源分局": "大气污染防治|秋冬季空气质量|河道水质监测|危险废物管理|生态环境执法",
}
GENERIC_TOPICS = T(
    "党风廉政建设|法治政府建设|安全生产|优化营商环境|意识形态|保密|政务公开|信访维稳|"
    "文明城市创建|消防安全|数字政府建设|干部作风建设|民生实事|营商环境投诉处理",
    "|",
)
TOWN_TOPICS = T(
    "秸秆禁烧|人居环境整治|森林防火|防汛|农村厕所革命|乡村振兴|社会救助|矛盾纠纷排查|安全生产|"
    "基层党建|农村集体经济|耕地撂荒整治",
    "|",
)
TITLES = {
    k: T(v, "|")
    for k, v in {
        "工作动态": "{u}开展{t}宣传活动|{u}召开{y}年{t}工作推进会|{u}组织开展{t}专项检查|{u}举办{t}业务培训班|"
        "{u}党组理论学习中心组开展{m}月集中学习|{u}安排部署{t}工作|{u}扎实推进{t}工作|"
        "{u}主要负责同志带队督导{t}工作|{u}召开{m}月工作例会|{u}赴{town}调研{t}工作",
        "通知公告": "关于做好{y}年{t}工作的通知|关于开展{t}专项整治行动的通知|"
        "关于公开征求《清源县{t}{doc}（征求意见稿）》意见的公告|{u}关于{y}年第{q}季度{t}检查情况的通报|"
        "关于{t}有关事项的公告|{u}{y}年第{n}批{t}示范点名单公示",
        "政策文件": "关于印发《清源县{t}{doc}》的通知|关于进一步加强{t}工作的实施意见|关于印发《{u}{t}{doc}》的通知",
        "政策解读": "《{ref}》政策解读|【图解】《{ref}》|一图读懂《{ref}》",
        "人事信息": "{u}{y}年公开招聘编外聘用人员公告|{u}关于{who}等同志任职前公示|"
        "{u}{y}年公开遴选工作人员拟调入人员名单公示|{u}{y}年公开招聘编外聘用人员拟聘用人员公示",
        "规划计划": "{u}{y}年工作要点|{u}{py}年工作总结和{y}年工作计划|清源县“十五五”{t}专项规划（征求意见稿）",
        "机构职能": "{u}主要职责和内设机构|{u}领导分工|{u}机构概况（{y}年{m}月更新）",
        "村务公开": "{u}{pmy}年{pm}月村务公开汇总|{u}{pmy}年{pm}月村级财务收支公开",
        "惠民政策": "{u}{y}年第{q}季度城乡低保资金发放情况公示|{u}{y}年耕地地力保护补贴发放情况公示|"
        "{u}{y}年{m}月高龄津贴发放名单公示|{u}{y}年临时救助对象公示",
        "政府常务会议": "县人民政府第{nn}次常务会议召开",
        "疾病防控": "{t}健康提示|{u}开展{t}专项行动",
        "乡村振兴": "{u}扎实推进{t}|{u}召开{y}年乡村振兴重点工作推进会",
        "安全生产": "{u}{y}年{m}月安全生产执法检查情况公示|关于开展{t}隐患排查整治的通知",
        "双随机一公开": "{u}{y}年第{n}批“双随机、一公开”抽查结果公示",
        "征地信息": "清源县{y}年第{n}批次城镇建设用地征收土地预公告|清源县{y}年第{n}批次征地补偿安置方案公告",
        "保障性住房": "{y}年第{n}批公共租赁住房保障对象名单公示",
        "招生考试": "清源县{y}年义务教育阶段招生入学工作公告|关于做好{y}年高中阶段学校招生考试报名工作的通知",
        "建议提案办理": "关于县政协十届{n}次会议第{nn}号提案的答复|关于县人大十八届{n}次会议第{nn}号建议的答复",
    }.items()
}
DOC_KINDS = T("实施方案|管理办法|工作方案|实施细则|若干措施", "|")
PEOPLE = T("王建军|李红梅|张伟|刘洋|陈静|杨帆|赵磊|黄丽|周强|吴敏", "|")
WEEKLY_WEIGHTS = {"工作动态": 70, "通知公告": 15, "政策文件": 7}


@dataclass
class Unit:
    """One registry row plus the columns of its site (column → category)."""

    name: str
    kind: str
    aliases: list[str]
    code: str
    doc: str
    rate: float
    columns: dict[str, str] = field(default_factory=dict)

    @property
    def short(self) -> str:
        """How the unit names itself in titles (桥头镇, not 桥头镇人民政府)."""
        return self.name.replace("人民政府", "").replace("办事处", "") if self.kind in ("乡镇", "街道") else self.name


@dataclass
class Item:
    unit: Unit
    column: str
    title: str
    pub: D
    made: D | None = None
    doc: str = ""
    url: str = ""
    interp: bool = False
    explained: bool = False
    note: str = ""
    bad: dict = field(default_factory=dict)  # planted defect: cell overrides
    tag: str = ""  # what was planted in this row, for the printed manifest


def build_units() -> list[Unit]:
    """Parse UNIT_TABLE; small units and 垂管单位 keep fewer columns, townships get 村务公开/惠民政策."""
    units = []
    for line in UNIT_TABLE.splitlines():
        name, kind, aliases, code, doc, rate = line.split("|")
        cols = dict(BASE_COLUMNS)
        if kind in ("乡镇", "街道"):
            del cols["规划计划"]
            cols.update(TOWN_COLUMNS)
        elif kind == "垂管单位":
            del cols["人事信息"], cols["规划计划"]
        elif float(rate) < 1.5:
            del cols["规划计划"]
        cols.update(EXTRA_COLUMNS.get(name, {}))
        units.append(Unit(name, kind, aliases.split("、"), code, doc, float(rate), cols))
    return units


def sub_workdays(day: D, n: int) -> D:
    """The working day n working days before `day` (where a 成文日期 usually sits)."""
    while n > 0:
        day -= ONE
        n -= CAL.is_workday(day)
    return day


def workdays(a: D, b: D) -> list[D]:
    return [a + ONE * i for i in range((b - a).days + 1) if CAL.is_workday(a + ONE * i)]


def cn(day: D) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def back_to_workday(day: D) -> D:
    """`day`, or the last working day before it."""
    while not CAL.is_workday(day):
        day -= ONE
    return day


def forward_to_workday(day: D) -> D:
    """`day`, or the first working day after it."""
    while not CAL.is_workday(day):
        day += ONE
    return day


def _month_end(day: D) -> D:
    return (day.replace(day=28) + ONE * 4).replace(day=1) - ONE


@dataclass(frozen=True)
class Story:
    """Every date of the county's story, placed relative to `today` (see story_for)."""

    today: D
    start: D  # first day of the oldest monthly ledger
    months: dict[str, tuple[str, int, str]]  # 'YYYY-MM' → (extension, header set, date mode), oldest first
    stale: dict[tuple[str, str], D]  # (unit, column) → its last item; nothing after
    quiet: dict[str, tuple[D, D]]  # unit → (first, last) day without any item
    inspections: tuple[tuple[D, str, str, int], ...]  # found on, 检查名称, 编号 prefix, findings
    finding_files: tuple[tuple[str, D, D, str, str], ...]  # file key, period start, as of, date mode, label

    @property
    def stamp(self) -> dt.datetime:
        """The time written into every workbook: 08:00 of the day (keeps reruns byte-identical)."""
        return dt.datetime.combine(self.today, dt.time(8))

    @property
    def rounds(self) -> list[D]:
        """回头看 happens at the next 季度互查."""
        return [d for d, name, _, _ in self.inspections if name == "季度互查"]

    def is_quiet(self, unit: Unit, day: D) -> bool:
        a, b = self.quiet.get(unit.name, (self.today + ONE, self.today))
        return a <= day <= b


def story_for(today: D) -> Story:
    """The story as of `today`: 15 monthly ledgers ending in today's month, inspections and quiet spells at fixed
    distances before today (moved onto working days), quarterly 问题清单 then monthly ones in today's quarter."""
    first = today.replace(day=1)
    for _ in range(HISTORY_MONTHS - 1):
        first = (first - ONE).replace(day=1)
    months, day = {}, first
    for fmt in MONTH_FORMATS[:HISTORY_MONTHS]:
        months[f"{day:%Y-%m}"], day = fmt, _month_end(day) + ONE
    quiet = {}
    for name, days in QUIET_DAYS.items():
        monday = today - ONE * days
        monday -= ONE * monday.weekday()
        quiet[name] = (monday, monday + ONE * 27)
    quiet[SILENT_NOW[0]] = (today - ONE * SILENT_NOW[1], today)
    inspections = []
    for days, name, count in INSPECTIONS:
        found = back_to_workday(today - ONE * days)
        inspections.append((found, name, PREFIXES[name].format(y=found.year, q=(found.month - 1) // 3 + 1), count))
    return Story(
        today,
        first,
        months,
        {key: back_to_workday(today - ONE * days) for key, days in STALE_DAYS.items()},
        quiet,
        tuple(inspections),
        finding_files(inspections[0][0], today),
    )


def finding_files(first: D, today: D) -> tuple[tuple[str, D, D, str, str], ...]:
    """问题清单 ledgers: one per quarter from the first inspection's, then one per month of today's quarter,
    the last as of today. Keys sort in import order ("2026Q4" < "2026Q4-10" < "2027Q1-01")."""
    quarter = lambda d: D(d.year, (d.month - 1) // 3 * 3 + 1, 1)  # noqa: E731
    files, day = [], quarter(first)
    while day < quarter(today):
        end = _month_end(day.replace(month=day.month + 2))
        q = (day.month - 1) // 3 + 1
        files.append((f"{day.year}Q{q}", day, end, f"{day.year}年第{'一二三四'[q - 1]}季度"))
        day = end + ONE
    while day <= today:
        q = (day.month - 1) // 3 + 1
        files.append(
            (f"{day.year}Q{q}-{day.month:02d}", day, min(_month_end(day), today), f"{day.year}年{day.month}月")
        )
        day = _month_end(day) + ONE
    return tuple(
        (key, a, b, FINDING_MODES[i % len(FINDING_MODES)], label) for i, (key, a, b, label) in enumerate(files)
    )


def doc_name(title: str) -> str:
    """关于印发《X》的通知 → X: the name a 解读 or a finding quotes."""
    return re.sub(r"^关于印发《(.+)》的通知$", r"\1", title)


class Publisher:
    """Creates items: refuses quiet days, blank and gone-stale columns and repeated titles; numbers 文号."""

    def __init__(self, rng: random.Random, units: list[Unit], story: Story) -> None:
        self.rng, self.story = rng, story
        self.items: list[Item] = []
        self.seen: set[tuple] = set()
        self.doc_seq: dict[tuple[str, int], int] = {}
        self.towns = [u.short for u in units if u.kind == "乡镇"]

    def title(self, unit: Unit, column: str, day: D, ref: str = "") -> str:
        r, prev = self.rng, day.replace(day=1) - ONE
        topics = (
            T(TOPICS[unit.name], "|")
            if unit.name in TOPICS
            else (TOWN_TOPICS if unit.kind in ("乡镇", "街道") else GENERIC_TOPICS)
        )
        text = r.choice(TITLES.get(column, TITLES["通知公告"])).format(
            u=unit.short,
            t=r.choice(topics),
            y=day.year,
            py=day.year - 1,
            m=day.month,
            pm=prev.month,
            pmy=prev.year,
            q=(day.month - 1) // 3 + 1,
            n=r.randint(1, 9),
            nn=r.randint(10, 80),
            doc=r.choice(DOC_KINDS),
            town=r.choice(self.towns),
            who=r.choice(PEOPLE),
            ref=ref,
        )
        return text.replace("党组", "党委") if unit.kind in ("乡镇", "街道") else text

    def add(self, unit: Unit, column: str, day: D, title: str = "", ref: str = "") -> Item | None:
        s = self.story
        cut = s.stale.get((unit.name, column))
        if (
            column not in unit.columns
            or (unit.name, column) in BLANK
            or s.is_quiet(unit, day)
            or not s.start <= day <= s.today
            or (cut and day > cut)
        ):
            return None
        for _ in range(6):
            text = title or self.title(unit, column, day, ref)
            if (unit.name, text, day) not in self.seen:
                break
        else:
            return None
        self.seen.add((unit.name, text, day))
        item = Item(unit, column, text, day, interp=column == "政策解读")
        r = self.rng
        if r.random() < (0.9 if column in ("政策文件", "通知公告") else 0.65):
            item.made = day - ONE * r.randint(30, 60) if r.random() < 0.05 else sub_workdays(day, r.randint(0, 10))
        if column == "政策文件" and r.random() < 0.9:
            year = (item.made or day).year
            self.doc_seq[unit.name, year] = self.doc_seq.get((unit.name, year), 0) + 1
            item.doc = f"{unit.doc}〔{year}〕{self.doc_seq[unit.name, year]}号"
        self.items.append(item)
        return item


def weekly_items(pub: Publisher, units: list[Unit], rng: random.Random) -> None:
    """Each unit publishes weekly (at least once in any week with 3+ working days), mostly 工作动态, on working days.

    The floor keeps every gap under three weeks, so the only units that go quiet are the story's quiet ones.
    """
    s = pub.story
    monday = s.start
    while monday <= s.today:
        week = [d for d in (monday + ONE * i for i in range(7)) if d <= s.today]
        work = [d for d in week if CAL.is_workday(d)]
        off = [d for d in week if not CAL.is_workday(d)]
        for u in units:  # holiday weeks (春节, 国庆) have fewer working days, hence fewer items
            p = min(u.rate * min(max(len(work), 1), 5) / 5 / 8, 1)
            n = sum(rng.random() < p for _ in range(8))
            cols = {
                **WEEKLY_WEIGHTS,
                **{c: 8 if cat == "动态要闻类" else 6 for c, cat in EXTRA_COLUMNS.get(u.name, {}).items()},
            }
            for _ in range(max(n, 1) if len(work) >= 3 else n):
                pool = off if (off and rng.random() < 0.03) or not work else work
                day, col = rng.choice(pool), rng.choices(list(cols), list(cols.values()))[0]
                item = pub.add(u, col, day) or pub.add(u, "工作动态", day)
                if item and item.column == "政策文件" and rng.random() < 0.55:
                    due = CAL.add_workdays(day, rng.randint(0, 3)).due
                    item.explained = bool(pub.add(u, "政策解读", due, ref=doc_name(item.title)))
        monday += ONE * 7


def scheduled_items(pub: Publisher, units: list[Unit], rng: random.Random) -> None:
    """Long-cycle columns follow the office calendar: budgets in spring, final accounts in late summer, 村务 monthly."""

    def some(a: D, b: D) -> D:
        return rng.choice(workdays(a, b))

    s = pub.story
    for u in units:
        for year in range(s.start.year, s.today.year + 1):
            for col, a, b, title, share in yearly_windows(u, year):
                if b < s.start or a > s.today:
                    continue
                if a < s.start and rng.random() >= 0.5:  # half the units had published before the ledgers begin
                    continue
                if share < 1 and rng.random() >= share:
                    continue
                pub.add(u, col, some(max(a, s.start), b), title)
        for _ in range(rng.randint(0, 3)):
            pub.add(u, "人事信息", some(s.start, s.today))
        if rng.random() < 0.4:
            pub.add(u, "机构职能", some(s.start, s.today))
        month = s.start
        while month <= s.today:
            pub.add(u, "村务公开", workdays(month, month + ONE * 14)[rng.randint(1, 5)])
            if rng.random() < 0.6:
                pub.add(u, "惠民政策", some(month, min(month + ONE * 27, s.today)))
            month = (month + ONE * 32).replace(day=1)
    for (name, col), cut in s.stale.items():  # the last item before a column went stale
        pub.add(next(u for u in units if u.name == name), col, cut)


def yearly_windows(u: Unit, year: int) -> list[tuple[str, D, D, str, float]]:
    """The office calendar of one year: (column, first day, last day, title, share of units that publish).

    Budgets from late February, final accounts by the last Friday on or before 26 September, work plans in January.
    """
    sep26 = D(year, 9, 26)
    return [
        ("财政预决算", D(year, 2, 24), D(year, 3, 20), f"{u.short}{year}年部门预算公开", 1.0),
        (
            "财政预决算",
            D(year, 8, 24),
            sep26 - ONE * ((sep26.weekday() - 4) % 7),
            f"{u.short}{year - 1}年部门决算公开",
            1.0,
        ),
        ("规划计划", D(year, 1, 5), D(year, 1, 30), f"{u.short}{year - 1}年工作总结和{year}年工作计划", 0.8),
    ]


def fill_gaps(pub: Publisher, units: list[Unit]) -> None:
    """Keep every long-cycle column within 80% of its interval, so the only blank/stale columns are the planted ones."""
    s = pub.story
    for u in units:
        for col, cat in u.columns.items():
            limit = OVERRIDES.get((u.name, col)) or CATEGORY_DAYS[cat]
            if cat == "动态要闻类" or limit < 60 or (u.name, col) in BLANK or (u.name, col) in s.stale:
                continue
            while True:
                days = [i.pub for i in pub.items if i.unit is u and i.column == col]
                points = sorted([s.start - ONE, s.today + ONE, *days])
                gap = next(((a, b) for a, b in zip(points, points[1:]) if (b - a).days > limit * 0.8), None)
                if not gap:
                    break
                day = gap[0] + (gap[1] - gap[0]) / 2
                while not CAL.is_workday(day) or s.is_quiet(u, day):
                    day -= ONE
                if not (pub.add(u, col, day) or pub.add(u, col, day - ONE * 3)):
                    break


def title_key(title: str) -> str:
    """A title as core.monitoring.gaming compares them: no white space, punctuation, symbols; lower case."""
    text = unicodedata.normalize("NFKC", title).lower()
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] not in "PS")


_SERIES = "二三四五六七八九十"


def distinct_titles(items: list[Item]) -> None:
    """A unit never publishes the same title twice (in a real site each item says what is new): the topic
    templates repeat, so a later repeat becomes 《…（二）》, 《…（三）》 — in order, without drawing on the random
    stream, so everything else the seed produces stays as it was. Only the planted 旧稿新发 repeat a title."""
    seen: set[tuple[str, str]] = set()
    for it in items:
        title, n = it.title, 0
        while (it.unit.name, title_key(title)) in seen:
            title = f"{it.title}（{_SERIES[n] if n < len(_SERIES) else n + 2}）"
            n += 1
        it.title = title
        seen.add((it.unit.name, title_key(title)))


def finish_items(items: list[Item], units: list[Unit], rng: random.Random) -> None:
    """Sort by day and unit, make each unit's titles distinct, give ~90% a unique URL (numbered in publishing
    order)."""
    order = {u.name: i for i, u in enumerate(units)}
    items.sort(key=lambda i: (i.pub, order[i.unit.name], i.column, i.title))
    distinct_titles(items)
    for n, it in enumerate(items, start=1):
        if rng.random() < 0.9:
            it.url = f"http://www.qingyuan.gov.cn/zwgk/{it.unit.code}/{it.pub:%Y%m}/t{it.pub:%Y%m%d}_{4180000 + n}.html"


# ---------------------------------------------------------------- gaming the rhythm (issue 14 item 4)
RUSH_UNITS = ("县审计局", "沙坪乡人民政府")  # crowd last month into its last 3 working days → 突击更新
RUSH_TOPICS = T(
    "安全生产|营商环境|乡村振兴|政务服务|信访维稳|森林防火|文明创建|民生实事|项目建设|作风建设|防汛抗旱|人居环境", "|"
)
REPOST_SAME = "县司法局"  # re-posts, last month, an item it published about five months earlier → same title
REPOST_OLD = "县水利局"  # publishes, last month, a notice written more than a year before → old 成文日期


def gaming_items(items: list[Item], units: list[Unit], s: Story) -> list[Item]:
    """The planted 突击更新 and 旧稿新发 of the month before today's, returned to be listed at the end of that month's
    ledger. Placed without the random stream (the rest of the county stays as the seed makes it)."""
    month_end = s.today.replace(day=1) - ONE
    month_start, by_name = month_end.replace(day=1), {u.name: u for u in units}
    closing: list[D] = []
    day = month_end
    while len(closing) < 3:
        if CAL.is_workday(day):
            closing.append(day)
        day -= ONE
    planted: list[Item] = []
    for name in RUSH_UNITS:
        u = by_name[name]
        month = [i for i in items if i.unit is u and month_start <= i.pub <= month_end]
        late = sum(i.pub >= closing[-1] for i in month)
        for n in range(max(len(month) - 2 * late, 0) + 3):
            day = closing[n % 3]
            title = f"{u.short}{RUSH_TOPICS[n % len(RUSH_TOPICS)]}工作进展情况" + (
                "" if n < len(RUSH_TOPICS) else f"（{n}）"
            )
            planted.append(Item(u, "工作动态", title, day, tag="gaming → 突击更新"))
    u = by_name[REPOST_SAME]
    target = back_to_workday(month_start + ONE * 14)
    old = [i for i in items if i.unit is u and i.column == "工作动态" and (target - i.pub).days >= 140]
    original = old[-1]
    planted.append(
        Item(
            u,
            original.column,
            original.title,
            target,
            original.made,
            tag=f"gaming → 旧稿新发 (title of {original.pub})",
        )
    )
    u = by_name[REPOST_OLD]
    day = back_to_workday(month_start + ONE * 9)
    made = back_to_workday(day - ONE * 400)
    title = f"关于做好{made.year}年度水利工程运行管理工作的通知"
    planted.append(Item(u, "通知公告", title, day, made, tag="gaming → 旧稿新发 (成文日期 400 days before)"))
    for n, it in enumerate(planted, start=1):
        it.url = f"http://www.qingyuan.gov.cn/zwgk/{it.unit.code}/{it.pub:%Y%m}/t{it.pub:%Y%m%d}_{4990000 + n}.html"
    return planted


# ---------------------------------------------------------------- rendering: how clerks actually type cells
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
DATE_FORMS = (
    lambda d, r: f"{d:%Y-%m-%d}",
    lambda d, r: f"{d.year}/{d.month}/{d.day}",
    lambda d, r: f"{d:%Y.%m.%d}",
    lambda d, r: cn(d),
    lambda d, r: f"{d:%Y%m%d}",
    lambda d, r: f"{d:%Y-%m-%d} {r.randint(8, 17):02d}:{r.choice((0, 15, 30, 45)):02d}:00",
)


def render_date(day: D | None, mode: str, r: random.Random):
    """A date as that month's clerk wrote it: date cells ("cell"), some Excel serials, or text spellings."""
    if day is None:
        return ""
    x = r.random()
    if (mode == "cell" and x < 0.97) or (mode == "serial" and x >= 0.1):
        return dt.datetime.combine(day, dt.time(r.randint(8, 17), 30)) if x < 0.04 else day
    if mode == "serial":
        return (day - D(1899, 12, 30)).days
    text = (
        (cn(day) if x < 0.7 else f"{day:%Y-%m-%d}")
        if mode == "text"
        else r.choices(DATE_FORMS, (30, 20, 10, 20, 8, 12))[0](day, r)
    )
    if r.random() < 0.03:
        text = cn(day).translate(FULL_WIDTH)
    return f" {text}\u3000" if r.random() < 0.03 else text


def shown_unit(u: Unit, r: random.Random) -> str:
    """Full name or an alias (~30%), now and then padded with the spaces staff use to align names."""
    name = r.choice(u.aliases) if r.random() < 0.3 else u.name
    x = r.random()
    return f" {name}" if x < 0.03 else f"{name}\u3000" if x < 0.05 else f"{name[:1]} {name[1:]}" if x < 0.06 else name


def item_cells(it: Item, mode: str, r: random.Random) -> dict:
    """One item as cells by field; a few titles wrapped with a line break; planted defects override."""
    title = it.title
    if not it.tag and r.random() < 0.02:
        title = title[: len(title) // 2] + "\n" + title[len(title) // 2 :]
    interp = ("是" if r.random() < 0.9 else "") if it.interp else ("否" if r.random() < 0.7 else "")
    cells = {
        "unit": shown_unit(it.unit, r),
        "column": it.column,
        "title": title,
        "pub": render_date(it.pub, mode, r),
        "made": render_date(it.made, mode, r),
        "doc": it.doc,
        "url": it.url,
        "interp": interp,
        "note": it.note,
    }
    return cells | it.bad


# ---------------------------------------------------------------- writers
def _fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """openpyxl stamps zip entries and dcterms:modified with the wall clock; pin both so reruns are byte-identical."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + f"{stamp:%Y-%m-%dT%H:%M:%SZ}".encode(), body
                )
            dst.writestr(zipfile.ZipInfo(info.filename, stamp.timetuple()[:6]), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def save_xlsx(path: Path, sheets: list[tuple[str, list[Any], list[Any]]], stamp: dt.datetime) -> None:
    """sheets: (name, rows, merges as 0-based (r0, c0, r1, c1)); empty strings become empty cells; dated `stamp`."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, merges in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append([None if v == "" else v for v in row] or [None])
        for r0, c0, r1, c1 in merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        ws["A1"].font = Font(bold=True, size=14)
        for col in range(1, ws.max_column + 1):
            longest = max((len(str(row[col - 1])) for row in rows[1:] if len(row) >= col), default=4)
            ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width = min(48, max(8, longest * 1.6))
    wb.properties.creator = wb.properties.lastModifiedBy = "县政务公开办"
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue(), stamp))


def save_xls(path: Path, sheets: list[tuple[str, list[list], list[tuple]]]) -> None:
    """Old binary Excel (xlwt), still what many county PCs save; merged title rows like the xlsx months."""
    wb = xlwt.Workbook(encoding="utf-8")
    styles = {D: xlwt.easyxf(num_format_str="YYYY-MM-DD"), dt.datetime: xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM")}
    for name, rows, merges in sheets:
        ws = wb.add_sheet(name)
        spans = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merges}
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if (r, c) in spans:
                    ws.write_merge(r, spans[r, c][0], c, spans[r, c][1], v)
                elif v != "":
                    ws.write(r, c, v, styles.get(type(v), xlwt.Style.default_style))
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())


def save_csv(path: Path, rows: list[list], encoding: str) -> None:
    """CSV as Excel/WPS exports it: CRLF, every value text, in GBK or UTF-8 with BOM."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow([f"{v:%Y/%m/%d}" if isinstance(v, D) else v for v in row])
    path.write_bytes(buf.getvalue().encode(encoding))


def ledger(title: str, pre: list[list], header: list[str], rows: list[list], post: list[list]) -> tuple[list, list]:
    """The office's usual layout: merged title, 填报单位 line(s), header, data, 合计/填表人 lines."""
    return [[title], *pre, list(header), *rows, *post], [(0, 0, 0, len(header) - 1)]


# ---------------------------------------------------------------- registry and columns
def write_registry(out: Path, s: Story, units: list[Unit], r: random.Random) -> None:
    """48 units under a merged title and a blank row; aliases split by whatever separator the clerk liked."""
    rows = []
    for i, u in enumerate(units, 1):
        aliases = r.choice(("、", "、", ",", "，", ";", "；", "/", "， ")).join(u.aliases)
        note = "垂直管理单位，不纳入县级考核" if u.kind == "垂管单位" else ("市局派出机构" if "分局" in u.name else "")
        rows.append([i, u.name, aliases, u.kind, "否" if u.kind == "垂管单位" else "是", note])
    table = [
        ["清源县政务公开考核单位名录"],
        [""],
        ["序号", "单位名称", "简称/别名", "单位类型", "是否纳入考核", "备注"],
        *rows,
        [""],
        ["填表人：张敏", "", "审核人：李建国", "", f"填报日期：{cn(s.today - ONE * 2)}"],
    ]
    save_xlsx(out / "01_单位名录.xlsx", [("单位名录", table, [(0, 0, 0, 5)])], s.stamp)


def write_columns(out: Path, s: Story, units: list[Unit], r: random.Random) -> None:
    """Two sheets with headers plus a free-text 说明 sheet that the loader must report as skipped."""
    sheets = []
    for sheet, kinds in (("县直部门", ("县直部门", "垂管单位")), ("乡镇街道", ("乡镇", "街道"))):
        pairs = [(u, col, cat) for u in units if u.kind in kinds for col, cat in u.columns.items()]
        rows = [
            [
                i,
                r.choice(u.aliases) if r.random() < 0.1 else u.name,
                col,
                cat,
                OVERRIDES.get((u.name, col), ""),
                "按月更新" if col == "村务公开" else "",
            ]
            for i, (u, col, cat) in enumerate(pairs, 1)
        ]
        header = ["序号", "单位名称", "栏目名称", "栏目类别", "更新周期(天)", "备注"]
        table, merges = ledger(f"清源县政府信息公开栏目目录（{sheet}）", [["填报单位：县政务公开办"]], header, rows, [])
        sheets.append((sheet, table, merges))
    notes = [
        "栏目目录填报说明",
        "1. 栏目类别按国办秘函〔2019〕19号分为动态要闻类、通知公告政策文件类等六类。",
        "2. 更新周期(天)为空的，按栏目类别的更新要求执行；填写的，以填写天数为准。",
        "3. 新增、撤并栏目请于5个工作日内报县政务公开办备案。",
        f"县政务公开办  {s.today.year}年{s.today.month}月",
    ]
    sheets.append(("说明", [[n] for n in notes], []))
    save_xlsx(out / "02_栏目目录.xlsx", sheets, s.stamp)


# ---------------------------------------------------------------- 发布台账, one file per month
MONTH_FORMATS = (  # (extension, header set, date mode) of the 15 monthly ledgers, oldest first
    ("xlsx", 0, "cell"),
    ("xls", 1, "cell"),
    ("xlsx", 2, "mixed"),
    ("gbk.csv", 1, "mixed"),
    ("xlsx", 0, "serial"),
    ("xls", 3, "text"),
    ("xlsx", 0, "cell"),
    ("csv", 2, "mixed"),
    ("xlsx", 1, "cell"),
    ("xlsx", 0, "cell"),
    ("xlsx", 3, "mixed"),
    ("xlsx", 0, "cell"),
    ("xlsx", 2, "cell"),
    ("xlsx", 0, "cell"),
    ("xlsx", 1, "cell"),
)
HEADER_SETS = (
    "序号 单位 栏目 标题 发布日期 成文日期 文号 链接 是否政策解读 备注",
    "序号 发布单位 所属栏目 信息标题 公开日期 形成日期 文号 网址 是否政策解读",
    "序号 责任单位 栏目名称 文章标题 发布时间 生成日期 发文字号 URL 政策解读 备注",
    "序号 部门 所属栏目 标题 文号 成文日期 公开日期 链接 是否政策解读",
)
FIELD_OF = dict(
    x.split(":")
    for x in T(
        "序号:seq 单位:unit 发布单位:unit 责任单位:unit 部门:unit 栏目:column 所属栏目:column 栏目名称:column "
        "标题:title 信息标题:title 文章标题:title 发布日期:pub 公开日期:pub 发布时间:pub 成文日期:made 形成日期:made "
        "生成日期:made 文号:doc 发文字号:doc 链接:url 网址:url URL:url 是否政策解读:interp 政策解读:interp 备注:note"
    )
)
BAD_ROWS = (  # month (index into the 15), position, cell overrides ({year}: the month's), why it is quarantined
    (1, 40, {"unit": "县档案馆"}, "单位未登记: 县档案馆"),
    (2, 75, {"unit": "县档案馆"}, "单位未登记: 县档案馆"),
    (3, 120, {"pub": ""}, "缺少发布日期"),
    (6, 33, {"pub": "{year}-13-45"}, "日期无法识别: {year}-13-45"),
    (6, 250, {"title": ""}, "缺少标题"),
    (7, 60, {"unit": "县老干部局"}, "单位未登记: 县老干部局"),
    (9, 140, {"title": "  "}, "缺少标题 (only spaces)"),
    (11, 200, {"pub": "{year}-02-30"}, "日期无法识别: {year}-02-30"),
    (12, 90, {"made": "LATER"}, "成文日期晚于发布日期"),
    (13, 150, {"pub": ""}, "缺少发布日期"),
)
DUPLICATE = (8, 100, 3)  # month (index), row copied, how many rows later the copy sits
RELIST = (9, 10, 3)  # items of the first month (index) re-listed in the second with a corrected title


def plant(items: list[Item], pub: Publisher, rng: random.Random) -> dict[str, list[Item]]:
    """Group items by month, then add the bad rows and the re-listed items (typo in one month, corrected in the next)."""
    months: dict[str, list[Item]] = {m: [] for m in pub.story.months}
    names = list(months)
    for it in items:
        months[f"{it.pub:%Y-%m}"].append(it)
    for index, pos, cells, why in BAD_ROWS:
        month = names[index]
        pos = min(pos, len(months[month]) - 1)  # a short (holiday) month still gets its bad row
        base, year = months[month][pos], month[:4]
        reason = why.format(year=year)
        bad = Item(
            base.unit, "工作动态", pub.title(base.unit, "工作动态", base.pub), base.pub, tag=f"bad row → {reason}"
        )
        bad.bad = {k: (base.pub + ONE * 5 if v == "LATER" else v.format(year=year)) for k, v in cells.items()}
        bad.made = base.pub if "made" not in cells else None
        months[month].insert(pos + 1, bad)
    src, dst, n = names[RELIST[0]], names[RELIST[1]], RELIST[2]
    candidates = [it for it in months[src] if it.url and "工作" in it.title and it.column == "工作动态"]
    chosen = (candidates[5::40] if len(candidates[5::40]) >= n else candidates[:: max(1, len(candidates) // n)])[:n]
    assert len(chosen) == n
    for it in chosen:
        fixed = Item(
            it.unit,
            it.column,
            it.title,
            it.pub,
            it.made,
            it.doc,
            it.url,
            it.interp,
            note="更正标题",
            tag=f"re-list of a {src} item, same URL, corrected title → updated",
        )
        it.title, it.tag = it.title.replace("工作", "工做", 1), f"original with typo 工做, corrected in {dst} → updated"
        months[dst].append(fixed)
    return months


def write_item_months(out: Path, s: Story, months: dict[str, list[Item]], rng: random.Random, log: list[str]) -> None:
    """One consolidated ledger per month, each month in its own format, header synonyms and date habits."""
    duplicate_month = list(months)[DUPLICATE[0]]
    for month, items in months.items():
        ext, hset, mode = s.months[month]
        header, year, mon = T(HEADER_SETS[hset]), int(month[:4]), int(month[5:])
        if hset == 1:
            header[3] = "信息标题 "  # a stray space typed into the header cell
        rows, tags = [], []
        planted = random.Random(f"{SEED}-{month}-gaming")  # the planted rows leave the seed's stream alone
        for seq, it in enumerate(items, 1):
            cells = item_cells(it, mode, planted if it.tag.startswith("gaming") else rng) | {"seq": seq}
            rows.append([cells[FIELD_OF[h.strip()]] for h in header])
            tags.append(it.tag)
        if month == duplicate_month:
            at, gap = DUPLICATE[1:]
            rows.insert(at + gap, list(rows[at]))
            tags.insert(at + gap, f"exact duplicate of row {at + 4} → duplicate")
        last = min((D(year + mon // 12, mon % 12 + 1, 1)) + ONE * 2, s.today)
        brackets = "（）" if mon % 3 == 0 else "()"
        table, merges = ledger(
            f"清源县政府信息公开发布台账{brackets[0]}{year}年{mon}月{brackets[1]}",
            [["填报单位:县政务公开办", "", "", f"统计时段:{year}年{mon}月1日至{mon}月底"]],
            header,
            rows,
            [
                ["合计", "", "", f"共{len(rows)}条"],
                [""],
                ["填表人:王丽"],
                ["审核人:陈志强", "", "", f"填报日期:{cn(last)}"],
            ],
        )
        name = f"03_发布台账_{month}.{ext.split('.')[-1]}"
        if ext.endswith("csv"):
            save_csv(out / name, table, "gbk" if ext == "gbk.csv" else "utf-8-sig")
        else:
            sheet = [(f"{mon}月", table, merges)]
            save_xls(out / name, sheet) if ext == "xls" else save_xlsx(out / name, sheet, s.stamp)
        log += [f"{name} row {i + 4}: {tag}" for i, tag in enumerate(tags) if tag]


# ---------------------------------------------------------------- 依申请公开台账
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
OUTCOMES = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
REQUEST_UNITS = {
    "县自然资源局": 6,
    "县住房和城乡建设局": 5,
    "县公安局": 3,
    "县人力资源和社会保障局": 3,
    "县农业农村局": 2,
    "县市场监督管理局": 2,
    "县教育局": 2,
    "县卫生健康局": 2,
    "县交通运输局": 2,
    "县财政局": 1,
    "市生态环境局清源分局": 2,
    "县人民政府办公室": 2,
    "桥头镇人民政府": 2,
    "城关街道办事处": 2,
    "县应急管理局": 1,
}
SUBJECTS = T(
    "{v}村集体土地征收补偿安置方案|{v}村地块建设工程规划许可证及附图|{y}年度部门预算明细|"
    "{v}村道路硬化工程招投标及验收资料|对本人作出行政处罚决定的依据|{v}村农村危房改造补助名单|"
    "某企业安全生产许可证核发材料|{v}小区供水管网改造资金使用情况|{y}年城乡低保对象名单|本人社会保险缴费基数核定依据",
    "|",
)
VILLAGES = T("红旗|新华|石桥|柳林|大坪|观音|永安|清水", "|")
# unit, received, channel, applicant, outcome, kind ("" normal / open / late).
# Last year's 县应急管理局 requests (month, day) feed its annual report; the last one is replied to this year.
ANNUAL_REPORT_REQUESTS = (
    ("县应急管理局", (3, 11), "网络", "自然人", "予以公开", ""),
    ("县应急管理局", (5, 20), "信函", "商业企业", "部分公开", ""),
    ("县应急管理局", (8, 4), "网络", "自然人", "无法提供", ""),
    ("县应急管理局", (10, 15), "网络", "法律服务机构", "不予公开", ""),
    ("县应急管理局", (12, 22), "网络", "自然人", "予以公开", ""),
)
RECENT_REQUESTS = (  # received this many days before today: two open past their limit, two open within it, one late
    ("县住房和城乡建设局", 60, "网络", "自然人", "", "open"),
    ("县自然资源局", 39, "信函", "自然人", "", "open"),
    ("县公安局", 16, "网络", "自然人", "", "open"),
    ("城关街道办事处", 4, "当面", "自然人", "", "open"),
    ("县人力资源和社会保障局", 165, "网络", "商业企业", "予以公开", "late"),
)
# The base story received 34 requests this year up to a week before BASE_DAY; other days keep that rate.
_THIS_YEAR_RATE = 34 / len(workdays(D(2026, 1, 5), D(2026, 11, 13)))


@dataclass
class Request:
    unit: Unit
    got: D
    channel: str
    who: str
    subject: str
    outcome: str = ""
    kind: str = ""
    no: str = ""
    corrected: D | None = None
    consult: tuple[D, D] | None = None
    extended: bool = False
    replied: D | None = None
    note: str = ""

    @property
    def due(self) -> D:
        """20 working days from receipt (or 补正), 40 when extended; third-party consultation time not counted."""
        day = CAL.add_workdays(self.corrected or self.got, 40 if self.extended else 20).due
        return day + (self.consult[1] - self.consult[0] + ONE if self.consult else dt.timedelta())


def fixed_requests(s: Story) -> list[tuple[str, D, str, str, str, str]]:
    """ANNUAL_REPORT_REQUESTS in last year and RECENT_REQUESTS before today, each on a working day."""
    last = s.today.year - 1
    return [
        (unit, forward_to_workday(D(last, *md)), channel, who, outcome, kind)
        for unit, md, channel, who, outcome, kind in ANNUAL_REPORT_REQUESTS
    ] + [
        (unit, back_to_workday(s.today - ONE * days), channel, who, outcome, kind)
        for unit, days, channel, who, outcome, kind in RECENT_REQUESTS
    ]


def make_requests(s: Story, units: list[Unit], r: random.Random) -> dict[int, list[Request]]:
    """~40 requests a year; a few extended, corrected (补正) or sent for third-party views; this year has open ones."""
    by_name, result = {u.name: u for u in units}, {}
    last_year, this_year, fixed = s.today.year - 1, s.today.year, fixed_requests(s)
    for year in (last_year, this_year):
        # 应急局's requests of last year are the fixed ones that feed its annual report
        names = [k for k in REQUEST_UNITS if year == this_year or k != "县应急管理局"]
        pool = workdays(D(year, 1, 5), min(D(year, 12, 31), s.today - ONE * 7))
        full_year = len(workdays(D(year, 1, 5), D(year, 12, 31)))
        n = round(36 * len(pool) / full_year) if year == last_year else round(_THIS_YEAR_RATE * len(pool))
        weights = (45, 12, 8, 20, 8, 7)
        outcomes = (
            list(OUTCOMES) + r.choices(OUTCOMES, weights, k=n - 6) if n >= 6 else r.choices(OUTCOMES, weights, k=n)
        )
        r.shuffle(outcomes)
        reqs = [
            Request(
                by_name[r.choices(names, [REQUEST_UNITS[k] for k in names])[0]],
                r.choice(pool),
                r.choices(("网络", "信函", "当面", "传真", "其他"), (70, 12, 10, 3, 5))[0],
                r.choices(APPLICANTS, (70, 15, 3, 3, 5, 4))[0],
                r.choice(SUBJECTS).format(v=r.choice(VILLAGES), y=year - 1),
                o,
            )
            for o in outcomes
        ]
        early = [q for q in reqs if q.got < min(D(year, 10, 1), s.today - ONE * 50)]
        special = r.sample(early, min(len(early), 5 if year == last_year else 6))
        for q in special[:2]:
            q.extended, q.note = True, "经机关负责人同意延期答复"
        for q in special[2:-1]:
            q.corrected, q.note = q.got + ONE * r.randint(5, 12), "申请内容不明确，已书面告知补正"
        if len(special) >= 3:
            frm = CAL.add_workdays(special[-1].got, 5).due
            special[-1].consult, special[-1].note = (frm, frm + ONE * 14), "涉及第三方权益，已书面征求第三方意见"
        for unit, got, channel, who, outcome, kind in (f for f in fixed if f[1].year == year):
            reqs.append(
                Request(
                    by_name[unit],
                    got,
                    channel,
                    who,
                    r.choice(SUBJECTS).format(v="清水", y=year - 1),
                    outcome,
                    kind,
                    note="超期答复" if kind == "late" else "",
                )
            )
        for q in reqs:
            clock = q.corrected or q.got
            if q.kind == "late":
                q.replied = CAL.add_workdays(clock, 26).due
            elif q.consult:
                q.replied = CAL.add_workdays(q.consult[1], r.randint(2, 5)).due
            elif q.kind != "open":
                q.replied = CAL.add_workdays(clock, r.randint(23, 36) if q.extended else r.randint(4, 18)).due
            if q.kind == "open" or q.replied is None or q.replied > s.today:
                q.replied, q.outcome = None, ""
        reqs.sort(key=lambda q: (q.got, q.unit.code))
        for i, q in enumerate(reqs, 1):
            q.no = f"QY-{year}-{i:03d}"
        result[year] = reqs
    return result


def write_requests(out: Path, s: Story, reqs: dict[int, list[Request]], r: random.Random) -> None:
    """One ledger per year (none for a year without requests); last year typed with text dates, this year cells."""
    header = T(
        "申请编号 受理单位 收到日期 申请方式 申请人类型 申请内容 补正日期 征求意见开始日期 征求意见结束日期 "
        "是否延期 答复日期 办理结果 备注"
    )
    for year, items in reqs.items():
        if not items:
            continue
        mode = "text" if year < s.today.year else "cell"
        rows = [
            [
                q.no,
                shown_unit(q.unit, r),
                render_date(q.got, mode, r),
                q.channel,
                q.who,
                f"申请公开{q.subject}",
                render_date(q.corrected, mode, r),
                *(render_date(d, mode, r) for d in (q.consult or (None, None))),
                "是" if q.extended else r.choice(("否", "否", "")),
                render_date(q.replied, mode, r),
                q.outcome,
                q.note,
            ]
            for q in items
        ]
        table, merges = ledger(
            f"清源县政府信息公开申请办理台账（{year}年度）",
            [["填报单位：县政务公开办（汇总）"]],
            header,
            rows,
            [["合计", f"共{len(rows)}件"], ["填表人：刘佳", "", "审核人：陈志强"]],
        )
        save_xlsx(out / f"05_依申请公开台账_{year}.xlsx", [(f"{year}年", table, merges)], s.stamp)


# ---------------------------------------------------------------- 问题清单
INSPECTIONS = (  # days before today (then the working day on or before), 检查名称, findings
    (311, "网上巡查", 7),
    (304, "季度互查", 22),
    (260, "上级通报", 4),
    (248, "网上巡查", 9),
    (220, "网上巡查", 8),
    (209, "季度互查", 26),
    (185, "网上巡查", 10),
    (157, "网上巡查", 8),
    (129, "网上巡查", 9),
    (120, "季度互查", 24),
    (94, "专项检查", 8),
    (87, "网上巡查", 7),
    (66, "网上巡查", 11),
    (31, "网上巡查", 9),
    (24, "季度互查", 25),
    (15, "上级通报", 3),
    (8, "网上巡查", 8),
)
PREFIXES = {"网上巡查": "WX-{y}", "季度互查": "HC-{y}Q{q}", "上级通报": "TB-{y}", "专项检查": ""}  # "": no 编号
FINDING_MODES = ("cell", "text", "cell", "mixed")  # date habits of the successive 问题清单, in turn
PROBLEM_MIX = {
    "网上巡查": "栏目更新不及时 栏目更新不及时 栏目更新不及时 链接失效 链接失效 内容错误 内容错误 空白栏目 政策解读缺失",
    "季度互查": "栏目更新不及时 栏目更新不及时 空白栏目 内容错误 链接失效 政策解读缺失 信息公开指南未更新 依申请公开答复不规范",
    "专项检查": "政策解读缺失 政策解读缺失 政策解读缺失 内容错误",
    "上级通报": "栏目更新不及时 空白栏目 信息公开指南未更新",
}
DONE_NOTES = {
    "栏目更新不及时": "已补充更新信息并明确专人维护",
    "空白栏目": "已补充发布相关内容",
    "内容错误": "已更正并重新发布",
    "链接失效": "已修复失效链接",
    "政策解读缺失": "已补发政策解读",
    "信息公开指南未更新": "已按新条例更新公开指南",
    "依申请公开答复不规范": "已规范答复书模板并重新答复",
}


@dataclass
class Finding:
    no: str
    inspection: str
    found: D
    unit: Unit
    shown: str
    ptype: str
    desc: str
    deadline: object  # a date, or text such as 10个工作日 / 15天
    due: D
    events: list = field(default_factory=list)  # (day, status, rectified on, 回头看, 整改情况)

    def state(self, asof: D) -> tuple:
        return next((e[1:] for e in reversed(self.events) if e[0] <= asof), ("未整改", None, "", ""))

    def closed(self, asof: D) -> bool:
        """Closed findings drop out of later ledgers: 无法整改, or rectified and passed 回头看."""
        status, _, review, _ = self.state(asof)
        return status == "无法整改" or (status == "已整改" and review == "通过")


def problem(ptype: str, day: D, r: random.Random, units: list[Unit], by_col: dict, reqs: list[Request]):
    """(unit, description) for a problem of this type that the data really shows on `day`, or None."""

    def before(u: Unit, col: str, within: int = 10**4) -> list[Item]:
        return [i for i in by_col.get((u.name, col), []) if 0 < (day - i.pub).days <= within]

    u = r.choice(units)
    if ptype == "栏目更新不及时":
        late = [
            (x, c, seen[-1].pub)
            for x in units
            for c, cat in x.columns.items()
            if cat in ("动态要闻类", "通知公告政策文件类")
            and (seen := before(x, c))
            and (day - seen[-1].pub).days > (14 if cat == "动态要闻类" else 180)
        ]
        if not late:
            return None
        u, c, last = r.choices(late, [(day - x[2]).days for x in late])[0]
        return u, f"“{c}”栏目最后更新于{cn(last)}，已{(day - last).days}天未更新，超过规定更新周期"
    if ptype == "空白栏目":
        u, c = r.choice([(x, c) for x in units for c in x.columns if not before(x, c)])
        return u, f"“{c}”栏目无任何信息，属于空白栏目"
    if ptype in ("内容错误", "链接失效"):
        recent = [i for c in u.columns for i in before(u, c, 90)]
        if not recent:
            return None
        it = r.choice(recent)
        what = (
            "附件链接无法打开"
            if ptype == "链接失效"
            else r.choice(("正文存在错别字", "未标注成文日期", "落款单位与发布单位不一致"))
        )
        return u, f"“{it.column}”栏目《{it.title.replace('《', '〈').replace('》', '〉')}》{what}"
    if ptype == "政策解读缺失":
        docs = [i for x in units for i in before(x, "政策文件", 180) if not i.explained]
        it = r.choice(docs)
        return it.unit, f"《{doc_name(it.title)}》{f'（{it.doc}）' if it.doc else ''}已公开，未同步发布政策解读"
    if ptype == "依申请公开答复不规范":
        q = r.choice([q for q in reqs if q.replied and q.replied < day])
        return q.unit, f"{q.no}号申请的答复书未告知申请人救济途径和期限"
    return u, f"政府信息公开指南仍为{r.choice((2019, 2020, 2021))}年版本，受理机构地址和联系电话未更新"


def rectify(f: Finding, rounds: list[D], r: random.Random) -> None:
    """The rectification story: started, finished on time or late (or never / 无法整改), then 回头看 at a 互查."""
    start = CAL.add_workdays(f.found, r.randint(1, 4)).due
    f.events = (
        [(start, "整改中", None, "", r.choice(("已安排专人整改", "正在协调技术公司处理", "已制定整改方案")))]
        if r.random() < 0.75
        else []
    )
    x = r.random()
    if x < 0.05:
        note = "栏目由省级平台统一设置，本单位无权限调整，已报备"
        f.events.append((CAL.add_workdays(f.found, r.randint(6, 20)).due, "无法整改", None, "", note))
        return
    if x < 0.17:
        return
    done = max(start, f.due - ONE * r.randint(0, 6)) if x < 0.72 else f.due + ONE * r.randint(3, 45)
    f.events.append((done, "已整改", done, "", DONE_NOTES[f.ptype]))
    failed = False
    for rnd in rounds:
        if rnd <= done:
            continue
        if not failed and r.random() < 0.18:
            failed, redo = True, CAL.add_workdays(rnd, r.randint(5, 25)).due
            f.events += [
                (rnd, "整改中", None, "未通过", "回头看发现问题仍然存在，已重新交办"),
                (redo, "已整改", redo, "", "已按回头看意见重新整改"),
            ]
            done = redo
            continue
        f.events.append((rnd, "已整改", done, "通过", DONE_NOTES[f.ptype]))
        break


def make_findings(
    s: Story, units: list[Unit], items: list[Item], reqs: list[Request], r: random.Random
) -> list[Finding]:
    """Findings of every inspection in INSPECTIONS, each about something the items or requests really show."""
    assessed = [u for u in units if u.kind != "垂管单位"]
    by_col: dict = {}
    for it in items:
        by_col.setdefault((it.unit.name, it.column), []).append(it)
    seq: dict[str, int] = {}
    seen: set = set()
    out: list = []
    for day, name, prefix, count in s.inspections:
        made = 0
        deadline: str | dt.date
        for _ in range(count * 50):
            if made == count:
                break
            ptype = r.choice(PROBLEM_MIX[name].split())
            got = problem(ptype, day, r, assessed, by_col, reqs)
            if not got or (got[0].name, got[1]) in seen:
                continue
            seen.add((got[0].name, got[1]))
            found = day + ONE if name == "季度互查" and r.random() < 0.4 else day
            if name == "网上巡查" and r.random() < 0.6:
                deadline, due = "10个工作日", CAL.add_workdays(found, 10).due
            elif name in ("季度互查", "专项检查") and r.random() < 0.5:
                deadline, due = "15天", found + ONE * 15
            else:
                due = found + ONE * (30 if name == "上级通报" else 20)
                deadline = due
            seq[prefix] = seq.get(prefix, 0) + 1
            f = Finding(
                f"{prefix}-{seq[prefix]:03d}" if prefix else "",
                name,
                found,
                got[0],
                shown_unit(got[0], r).strip(),
                ptype,
                got[1],
                deadline,
                due,
            )
            rectify(f, s.rounds, r)
            out.append(f)
            made += 1
    return out


def write_findings(out: Path, s: Story, findings: list[Finding], r: random.Random, log: list[str]) -> None:
    """Each ledger lists the period's new findings and re-lists every earlier one not yet closed, same 编号."""
    header = T("编号 检查名称 发现日期 责任单位 问题类型 问题描述 整改期限 整改状态 整改完成日期 整改情况 回头看")
    prev = s.finding_files[0][1] - ONE
    for key, _start, asof, mode, label in s.finding_files:
        listed = [f for f in findings if f.found <= asof and (f.found > prev or not f.closed(prev))]
        sheets = []
        for sheet, group in (("问题清单", [f for f in listed if f.no]), ("专项检查", [f for f in listed if not f.no])):
            rows = []
            for f in sorted(group, key=lambda f: (f.found, f.no)):
                status, done, review, note = f.state(asof)
                deadline = render_date(f.deadline, mode, r) if isinstance(f.deadline, D) else f.deadline
                rows.append(
                    [
                        f.no,
                        f.inspection,
                        render_date(f.found, mode, r),
                        f.shown,
                        f.ptype,
                        f.desc,
                        deadline,
                        status,
                        render_date(done, mode, r),
                        note,
                        review,
                    ][0 if f.no else 1 :]
                )
            if rows:
                table, merges = ledger(
                    f"清源县政务公开问题整改台账（{label}{'' if sheet == '问题清单' else '·专项检查'}）",
                    [["填报单位：县政务公开办", "", "", f"更新日期：{cn(asof)}"]],
                    header[0 if sheet == "问题清单" else 1 :],
                    rows,
                    [[""], ["填表人：刘佳"], ["审核人：陈志强"]],
                )
                sheets.append((sheet, table, merges))
        save_xlsx(out / f"04_问题清单_{key}.xlsx", sheets, s.stamp)
        log.append(f"04_问题清单_{key}.xlsx: " + ", ".join(f"{s}={len(t) - 6} rows" for s, t, _ in sheets))
        prev = asof


# ---------------------------------------------------------------- 年度报告 (2021 national format)
DENY = T(
    "1.属于国家秘密|2.其他法律行政法规禁止公开|3.危及“三安全一稳定”|4.保护第三方合法权益|5.属于三类内部事务信息|"
    "6.属于四类过程性信息|7.属于行政执法案卷|8.属于行政查询事项",
    "|",
)
CANNOT = T("1.本机关不掌握相关政府信息|2.没有现成信息需要另行制作|3.补正后申请内容仍不明确", "|")
NOPROC = T(
    "1.信访举报投诉类申请|2.重复申请|3.要求提供公开出版物|4.无正当理由大量反复申请|"
    "5.要求行政机关确认或重新出具已获取信息",
    "|",
)
OTHER = T(
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|"
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请|3.其他",
    "|",
)
RESULT_ROWS = (
    [("（一）予以公开", "")],
    [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "")],
    [("（三）不予公开", x) for x in DENY],
    [("（四）无法提供", x) for x in CANNOT],
    [("（五）不予处理", x) for x in NOPROC],
    [("（六）其他处理", x) for x in OTHER],
)
OUTCOME_ROW = dict(
    zip(
        OUTCOMES,
        (
            RESULT_ROWS[0][0],
            RESULT_ROWS[1][0],
            RESULT_ROWS[2][3],
            RESULT_ROWS[3][0],
            RESULT_ROWS[4][0],
            RESULT_ROWS[5][2],
        ),
        strict=False,
    )
)  # which row of table 三 an outcome counts in


def write_annual_report(out: Path, s: Story, reqs: list[Request]) -> None:
    """县应急管理局 report for last year, table 三 computed from that year's requests (plus one carried in)."""
    year = s.today.year - 1
    title, mine = (
        f"清源县应急管理局{year}年政府信息公开工作年度报告",
        [q for q in reqs if q.unit.name == "县应急管理局"],
    )

    def counts(pairs) -> list[int]:
        row = [sum(1 for who in pairs if who == a) for a in APPLICANTS]
        return row + [sum(row)]

    closed = [(q.who, q.outcome) for q in mine if q.replied and q.replied.year == year] + [("自然人", "予以公开")]
    t2 = [
        [title],
        ["二、主动公开政府信息情况"],
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", 0, 0, 0],
        ["行政规范性文件", 2, 1, 6],
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", 37],
        ["第二十条第（六）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政处罚", 58],
        ["行政强制", 4],
        ["第二十条第（八）项"],
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", 0],
    ]
    m2 = [(i, 0, i, 3) for i in (0, 1, 2, 6, 9, 13)] + [(i, 1, i, 3) for i in (7, 8, 10, 11, 12, 14, 15)]
    t3 = [
        [title],
        ["三、收到和处理政府信息公开申请情况"],
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", *APPLICANTS[1:], ""],
        ["一、本年新收政府信息公开申请数量", "", "", *counts([q.who for q in mine])],
        ["二、上年结转政府信息公开申请数量", "", "", *counts(["自然人"])],
    ]
    m3 = [
        (0, 0, 0, 9),
        (1, 0, 1, 9),
        (2, 0, 4, 2),
        (2, 3, 2, 9),
        (3, 3, 4, 3),
        (3, 4, 3, 8),
        (3, 9, 4, 9),
        (5, 0, 5, 2),
        (6, 0, 6, 2),
    ]
    for group in RESULT_ROWS:
        first = len(t3)
        for k, (label, sub) in enumerate(group):
            hits = [who for who, o in closed if OUTCOME_ROW[o] == (label, sub)]
            t3.append(["三、本年度办理结果" if first == 7 and k == 0 else "", "" if k else label, sub, *counts(hits)])
        m3.append((first, 1, len(t3) - 1, 1) if len(group) > 1 else (first, 1, first, 2))
    t3.append(["", "（七）总计", "", *counts([who for who, _ in closed])])
    t3.append(
        ["四、结转下年度继续办理", "", "", *counts([q.who for q in mine if not q.replied or q.replied.year > year])]
    )
    m3 += [(7, 0, len(t3) - 2, 0), (len(t3) - 2, 1, len(t3) - 2, 2), (len(t3) - 1, 0, len(t3) - 1, 2)]
    five = T("结果维持 结果纠正 其他结果 尚未审结 总计")
    t4 = [
        [title],
        ["四、政府信息公开行政复议、行政诉讼情况"],
        ["行政复议", "", "", "", "", "行政诉讼"],
        [*five, "未经复议直接起诉", "", "", "", "", "复议后起诉"],
        ["", "", "", "", "", *five, *five],
        [1, 0, 0, 0, 1] + [0] * 10,
    ]
    m4 = [(0, 0, 0, 14), (1, 0, 1, 14), (2, 0, 2, 4), (2, 5, 2, 14), (3, 5, 3, 9), (3, 10, 3, 14)] + [
        (3, i, 4, i) for i in range(5)
    ]
    save_xlsx(
        out / f"06_年度报告_县应急管理局_{year}.xlsx",
        [
            ("二、主动公开政府信息情况", t2, m2),
            ("三、收到和处理政府信息公开申请情况", t3, m3),
            ("四、政府信息公开行政复议、行政诉讼情况", t4, m4),
        ],
        s.stamp,
    )


# ---------------------------------------------------------------- main
def generate(out: Path, today: D = BASE_DAY) -> list[str]:
    """Write every ledger as of `today` into `out` (removing stale files this generator owns); return the manifest.

    Deterministic: the same day gives byte-identical files. Only deadlines are dated after `today`.
    """
    out.mkdir(parents=True, exist_ok=True)
    for pattern in OWNED:
        for stale in sorted(out.glob(pattern)):
            stale.unlink()
    s = story_for(today)
    rng, units = random.Random(SEED), build_units()
    pub = Publisher(rng, units, s)
    scheduled_items(pub, units, rng)
    weekly_items(pub, units, rng)
    fill_gaps(pub, units)
    finish_items(pub.items, units, rng)
    log: list[str] = []
    write_registry(out, s, units, rng)
    write_columns(out, s, units, rng)
    gaming = gaming_items(pub.items, units, s)
    months = plant(pub.items, pub, rng)
    months[f"{gaming[0].pub:%Y-%m}"] += gaming
    write_item_months(out, s, months, rng, log)
    reqs = make_requests(s, units, rng)
    findings = make_findings(s, units, pub.items, [q for year in reqs.values() for q in year], rng)
    write_findings(out, s, findings, rng, log)
    write_requests(out, s, reqs, rng)
    write_annual_report(out, s, reqs[today.year - 1])
    return log + facts(s, units, pub.items + gaming, findings, reqs)


def facts(
    s: Story, units: list[Unit], items: list[Item], findings: list[Finding], reqs: dict[int, list[Request]]
) -> list[str]:
    """What the data shows as of the story's day, computed rather than assumed, for the lead's tests."""
    today = s.today
    last: dict = {}
    for it in items:
        last[it.unit.name, it.column] = max(last.get((it.unit.name, it.column), it.pub), it.pub)
    cols = [(u.name, c, cat) for u in units for c, cat in u.columns.items()]
    final = [f.state(today)[0] for f in findings]
    done = [(f, f.state(today)[1]) for f in findings if f.state(today)[0] == "已整改"]
    open_reqs = [q for y in reqs.values() for q in y if not q.replied]
    return [
        f"items: {len(items)} valid (+{len(BAD_ROWS)} bad rows, +1 exact duplicate, +{RELIST[2]} re-listed)",
        "blank columns: " + ", ".join(f"{u}·{c}" for u, c, _ in cols if (u, c) not in last),
        "stale 通知公告政策文件类 (>180 days): "
        + ", ".join(
            f"{u}·{c} (last {last[u, c]})"
            for u, c, cat in cols
            if cat == "通知公告政策文件类" and (u, c) in last and (today - last[u, c]).days > 180
        ),
        "quiet units (no item at all): " + ", ".join(f"{n} {a}..{b}" for n, (a, b) in s.quiet.items()),
        f"last item of {SILENT_NOW[0]}: " + str(max(i.pub for i in items if i.unit.name == SILENT_NOW[0])),
        f"findings: {len(findings)}; final states "
        + ", ".join(f"{s}={final.count(s)}" for s in ("未整改", "整改中", "已整改", "无法整改")),
        f"rectified on time: {sum(d <= f.due for f, d in done)}, late: {sum(d > f.due for f, d in done)}; "
        f"回头看 未通过 at least once: {sum(any(e[3] == '未通过' for e in f.events if e[0] <= today) for f in findings)}",
        "findings open and overdue on today: "
        + ", ".join(
            f.no or f"{f.inspection}/{f.unit.name}"
            for f in findings
            if f.state(today)[0] in ("未整改", "整改中") and f.due < today
        ),
        "requests: "
        + ", ".join(f"{year}={len(year_reqs)}" for year, year_reqs in reqs.items())
        + "; open: "
        + ", ".join(
            f"{q.no} {q.unit.name} got {q.got} due {q.due}{' (extended)' if q.extended else ''}" for q in open_reqs
        ),
        "late reply: " + ", ".join(q.no for y in reqs.values() for q in y if q.kind == "late"),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="写出清源县演示用样例台账（确定性：同一天生成的文件完全相同）")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="输出目录，默认 data/samples")
    parser.add_argument(
        "--today",
        type=D.fromisoformat,
        default=BASE_DAY,
        help=f"台账截至哪一天（YYYY-MM-DD）；默认 {BASE_DAY}，即 data/samples 中样例的日期",
    )
    args = parser.parse_args(argv)
    for line in generate(args.out, args.today):
        print(line)


if __name__ == "__main__":
    main()

"""Write the 清源县 sample ledgers: ``python -m demo.generate_samples [--out data/samples]``.

Why: the demo database is built only from these files, so they must look like what county staff really send
(title rows, header synonyms, aliases, a dozen date spellings, .xls/.csv exports, a few bad rows) and still be
reproducible: one ``random.Random(2)``, a fixed TODAY and normalised zip timestamps make reruns byte-identical.
What was planted (bad rows, duplicates, quiet units, stale columns) is printed so tests can be written against it.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Font

from core.workdays import WorkdayCalendar

D = dt.date
TODAY, START, SEED = D(2026, 11, 20), D(2025, 9, 1), 2
STAMP = dt.datetime(2026, 11, 20, 8, 0, 0)
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

CATEGORY_DAYS = {"动态要闻类": 14, "通知公告政策文件类": 180, "政策解读类": 180,
                 "人事规划计划类": 365, "机构信息类": 365, "财政信息类": 365}
BASE_COLUMNS = {"工作动态": "动态要闻类", "通知公告": "通知公告政策文件类", "政策文件": "通知公告政策文件类",
                "政策解读": "政策解读类", "人事信息": "人事规划计划类", "规划计划": "人事规划计划类",
                "财政预决算": "财政信息类", "机构职能": "机构信息类"}
TOWN_COLUMNS = {"村务公开": "通知公告政策文件类", "惠民政策": "通知公告政策文件类"}
EXTRA_COLUMNS = {
    "县人民政府办公室": {"政府常务会议": "动态要闻类", "建议提案办理": "通知公告政策文件类"},
    "县应急管理局": {"安全生产": "通知公告政策文件类"}, "县市场监督管理局": {"双随机一公开": "通知公告政策文件类"},
    "县自然资源局": {"征地信息": "通知公告政策文件类"}, "县住房和城乡建设局": {"保障性住房": "通知公告政策文件类"},
    "县教育局": {"招生考试": "通知公告政策文件类"}, "县卫生健康局": {"疾病防控": "动态要闻类"},
    "桥头镇人民政府": {"乡村振兴": "动态要闻类"}}
OVERRIDES = {("县人民政府办公室", "工作动态"): 7, ("城关街道办事处", "工作动态"): 7,
             ("桥头镇人民政府", "村务公开"): 31, ("县应急管理局", "安全生产"): 90}
BLANK = (("县统计局", "政策解读"), ("县信访局", "财政预决算"), ("县融媒体中心", "政策解读"), ("沙坪乡人民政府", "惠民政策"))
STALE = {("县民族宗教事务局", "通知公告"): D(2026, 2, 6), ("县林业局", "政策文件"): D(2026, 3, 27),
         ("马鞍镇人民政府", "政策文件"): D(2026, 4, 3)}
QUIET = {"县民族宗教事务局": (D(2025, 11, 24), D(2025, 12, 21)), "石门乡人民政府": (D(2026, 1, 5), D(2026, 2, 1)),
         "县投资促进局": (D(2026, 6, 8), D(2026, 7, 5)), "县科学技术局": (D(2026, 8, 10), D(2026, 9, 6)),
         "红岩乡人民政府": (D(2026, 10, 29), TODAY)}
HOLIDAYS = ((D(2025, 10, 1), D(2025, 10, 8)), (D(2026, 2, 15), D(2026, 2, 23)), (D(2026, 10, 1), D(2026, 10, 7)))

T = str.split  # template tables are written as '|'-separated strings to keep them scannable
TOPICS = {
    "县应急管理局": "安全生产月|防汛救灾|森林防火|危化品安全|应急演练|自然灾害综合风险普查",
    "县教育局": "校园安全|秋季学期开学|“双减”|教师培训|学前教育普及|义务教育招生",
    "县公安局": "反电诈宣传|道路交通安全|夏夜治安巡查|常态化扫黑除恶|户籍便民服务",
    "县卫生健康局": "家庭医生签约|爱国卫生运动|传染病防控|基层医疗服务能力提升|健康科普",
    "县市场监督管理局": "食品安全|特种设备安全|价格监督检查|知识产权保护|校园食品安全",
    "县自然资源局": "耕地保护|国土空间规划|不动产登记|地质灾害防治|土地卫片执法",
    "县住房和城乡建设局": "老旧小区改造|建筑施工安全|保障性住房|城镇燃气安全|物业管理",
    "县农业农村局": "秋粮收购|高标准农田建设|动物防疫|农产品质量安全|春耕备耕",
    "县人力资源和社会保障局": "根治欠薪|稳就业|职业技能培训|城乡居民养老保险|高校毕业生就业",
    "县财政局": "预算绩效管理|惠民惠农补贴|政府采购|国有资产管理|财会监督",
    "县水利局": "河长制|防汛抗旱|农村饮水安全|水土保持|水资源管理",
    "市生态环境局清源分局": "大气污染防治|秋冬季空气质量|河道水质监测|危险废物管理|生态环境执法"}
GENERIC_TOPICS = T("党风廉政建设|法治政府建设|安全生产|优化营商环境|意识形态工作|保密工作|政务公开|信访维稳|"
                   "文明城市创建|消防安全|数字政府建设|干部作风建设|民生实事|营商环境投诉处理", "|")
TOWN_TOPICS = T("秸秆禁烧|人居环境整治|森林防火|防汛|农村厕所革命|乡村振兴|社会救助|矛盾纠纷排查|安全生产|"
                "基层党建|农村集体经济|耕地撂荒整治", "|")
TITLES = {k: T(v, "|") for k, v in {
    "工作动态": "{u}开展{t}宣传活动|{u}召开{y}年{t}工作推进会|{u}组织开展{t}专项检查|{u}举办{t}业务培训班|"
                "{u}党组理论学习中心组开展{m}月集中学习|{u}安排部署{t}工作|{u}扎实推进{t}工作|"
                "{u}主要负责同志带队督导{t}工作|{u}召开{m}月工作例会|{u}赴{town}调研{t}工作",
    "通知公告": "关于做好{y}年{t}工作的通知|关于开展{t}专项整治行动的通知|"
                "关于公开征求《清源县{t}{doc}（征求意见稿）》意见的公告|{u}关于{y}年第{n}季度{t}检查情况的通报|"
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
    "政府常务会议": "县人民政府第{n}{n}次常务会议召开", "疾病防控": "{t}健康提示|{u}开展{t}专项行动",
    "乡村振兴": "{u}扎实推进{t}|{u}召开{y}年乡村振兴重点工作推进会",
    "安全生产": "{u}{y}年{m}月安全生产执法检查情况公示|关于开展{t}隐患排查整治的通知",
    "双随机一公开": "{u}{y}年第{n}批“双随机、一公开”抽查结果公示",
    "征地信息": "清源县{y}年第{n}批次城镇建设用地征收土地预公告|清源县{y}年第{n}批次征地补偿安置方案公告",
    "保障性住房": "{y}年第{n}批公共租赁住房保障对象名单公示", "招生考试": "清源县{y}年义务教育阶段招生入学工作公告|"
                "关于做好{y}年高中阶段学校招生考试报名工作的通知",
    "建议提案办理": "关于县政协十届{n}次会议第{n}{n}号提案的答复|关于县人大十八届{n}次会议第{n}{n}号建议的答复"}.items()}
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
        return self.name.replace("人民政府", "").replace("办事处", "")


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
    bad: dict = field(default_factory=dict)  # planted defect: cell overrides and what the loader should say


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


def quiet(unit: Unit, day: D) -> bool:
    a, b = QUIET.get(unit.name, (TODAY + ONE, TODAY))
    return a <= day <= b


class Publisher:
    """Creates items: refuses quiet days, blank and gone-stale columns and repeated titles; numbers 文号."""

    def __init__(self, rng: random.Random, units: list[Unit]) -> None:
        self.rng, self.items, self.seen, self.doc_seq = rng, [], set(), {}
        self.towns = [u.short for u in units if u.kind == "乡镇"]

    def title(self, unit: Unit, column: str, day: D, ref: str = "") -> str:
        r, prev = self.rng, day.replace(day=1) - ONE
        topics = T(TOPICS[unit.name], "|") if unit.name in TOPICS else (
            TOWN_TOPICS if unit.kind in ("乡镇", "街道") else GENERIC_TOPICS)
        return r.choice(TITLES.get(column, TITLES["通知公告"])).format(
            u=unit.short, t=r.choice(topics), y=day.year, py=day.year - 1, m=day.month, pm=prev.month,
            pmy=prev.year, q=(day.month - 1) // 3 + 1, n=r.randint(1, 9), doc=r.choice(DOC_KINDS),
            town=r.choice(self.towns), who=r.choice(PEOPLE), ref=ref)

    def add(self, unit: Unit, column: str, day: D, title: str = "", ref: str = "") -> Item | None:
        cut = STALE.get((unit.name, column))
        if (column not in unit.columns or (unit.name, column) in BLANK or quiet(unit, day)
                or not START <= day <= TODAY or (cut and day > cut)):
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
    """Each unit publishes every week (at least once outside holiday weeks), mostly 工作动态, on working days."""
    monday = START
    while monday <= TODAY:
        week = [d for d in (monday + ONE * i for i in range(7)) if d <= TODAY]
        work = [d for d in week if CAL.is_workday(d)]
        off = [d for d in week if not CAL.is_workday(d)]
        holiday = any(a <= d <= b for d in week for a, b in HOLIDAYS)
        for u in units:
            p = min(u.rate * (0.3 if holiday else 1) / 8, 1)
            n = sum(rng.random() < p for _ in range(8))
            cols = {**WEEKLY_WEIGHTS, **{c: 8 if cat == "动态要闻类" else 6
                                         for c, cat in EXTRA_COLUMNS.get(u.name, {}).items()}}
            for _ in range(n if holiday else max(n, 1)):
                pool = off if (off and rng.random() < 0.03) or not work else work
                day, col = rng.choice(pool), rng.choices(list(cols), list(cols.values()))[0]
                item = pub.add(u, col, day) or pub.add(u, "工作动态", day)
                if item and item.column == "政策文件" and rng.random() < 0.55:
                    ref = re.sub(r"^关于印发《(.+)》的通知$", r"\1", item.title)
                    item.explained = bool(pub.add(u, "政策解读", CAL.add_workdays(day, rng.randint(0, 3)).due, ref=ref))
        monday += ONE * 7


def scheduled_items(pub: Publisher, units: list[Unit], rng: random.Random) -> None:
    """Long-cycle columns follow the office calendar: budgets in spring, final accounts in late summer, 村务 monthly."""
    def some(a: D, b: D) -> D:
        return rng.choice(workdays(a, b))

    for u in units:
        if rng.random() < 0.5:
            pub.add(u, "财政预决算", some(START, D(2025, 9, 26)), f"{u.short}2024年部门决算公开")
        pub.add(u, "财政预决算", some(D(2026, 2, 24), D(2026, 3, 20)), f"{u.short}2026年部门预算公开")
        pub.add(u, "财政预决算", some(D(2026, 8, 24), D(2026, 9, 25)), f"{u.short}2025年部门决算公开")
        if rng.random() < 0.8:
            pub.add(u, "规划计划", some(D(2026, 1, 5), D(2026, 1, 30)), f"{u.short}2025年工作总结和2026年工作计划")
        for _ in range(rng.randint(0, 3)):
            pub.add(u, "人事信息", some(START, TODAY))
        if rng.random() < 0.4:
            pub.add(u, "机构职能", some(START, TODAY))
        month = START
        while month <= TODAY:
            pub.add(u, "村务公开", workdays(month, month + ONE * 14)[rng.randint(1, 5)])
            if rng.random() < 0.6:
                pub.add(u, "惠民政策", some(month, min(month + ONE * 27, TODAY)))
            month = (month + ONE * 32).replace(day=1)
    for (name, col), cut in STALE.items():  # the last item before a column went stale
        pub.add(next(u for u in units if u.name == name), col, cut)


def fill_gaps(pub: Publisher, units: list[Unit]) -> None:
    """Keep every column within 80% of its interval, so the only blank/stale columns are the planted ones."""
    for u in units:
        for col, cat in u.columns.items():
            limit = OVERRIDES.get((u.name, col)) or CATEGORY_DAYS[cat]
            if cat == "动态要闻类" or limit < 60 or (u.name, col) in BLANK or (u.name, col) in STALE:
                continue
            while True:
                points = sorted([START - ONE, TODAY + ONE] + [i.pub for i in pub.items if i.unit is u and i.column == col])
                gap = next(((a, b) for a, b in zip(points, points[1:]) if (b - a).days > limit * 0.8), None)
                if not gap:
                    break
                day = gap[0] + (gap[1] - gap[0]) / 2
                while not CAL.is_workday(day) or quiet(u, day):
                    day -= ONE
                if not pub.add(u, col, day):
                    pub.add(u, col, day - ONE * 3)


def finish_items(items: list[Item], units: list[Unit], rng: random.Random) -> None:
    """Sort by day and unit, give ~90% a unique URL (numbered in publishing order)."""
    order = {u.name: i for i, u in enumerate(units)}
    items.sort(key=lambda i: (i.pub, order[i.unit.name], i.column, i.title))
    for n, it in enumerate(items, start=1):
        if rng.random() < 0.9:
            it.url = f"http://www.qingyuan.gov.cn/zwgk/{it.unit.code}/{it.pub:%Y%m}/t{it.pub:%Y%m%d}_{4180000 + n}.html"

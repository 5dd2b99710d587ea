"""Seeded, realistic responsibility tables of any size, written in every supported layout.

Benchmarks and tests need tables far larger than the bundled example, with the same
texture: district departments, street offices, state-owned groups, command HQs and
collective placeholders; a few overloaded units and leaders (popularity is Zipf-like);
several units in one cell; sections with titles. :func:`generate_result` makes such a
table as records (the answer a reader must find) and :func:`write_table` writes those
records in every layout of the format registry (:mod:`orggraph.ingest.formats`) that has a
writer: a .txt extraction, .docx, .xlsx, .csv, Markdown table, labelled list, and prose
notices (.txt and .docx) — each table layout also with one unit column whose first unit leads.

Every name is chosen so that the normalizer reads it back unchanged: unit names end like a
unit, never contain a separator, and cannot be cut into two other units; person names are
two or three Chinese characters that do not end like a unit.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from orggraph.ingest.formats import format_named, writable_formats
from orggraph.ingest.names import is_complete_unit, is_person_name, split_leaders, split_units
from orggraph.ingest.vocabulary import HEADER_SYNONYMS, Column
from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord

__all__ = [
    "FORMATS",
    "STANDARD_CORPUS",
    "DENSE_CORPUS",
    "LARGE_CORPUS",
    "COLLECTIVES",
    "generate_result",
    "standard_corpus",
    "write_table",
    "chinese_numeral",
    "suffix_of",
]

#: Layouts :func:`write_table` writes: the registry's formats that declare a writer.
FORMATS = writable_formats()
#: The note a one-unit-column table carries, as governments word it.
FIRST_LEAD_NOTE = "注：列第一位的责任单位为牵头单位。"

#: The corpus every benchmark uses.
STANDARD_CORPUS = {"tasks": 20000, "units": 2000, "leaders": 300, "sections": 40, "seed": 0}
#: The standard corpus with crowded tasks (1–11 units each): about 195,000 unit–unit links.
DENSE_CORPUS = {**STANDARD_CORPUS, "units_per_task": 11}
#: A province or ten years of one city: 100,000 tasks, 5,000 units, 800 leaders, crowded tasks.
LARGE_CORPUS = {"tasks": 100000, "units": 5000, "leaders": 800, "sections": 99, "seed": 0, "units_per_task": 11}

#: Unit popularity exponent for crowded tasks (1.0 otherwise).
POPULARITY_DENSE = 0.82

#: Placeholders that stand for many units; they head the popularity ranking, as in real tables.
COLLECTIVES = ("区直有关单位", "各街道办事处", "各相关街道办事处", "各相关责任单位", "各重点项目承办单位")

_DEPARTMENTS = (
    "发改", "财政", "教育", "工信", "科技", "人社", "住建", "城管", "商务", "文旅", "卫健", "民政",
    "农水", "应急", "统计", "审计", "司法", "信访", "医保", "市场监管", "自然资源", "退役军人事务",
    "国资", "林业", "水利", "交通运输", "体育", "档案", "机关事务", "数据管理", "人防", "粮食和物资储备",
)
_OFFICES = ("区政府办", "区招商办", "区金融办", "区乡村振兴办", "区外事办", "区征迁办", "区地志办")
_PARTY = (
    "区委组织部", "区委宣传部", "区委统战部", "区委政法委", "区委编办", "区委社会工作部", "区委台办",
    "区纪委监委", "团区委", "区总工会", "区妇联", "区侨联", "区残联", "区科协", "区社科联", "区文联",
    "区工商联", "区红十字会",
)
_CENTRES = ("区行政服务中心管委会", "区融媒体中心", "区疾控中心", "区大数据中心", "区不动产登记中心", "区公共资源交易中心")
# Syllables for place names (street offices, parks, groups). Chosen so no place name ends like a unit.
_PLACE_CHARS = (
    "江南金龙常泰浮桥开元鲤中海滨临江东湖西山北峰南岭清源紫云凤凰龙湖桂花梅溪白鹭古榕"
    "新华丰泽城东城西滨江玉屏兴贤仁和平安青阳宝盖罗溪洛阳双阳永和德胜安平福田瑞丰文峰"
)
_GROUP_TRADES = ("城建", "文投", "国投", "水务", "交投", "旅游", "城市更新", "产业投资", "农业发展", "港口发展")
_HQ_KINDS = ("片区建设指挥部", "片区改造指挥部", "项目建设指挥部", "征迁指挥部")
_TASK_FORCE_TOPICS = ("一网统管", "招商引资", "城市更新", "营商环境", "数字经济", "安全生产", "文明创建", "闲置资产盘活")
_AGENCIES = ("公安分局", "生态环境局", "税务局", "消防救援大队", "交警大队", "自然资源分局", "供电公司", "气象局")

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁沈任姚卢傅钟"
    "姜崔谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施洪翟"
    "安颜倪严牛温芦季俞章鲁葛伍申尤毕聂焦向柳邢骆岳齐梅莫庄辛管祝左涂谷"
)
_GIVEN = "伟芳娜敏静丽强磊洋艳勇军杰涛明超秀霞平刚桂英华玉兰萍红玲建国志鸿飞凌剑辉经颖楚亮端鹏雄彬斌浩宇轩晨阳欣怡梓涵子豪俊文博嘉琪思雨晓东海波宁婷雪琳峰帆凯昊然瑶佳蕾诗雯"

_VERBS = ("实施", "推进", "深化", "加快", "完善", "健全", "开展", "打造", "培育", "落实", "优化", "提升", "建设", "启动", "统筹")
_OBJECTS = (
    "传统产业升级工程", "新兴产业跃升工程", "城市更新行动", "老旧小区改造", "营商环境优化行动", "数字政府建设",
    "古城保护利用", "文旅融合发展", "基层社会治理", "安全生产治本攻坚", "生态环境综合治理", "招商引资攻坚",
    "养老服务体系", "教育资源布局", "医疗卫生服务体系", "就业服务体系", "住房保障体系", "食品药品安全监管",
    "消防安全专项整治", "农业农村现代化", "科技创新平台建设", "人才引进培养", "国企改革", "财政资金绩效管理",
    "智慧城市建设", "交通路网完善", "公共文化服务", "体育设施建设", "信用体系建设", "政务服务改革",
)
_GOALS = (
    "新增{n}个示范项目", "完成投资{n}亿元", "培育{n}家重点企业", "建成{n}个服务站点", "改造提升{n}条街巷",
    "增长{p}%左右", "新增就业岗位{n}00个", "覆盖率达到{p}%", "办结率保持{p}%以上", "引进{n}个重大项目",
    "打造{n}个特色街区", "完成{n}项年度任务",
)
_MEANS = (
    "强化要素保障", "健全工作机制", "压实工作责任", "加强督促检查", "推动政策落地", "完善考核评价",
    "加大资金投入", "深化部门协同", "提升服务质效", "补齐短板弱项",
)
_SECTION_VERBS = ("向新而进", "向精而行", "向外而兴", "向优而求", "向暖而生", "向实而为", "向绿而行", "向稳而进", "向深而拓", "向强而立")
_SECTION_MEANS = ("以产业升级", "以城市提质", "以文旅融合", "以改革攻坚", "以惠民实事", "以科技创新", "以生态优先", "以开放合作", "以数字赋能", "以法治保障")
_SECTION_ENDS = ("激活发展动能", "勾勒宜居画卷", "栖息诗和远方", "破解发展难题", "厚植幸福根基", "塑造竞争优势", "守护绿水青山", "拓展发展空间", "提升治理效能", "筑牢安全底线")

_NUMERALS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """Write 1–99 as a Chinese numeral, the way section headings number themselves.

    >>> chinese_numeral(3), chinese_numeral(10), chinese_numeral(14), chinese_numeral(40)
    ('三', '十', '十四', '四十')
    """
    if not 1 <= n <= 99:
        raise ValueError(f"section number {n} is outside 1–99")
    tens, ones = divmod(n, 10)
    prefix = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return prefix + (_NUMERALS[ones] if ones else "")


def _place_names(rng: random.Random) -> list[str]:
    chars = list(dict.fromkeys(_PLACE_CHARS))
    names = [a + b for a in chars for b in chars if a != b]
    rng.shuffle(names)
    return names


def _unit_candidates(rng: random.Random, rounds: int = 1) -> list[str]:
    """Every unit name the generator may use, most common kinds first, then place-based ones.

    Each round gives every place name one more kind of unit; large pools need more rounds.
    """
    fixed = [*COLLECTIVES, *(f"区{d}局" for d in _DEPARTMENTS), *_OFFICES, *_PARTY, *_CENTRES]
    fixed += [f"区“{t}”专班" for t in _TASK_FORCE_TOPICS]
    places = _place_names(rng)
    templates = (
        "{p}街道办事处", "{p}镇人民政府", "{p}{trade}集团", "{p}{hq}", "{p}{agency}", "{p}高新区管委会",
        "{p}社区卫生服务中心", "{p}派出所", "{p}实验学校", "{p}市场监管所", "{p}{trade}公司",
    )
    generated = []
    for i, place in ((i, place) for r in range(rounds) for i, place in enumerate(places, start=r)):
        template = templates[i % len(templates)]
        generated.append(
            template.format(
                p=place,
                trade=_GROUP_TRADES[i % len(_GROUP_TRADES)],
                hq=_HQ_KINDS[i % len(_HQ_KINDS)],
                agency=_AGENCIES[i % len(_AGENCIES)],
            )
        )
    return fixed + generated


def _unit_names(count: int, rng: random.Random) -> list[str]:
    """``count`` unique unit names, in popularity order, each read back whole by the normalizer."""
    state = rng.getstate()
    for rounds in range(1, 4):  # one round, as always, unless the pool is larger than it gives
        rng.setstate(state)
        candidates = list(dict.fromkeys(_unit_candidates(rng, rounds)))
        # Checked against every candidate, so no subset can hold two names that glue into a third.
        vocabulary = frozenset(candidates)
        names = [n for n in candidates if is_complete_unit(n) and split_units(n, vocabulary) == [n]]
        if count <= len(names):
            break
    else:
        raise ValueError(f"cannot make {count} distinct unit names; at most {len(names)}")
    chosen = names[:count]
    # Collectives and core departments stay on top; the rest of the ranking is shuffled.
    head = len(COLLECTIVES) + len(_DEPARTMENTS)
    tail = chosen[head:]
    rng.shuffle(tail)
    return chosen[:head] + tail


def _person_names(count: int, rng: random.Random) -> list[str]:
    """``count`` unique names of two or three characters that read as people, not units."""
    surnames = list(dict.fromkeys(_SURNAMES))
    given = list(dict.fromkeys(_GIVEN))
    if count > len(surnames) * len(given) // 2:
        raise ValueError(f"cannot make {count} distinct leader names; at most {len(surnames) * len(given) // 2}")
    names: dict[str, None] = {}
    while len(names) < count:
        name = rng.choice(surnames) + "".join(rng.choices(given, k=rng.choice((1, 2, 2))))
        if is_person_name(name) and split_leaders(name) == [name]:
            names[name] = None
    return list(names)


def _zipf_weights(count: int, exponent: float) -> list[float]:
    return list(accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


def _distinct(
    rng: random.Random, population: Sequence[str], cum_weights: list[float], k: int, exclude: Sequence[str] = ()
) -> list[str]:
    """Draw ``k`` distinct names by popularity (fewer if the population runs out)."""
    picked: list[str] = []
    tries = 0
    while len(picked) < k and tries < 20 * k:
        (name,) = rng.choices(population, cum_weights=cum_weights)
        tries += 1
        if name not in picked and name not in exclude:
            picked.append(name)
    return picked


def _task_text(rng: random.Random) -> str:
    goal = rng.choice(_GOALS).format(n=rng.randint(2, 60), p=rng.choice((3, 5, 5.5, 8, 90, 95, 98)))
    return f"{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}，{rng.choice(_MEANS)}，{goal}。"


def _section_titles(count: int, rng: random.Random) -> list[str]:
    combos = [(v, m, e) for v in _SECTION_VERBS for m in _SECTION_MEANS for e in _SECTION_ENDS]
    return [f"{v}，{m}{e}" for v, m, e in rng.sample(combos, count)]


def generate_result(
    tasks: int = 200,
    units: int = 60,
    leaders: int = 12,
    sections: int = 5,
    seed: int = 0,
    jurisdiction: str = "示范区",
    units_per_task: int | None = None,
) -> IngestResult:
    """Make a realistic responsibility table as records, the same every time for one seed.

    Unit popularity follows a Zipf-like law (collectives and a few departments appear in
    most rows); every task has one to three lead units, zero to five responsible units
    (disjoint from the leads) and the leaders who supervise its lead units. Tasks are spread
    over ``sections`` titled sections in order.

    ``units_per_task`` is the density knob: with it every task names between 1 and that
    many units in all (few units are likeliest, the count falling off like 1/n), so the
    unit coordination graph grows denser; one to three of them lead.

    Parameters
    ----------
    tasks, units, leaders, sections : int
        Sizes: task rows, the pool of unit names, the pool of leaders, titled sections (1–99;
        never more than there are tasks).
    seed : int
        Seed of every random choice.
    jurisdiction : str
        The government the table belongs to; it also opens the title.
    units_per_task : int, optional
        Most units one task names (at least 1); without it, 1–3 lead and 0–5 responsible.

    Returns
    -------
    IngestResult
        One document (id ``generated``, format ``generated``) and its tasks, no warnings.

    Examples
    --------
    >>> result = generate_result(tasks=6, units=12, leaders=3, sections=2, seed=1)
    >>> [t.section_index for t in result.tasks]
    [0, 0, 0, 1, 1, 1]
    >>> generate_result(tasks=6, units=12, leaders=3, sections=2, seed=1) == result
    True
    """
    if tasks < 0 or units < 2 or leaders < 1 or not 1 <= sections <= 99:
        raise ValueError("need tasks >= 0, units >= 2, leaders >= 1 and 1 <= sections <= 99")
    if units_per_task is not None and units_per_task < 1:
        raise ValueError(f"units_per_task must be at least 1, not {units_per_task}")
    rng = random.Random(seed)
    sections = max(1, min(sections, tasks))  # every section holds a task, so indices stay 0, 1, 2 …
    unit_names = _unit_names(units, rng)
    leader_names = _person_names(leaders, rng)
    titles = _section_titles(sections, rng)
    # Crowded tasks draw from a flatter (still skewed) popularity, or a few units would take every pair.
    popularity = 1.0 if units_per_task is None else POPULARITY_DENSE
    unit_weights = _zipf_weights(units, popularity)
    leader_weights = _zipf_weights(leaders, 0.8)
    # Each non-collective unit answers to one leader (popular leaders oversee more units).
    supervisor = {
        name: rng.choices(leader_names, cum_weights=leader_weights)[0]
        for name in unit_names
        if name not in COLLECTIVES
    }
    lead_pool = [n for n in unit_names if n not in COLLECTIVES]
    lead_weights = _zipf_weights(len(lead_pool), popularity)

    doc_id = "generated"
    title = f"{jurisdiction}2026年度《政府工作报告》目标任务责任分解表"
    result = IngestResult()
    result.documents.append(
        DocumentInfo(id=doc_id, path="", format="generated", title=title, rows_read=tasks, jurisdiction=jurisdiction)
    )
    crowd = list(range(1, (units_per_task or 1) + 1))
    crowd_weights = _zipf_weights(len(crowd), 0.0)
    for i in range(tasks):
        if units_per_task is None:  # draws in this order keep every seed's table as it always was
            lead = _distinct(rng, lead_pool, lead_weights, rng.choices((1, 2, 3), weights=(6, 3, 1))[0])
            responsible_count = rng.choices((0, 1, 2, 3, 4, 5), weights=(1, 4, 5, 3, 2, 1))[0]
        else:
            named = rng.choices(crowd, cum_weights=crowd_weights)[0]
            lead = _distinct(rng, lead_pool, lead_weights, min(named, rng.choices((1, 2, 3), weights=(6, 3, 1))[0]))
            responsible_count = named - len(lead)
        responsible = _distinct(rng, unit_names, unit_weights, responsible_count, exclude=lead)
        task_leaders = list(dict.fromkeys(supervisor[name] for name in lead))[:3]
        section_index = i * sections // tasks if tasks else 0
        result.tasks.append(
            TaskRecord(
                document=doc_id,
                no=i + 1,
                section_index=section_index,
                section=titles[section_index],
                text=_task_text(rng),
                lead_units=lead,
                responsible_units=responsible,
                leaders=task_leaders,
                deadline=None,
                source={"row": i + 1},
            )
        )
    return result


def standard_corpus(*, dense: bool = False) -> IngestResult:
    """Return the benchmark corpus: 20,000 tasks, 2,000 units, 300 leaders, 40 sections (``dense``: 1–11 units a task)."""
    return generate_result(**(DENSE_CORPUS if dense else STANDARD_CORPUS))


# ---------------------------------------------------------------- writers


@dataclass(frozen=True)
class _Layout:
    """What the writers put where: header labels and column kinds in order, and the layout options."""

    labels: list[str]
    kinds: list[Column | str]  # a Column, or the name of an extra property
    section_column: bool
    lead_marks: bool
    one_unit_column: bool


@dataclass(frozen=True)
class _Options:
    """How to write: the title, a note under it, text encoding, name separator, merged cells."""

    title: str
    note: str
    encoding: str
    separator: str
    merge: bool


def _layout(
    result: IngestResult, labels: dict[Column, str] | None, section_column: bool, lead_marks: bool, one_unit_column: bool
) -> _Layout:
    chosen = {column: names[0] for column, names in HEADER_SYNONYMS.items()}
    chosen.update(labels or {})
    kinds: list[Column | str] = [Column.NO]
    if section_column:
        kinds.append(Column.SECTION)
    # With lead marks or the first-lead rule one unit column (责任单位) holds the lead units, then the others.
    single = lead_marks or one_unit_column
    kinds += [Column.TASK, Column.RESPONSIBLE] if single else [Column.TASK, Column.LEAD, Column.RESPONSIBLE]
    kinds.append(Column.LEADERS)
    if any(t.deadline for t in result.tasks):
        kinds.append(Column.DEADLINE)
    kinds += list(dict.fromkeys(key for t in result.tasks for key in t.extra))
    header = [chosen[k] if isinstance(k, Column) else k for k in kinds]
    return _Layout(header, kinds, section_column, lead_marks, one_unit_column)


def _cell_values(task: TaskRecord, layout: _Layout) -> list[list[str]]:
    """Each cell of a task row as the list of values it holds (names, or one text)."""
    cells: list[list[str]] = []
    for kind in layout.kinds:
        if kind is Column.NO:
            values = [str(task.no)]
        elif kind is Column.SECTION:
            values = [task.section] if task.section else []
        elif kind is Column.TASK:
            values = [task.text]
        elif kind is Column.LEAD:
            values = list(task.lead_units)
        elif kind is Column.RESPONSIBLE:
            if layout.lead_marks:
                values = [f"★{n}" for n in task.lead_units] + task.responsible_units
            elif layout.one_unit_column:
                values = task.lead_units + task.responsible_units
            else:
                values = list(task.responsible_units)
        elif kind is Column.LEADERS:
            values = list(task.leaders)
        elif kind is Column.DEADLINE:
            values = [task.deadline] if task.deadline else []
        else:
            values = [task.extra[kind]] if task.extra.get(kind) else []
        cells.append(values)
    return cells


def _headings(result: IngestResult, numbered: str = "（{n}）{title}") -> dict[int, str]:
    """The heading to write before a task, keyed by the task's position: ``（一）title`` by default."""
    out: dict[int, str] = {}
    previous: int | None = None
    count = 0
    for position, task in enumerate(result.tasks):
        if task.section_index != previous:
            previous = task.section_index
            if task.section:
                count += 1
                out[position] = numbered.format(n=chinese_numeral(count), title=task.section)
    return out


def _rows(result: IngestResult, layout: _Layout) -> Iterator[tuple[str, Any]]:
    """Yield ``("heading", text)`` and ``("task", cells)`` in document order."""
    headings = {} if layout.section_column else _headings(result)
    for position, task in enumerate(result.tasks):
        if position in headings:
            yield "heading", headings[position]
        yield "task", _cell_values(task, layout)


def _title(result: IngestResult, title: str | None) -> str:
    if title is not None:
        return title
    return result.documents[0].title if result.documents else ""


def _write_txt(result: IngestResult, path: Path, layout: _Layout, options: _Options) -> None:
    """Write the tab-cell text extraction: one name per line, so ``separator`` is not used."""
    lines = ["附件", "", options.title, ""]
    if options.note:
        lines += [options.note, ""]
    lines += [f"\t{label}" for label in layout.labels]
    lines.append("")
    for kind, value in _rows(result, layout):
        if kind == "heading":
            lines += [f"\t{value}。", ""]
            continue
        for values in value:
            if values:  # an extraction drops empty cells
                lines.append(f"\t{values[0]}")
                for more in values[1:]:
                    lines += ["", more]
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding=options.encoding)


def _write_csv(result: IngestResult, path: Path, layout: _Layout, options: _Options) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    width = len(layout.labels)
    for line in (options.title, options.note):
        if line:
            writer.writerow([line] + [""] * (width - 1))
    writer.writerow(layout.labels)
    for kind, value in _rows(result, layout):
        if kind == "heading":
            writer.writerow([value] + [""] * (width - 1))
        else:
            writer.writerow([options.separator.join(values) for values in value])
    path.write_bytes(buffer.getvalue().encode(options.encoding))


def _md_cell(values: list[str], separator: str) -> str:
    return separator.join(v.replace("|", "\\|") for v in values)


def _write_md(result: IngestResult, path: Path, layout: _Layout, options: _Options) -> None:
    width = len(layout.labels)
    lines = [f"# {options.title}", ""] if options.title else []
    if options.note:
        lines += [options.note, ""]
    lines.append("| " + " | ".join(layout.labels) + " |")
    lines.append("|" + "---|" * width)
    for kind, value in _rows(result, layout):
        if kind == "heading":
            lines.append(f"| **{value}** |" + " |" * (width - 1))
        else:
            lines.append("| " + " | ".join(_md_cell(v, options.separator) for v in value) + " |")
    path.write_text("\n".join(lines) + "\n", encoding=options.encoding)


def _write_labelled(result: IngestResult, path: Path, layout: _Layout, options: _Options) -> None:
    lines = [options.title, ""] if options.title else []
    if options.note:
        lines += [options.note, ""]
    for kind, value in _rows(result, layout):
        if kind == "heading":
            lines += [value, ""]
            continue
        by_kind = dict(zip(layout.kinds, value))
        lines.append(f"{by_kind[Column.NO][0]}. {by_kind[Column.TASK][0]}")
        for label, kind_of, values in zip(layout.labels, layout.kinds, value):
            if kind_of not in (Column.NO, Column.TASK):
                lines.append(f"{label}：{options.separator.join(values)}")
        lines.append("")
    path.write_text("\n".join(lines), encoding=options.encoding)


def _merge_runs(cells: list[list[str] | None]) -> list[int]:
    """For one column, the length of the vertical merge starting at each row (0 = continued, 1 = alone).

    ``None`` marks a heading row, which breaks every run; empty cells are never merged.
    """
    spans = [1 if c is not None else 0 for c in cells]
    start = None
    for i, cell in enumerate(cells):
        if start is not None and cell and cell == cells[start]:
            spans[start] += 1
            spans[i] = 0
        else:
            start = i if cell else None
    return spans


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_paragraphs(values: list[str], line_breaks: bool) -> str:
    if not values:
        return "<w:p/>"
    if line_breaks:  # one paragraph, names separated by line breaks
        runs = "<w:br/>".join(f"<w:t>{escape(v)}</w:t>" for v in values)
        return f"<w:p><w:r>{runs}</w:r></w:p>"
    return "".join(f"<w:p><w:r><w:t>{escape(v)}</w:t></w:r></w:p>" for v in values)


def _write_docx(result: IngestResult, path: Path, layout: _Layout, options: _Options) -> None:
    """Write a Word table by building its XML directly (python-docx's cell API is quadratic)."""
    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    if options.title:
        document.add_paragraph(options.title, style="Title")
    if options.note:
        document.add_paragraph(options.note)
    merge = options.merge
    width = len(layout.labels)
    rows = list(_rows(result, layout))
    leaders_at = layout.kinds.index(Column.LEADERS)
    spans = _merge_runs([v[leaders_at] if k == "task" else None for k, v in rows]) if merge else None
    parts = [
        f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>',
        "<w:tblGrid>" + '<w:gridCol w:w="1700"/>' * width + "</w:tblGrid>",
        '<w:tr><w:trPr><w:tblHeader/></w:trPr>'
        + "".join(f"<w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{escape(h)}</w:t></w:r></w:p></w:tc>"
                  for h in layout.labels)
        + "</w:tr>",
    ]
    for row, (kind, value) in enumerate(rows):
        if kind == "heading":
            parts.append(
                f'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="{width}"/></w:tcPr>'
                f"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{escape(value)}</w:t></w:r></w:p></w:tc></w:tr>"
            )
            continue
        cells = []
        for column, values in enumerate(value):
            if spans is not None and column == leaders_at and spans[row] != 1:
                if spans[row] == 0:
                    cells.append("<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>")
                    continue
                restart = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
                cells.append(f"<w:tc>{restart}{_docx_paragraphs(values, True)}</w:tc>")
                continue
            cells.append(f"<w:tc>{_docx_paragraphs(values, column == leaders_at)}</w:tc>")
        parts.append("<w:tr>" + "".join(cells) + "</w:tr>")
    parts.append("</w:tbl>")
    table = parse_xml("".join(parts))
    document.element.body.sectPr.addprevious(table)
    document.save(str(path))


def _write_xlsx(result: IngestResult, path: Path, layout: _Layout, options: _Options) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "任务分解"
    width = len(layout.labels)
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for line in (options.title, options.note):
        if line:
            sheet.append([line])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    merge = options.merge
    sheet.append(layout.labels)
    first_data = sheet.max_row + 1
    rows = list(_rows(result, layout))
    leaders_at = layout.kinds.index(Column.LEADERS)
    spans = _merge_runs([v[leaders_at] if k == "task" else None for k, v in rows]) if merge else None
    for row, (kind, value) in enumerate(rows):
        excel_row = first_data + row
        if kind == "heading":
            sheet.append([value])
            sheet.merge_cells(start_row=excel_row, start_column=1, end_row=excel_row, end_column=width)
            sheet.cell(excel_row, 1).font = bold
            continue
        out: list[object] = []
        for column, values in enumerate(value):
            if spans is not None and column == leaders_at and spans[row] == 0:
                out.append(None)  # covered by the merge above
            elif layout.kinds[column] is Column.NO:
                out.append(int(values[0]))
            else:
                out.append("\n".join(values) if values else None)
        sheet.append(out)
        for column, cell_value in enumerate(out, start=1):
            if isinstance(cell_value, str) and "\n" in cell_value:
                sheet.cell(excel_row, column).alignment = wrap
        if spans is not None and spans[row] > 1:
            sheet.merge_cells(
                start_row=excel_row,
                start_column=leaders_at + 1,
                end_row=excel_row + spans[row] - 1,
                end_column=leaders_at + 1,
            )
    workbook.save(str(path))


def _responsibility(task: TaskRecord, form: int) -> str:
    """The closing parenthesis of a prose task, in one of the forms notices use (by ``form``)."""
    lead, responsible, leaders = "、".join(task.lead_units), "、".join(task.responsible_units), "、".join(task.leaders)
    deadline = f"，{task.deadline}" if task.deadline else ""
    if form % 2 == 0 or not lead:
        parts = [f"牵头单位：{lead}" if lead else "", f"责任单位：{responsible}" if responsible else "",
                 f"分管领导：{leaders}" if leaders else ""]
        inner = "；".join(p for p in parts if p)
        return f"（{inner}{deadline}）" if inner else ""
    clauses = [f"{lead}牵头"] + ([f"{responsible}按职责分工负责"] if responsible else [])
    said = "，".join(clauses) + (f"；分管领导：{leaders}" if leaders else "")
    return f"（{said}{deadline}）"


def _prose_lines(result: IngestResult, options: _Options) -> list[str]:
    """A notice: title, preamble, ``一、`` headings, numbered task paragraphs, closing, signature, date."""
    jurisdiction = result.documents[0].jurisdiction if result.documents else ""
    lines = [options.title, "为抓好《政府工作报告》确定的各项目标任务落实，现将重点工作分工如下："]
    headings = _headings(result, "{n}、{title}")
    for position, task in enumerate(result.tasks):
        if position in headings:
            lines.append(headings[position])
        lines.append(f"{task.no}. {task.text}{_responsibility(task, position)}")
    lines += ["各单位要按照分工要求，细化工作措施，确保各项任务按期完成。", f"{jurisdiction}人民政府", "2026年1月10日"]
    return lines


def _write_prose_txt(result: IngestResult, path: Path, layout: _Layout, options: _Options) -> None:
    """Write a prose notice as text, one paragraph per line."""
    path.write_text("\n".join(_prose_lines(result, options)) + "\n", encoding=options.encoding)


def _write_prose_docx(result: IngestResult, path: Path, layout: _Layout, options: _Options) -> None:
    """Write a prose notice as Word paragraphs (no table), its body XML built directly."""
    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    end = document.element.body.sectPr  # found once: the property searches the body on every call
    paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in _prose_lines(result, options))
    for paragraph in list(parse_xml(f'<w:body xmlns:w="{_W}">{paragraphs}</w:body>')):
        end.addprevious(paragraph)
    document.save(str(path))


def write_table(
    result: IngestResult,
    path: str | Path,
    fmt: str,
    *,
    title: str | None = None,
    encoding: str = "utf-8",
    separator: str = "、",
    labels: dict[Column, str] | None = None,
    section_column: bool = False,
    lead_marks: bool = False,
    one_unit_column: bool = False,
    merge: bool = True,
) -> Path:
    """Write task records in one of the layouts of :data:`FORMATS`.

    Sections become merged (docx, xlsx) or single-cell (csv, md) heading rows ``（一）title``,
    or heading lines (txt, labelled), unless ``section_column`` puts them in a 板块 column; in
    prose notices they are ``一、title`` headings over numbered task paragraphs whose closing
    parenthesis names the units and leaders. A task row's lists are written one name per line
    or paragraph (docx, xlsx, txt) or joined by ``separator`` (csv, md, labelled).

    Parameters
    ----------
    result : IngestResult
        The records to write (all of them, as one table).
    path : str or Path
        Where to write; the suffix is not changed.
    fmt : str
        One of :data:`FORMATS`.
    title : str, optional
        The title above the table; by default the first document's title.
    encoding : str
        Encoding of the text layouts (txt, csv, md, labelled, prose): ``utf-8``, ``utf-8-sig``, ``gbk`` ….
    separator : str
        What joins names in one cell of a csv, md or labelled table.
    labels : dict, optional
        Header label per column (e.g. ``{Column.TASK: "工作任务"}``); default the first synonym.
    section_column : bool
        Write each task's section title in a 板块 column instead of heading rows.
    lead_marks : bool
        Write one unit column with lead units marked ★ (followed by the responsible units).
    one_unit_column : bool
        Write one unit column, lead units first, and under the title the note
        :data:`FIRST_LEAD_NOTE` (read back exactly when every task has one lead unit).
    merge : bool
        In docx and xlsx, merge equal leader cells of consecutive rows vertically.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> result = generate_result(tasks=3, units=10, leaders=2, sections=1)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_table(result, Path(folder) / "t.md", "md")
    ...     written.read_text(encoding="utf-8").splitlines()[2]
    '| 序号 | 具体任务 | 牵头单位 | 责任单位 | 分管领导 |'
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown layout {fmt!r}; use one of {', '.join(FORMATS)}")
    path = Path(path)
    layout = _layout(result, labels, section_column, lead_marks, one_unit_column)
    options = _Options(
        title=_title(result, title),
        note=FIRST_LEAD_NOTE if one_unit_column else "",
        encoding=encoding,
        separator=separator,
        merge=merge,
    )
    format_named(fmt).write()(result, path, layout, options)
    return path


def suffix_of(fmt: str) -> str:
    """Return the file suffix a layout is written with (``labelled`` lists are ``.txt``).

    >>> suffix_of("labelled"), suffix_of("xlsx"), suffix_of("prose-docx")
    ('.txt', '.xlsx', '.docx')
    """
    return format_named(fmt).suffix

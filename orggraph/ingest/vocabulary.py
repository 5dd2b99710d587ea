"""The words of responsibility documents: what a header means, what a heading looks like, which
names stand for many units, which words name a role.

A leaf module (it imports nothing from orggraph), so every reader, the normaliser and
:mod:`orggraph.units` share one vocabulary without import cycles.

Headers are recognised by meaning, not by a closed list: a header cell is cleaned (spaces,
bold marks, a trailing colon and a parenthetical note such as ``（部门）`` dropped) and then
matched against one pattern per meaning (:data:`HEADER_PATTERNS`). When a cell fits no
pattern exactly but holds the key words of more than one meaning it is *ambiguous*: the
first meaning is taken and :func:`interpret_header` says which others it could have had.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

__all__ = [
    "Column",
    "HEADER_SYNONYMS",
    "HEADER_PATTERNS",
    "HeaderMeaning",
    "interpret_header",
    "match_header",
    "is_header_row",
    "header_states_first_lead",
    "states_first_lead",
    "is_section_heading",
    "heading_level",
    "section_title",
    "COLLECTIVE_PATTERN",
    "is_collective_name",
    "ROLE_WORDS",
]


class Column(StrEnum):
    """The columns orggraph understands; any other column is kept as a task property."""

    NO = "no"
    TASK = "task"
    LEAD = "lead"
    RESPONSIBLE = "responsible"
    LEADERS = "leaders"
    SECTION = "section"
    DEADLINE = "deadline"
    PROGRESS = "progress"


#: The usual wording of each column, first the one the generator writes. Recognition does not
#: depend on this list (see :data:`HEADER_PATTERNS`); it documents typical headers.
HEADER_SYNONYMS: dict[Column, tuple[str, ...]] = {
    Column.NO: ("序号", "编号", "序"),
    Column.TASK: (
        "具体任务", "工作任务", "重点任务", "目标任务", "重点工作目标任务", "任务", "任务内容", "工作内容",
        "重点工作", "工作任务及目标", "主要任务", "任务名称", "工作事项", "目标任务及措施",
    ),
    Column.LEAD: ("牵头单位", "牵头部门", "牵头责任单位", "主责单位", "承办单位", "主办单位"),
    Column.RESPONSIBLE: ("责任单位", "配合单位", "配合部门", "主要配合部门", "协同责任单位", "责任部门", "协办单位", "参与单位"),
    Column.LEADERS: (
        "分管领导", "责任领导", "牵头领导", "分管区领导", "牵头负责领导", "联系领导", "挂钩领导", "责任人",
    ),
    Column.SECTION: ("板块", "项目", "类别"),
    Column.DEADLINE: ("完成时限", "完成时间", "时间节点"),
    Column.PROGRESS: ("工作进展", "进展情况", "完成情况"),
}

_HAN = "\u4e00-\u9fff"
#: One pattern per meaning, tried in this order on the cleaned header; the first full match wins.
HEADER_PATTERNS: dict[Column, str] = {
    Column.NO: r"序号?|编号|排序",
    Column.PROGRESS: rf"[{_HAN}]{{0,6}}(?:进展|进度|完成情况|推进情况|落实情况)[{_HAN}]{{0,4}}",
    Column.DEADLINE: rf"[{_HAN}]{{0,4}}(?:时限|时间|期限|节点|日期)[{_HAN}]{{0,2}}",
    Column.LEADERS: rf"[{_HAN}]{{0,5}}(?:领导|责任人|负责人)(?:姓名)?",
    Column.LEAD: r"(?:牵头|主责|主办|承办|主管|主要责任)(?:责任)?(?:单位|部门)?",
    Column.RESPONSIBLE: r"(?:责任|配合|协办|参与|协同|协助|协作|主要配合|协同责任|相关|具体责任|落实)?(?:单位|部门)"
    r"|配合|协办|参与",
    Column.SECTION: r"(?:所属)?(?:板块|项目|类别|领域|类型)",
    Column.TASK: rf"[{_HAN}]{{0,6}}(?:任务|工作|事项|内容|措施|举措)[{_HAN}]{{0,6}}",
}
_COMPILED = [(column, re.compile(pattern)) for column, pattern in HEADER_PATTERNS.items()]
# Key words of each kind of content; a header holding the words of two kinds (牵头单位及责任人,
# 任务及责任单位) is ambiguous. Units are lead units when 牵头 (or the like) is said.
_KEY_WORDS: dict[Column, tuple[str, ...]] = {
    Column.LEADERS: ("领导", "责任人", "负责人"),
    Column.RESPONSIBLE: ("单位", "部门", "配合", "协办"),
    Column.DEADLINE: ("时限", "期限", "时间"),
    Column.TASK: ("任务", "事项", "措施"),
}
_LEAD_WORDS = ("牵头", "主责", "主办", "承办")
_NOTE = re.compile(r"[（(][^（()）]*[)）]$")
_SPACE = re.compile(r"[\s\u3000]+")
_NOT_A_HEADER = re.compile(r"[0-9０-９。，；、,;%％]")
_MAX_HEADER = 14


@dataclass(frozen=True)
class HeaderMeaning:
    """What orggraph took a header cell for, and the other meanings it could have had."""

    column: Column | None
    alternatives: tuple[Column, ...] = ()

    @property
    def is_ambiguous(self) -> bool:
        return bool(self.alternatives)


def _clean_header(cell: str) -> tuple[str, str]:
    """The header's words and its parenthetical note: ``责任单位（第一个为牵头单位）`` → (责任单位, 第一个为牵头单位)."""
    text = _SPACE.sub("", cell).strip("*：:")
    note = ""
    match = _NOTE.search(text)
    if match and match.start() > 0:
        note = match.group(0)[1:-1]
        text = text[: match.start()]
    return text, note


@lru_cache(maxsize=4096)
def interpret_header(cell: str) -> HeaderMeaning:
    """Tell what a header cell means.

    >>> interpret_header("牵头单位（部门）").column, interpret_header("重点工作").column
    (<Column.LEAD: 'lead'>, <Column.TASK: 'task'>)
    >>> interpret_header("牵头单位及责任人")
    HeaderMeaning(column=<Column.LEADERS: 'leaders'>, alternatives=(<Column.LEAD: 'lead'>,))
    >>> interpret_header("备注").column is None, interpret_header("区直有关单位").column is None
    (True, True)
    """
    text, _ = _clean_header(cell)
    if not text or len(text) > _MAX_HEADER or _NOT_A_HEADER.search(text):
        return HeaderMeaning(None)
    found = [column for column, words in _KEY_WORDS.items() if any(w in text for w in words)]
    if Column.RESPONSIBLE in found and any(w in text for w in _LEAD_WORDS):
        found[found.index(Column.RESPONSIBLE)] = Column.LEAD
    column = next((c for c, pattern in _COMPILED if pattern.fullmatch(text)), None)
    if column is None:
        if len(found) < 2 or len(text) > 10:
            return HeaderMeaning(None)  # one kind of word in a long cell: data (区直有关单位), not a header
        column = found[0]
    return HeaderMeaning(column, tuple(c for c in found if c is not column))


def match_header(cell: str) -> Column | None:
    """Return the column a header cell names, or None.

    >>> match_header("牵头 单位"), match_header("备注"), match_header("分管区领导")
    (<Column.LEAD: 'lead'>, None, <Column.LEADERS: 'leaders'>)
    """
    return interpret_header(cell).column


def is_header_row(cells: list[str]) -> bool:
    """Tell whether a row is the header: it names the task column and at least one other.

    >>> is_header_row(["序号", "重点工作", "分管领导", "责任单位"])
    True
    """
    columns = {match_header(c) for c in cells} - {None}
    return Column.TASK in columns and len(columns) >= 2


_FIRST_LEAD = re.compile(
    r"(?:列|排|排名|排列|位列|居)?(?:第一|首|第1|首个|第一个|第一位|首位)[位个名]?(?:的|为)?"
    r"(?:责任)?(?:单位|部门)?(?:为|是|系)?(?:牵头|主责)"
)


def states_first_lead(text: str) -> bool:
    """Tell whether a sentence says the first-listed unit leads, in any of the usual wordings.

    >>> states_first_lead("列第一位的责任单位为牵头单位"), states_first_lead("排名第一的责任单位为牵头单位")
    (True, True)
    >>> states_first_lead("注：责任单位中第一个为牵头单位。"), states_first_lead("首位单位牵头")
    (True, True)
    >>> states_first_lead("牵头单位要加强统筹")
    False
    """
    return bool(_FIRST_LEAD.search(_SPACE.sub("", text)))


def header_states_first_lead(cell: str) -> bool:
    """Tell whether a header's note says its first unit leads: ``责任单位（第一个为牵头单位）``."""
    _, note = _clean_header(cell)
    return states_first_lead(note)


# Section headings: level 1 ``一、`` / ``第一部分``; level 2 ``（一）``.
_LEVEL_1 = re.compile(r"^(?:[一二三四五六七八九十百]+[、.．]|第[一二三四五六七八九十百]+(?:部分|章|节|篇))\s*")
_LEVEL_2 = re.compile(r"^[（(][一二三四五六七八九十百]+[)）]\s*")
_MARKDOWN_BOLD = re.compile(r"^\*\*(.*)\*\*$")


def _strip_bold(text: str) -> str:
    stripped = text.strip()
    match = _MARKDOWN_BOLD.match(stripped)
    return match.group(1).strip() if match else stripped


def heading_level(text: str) -> int | None:
    """Return 1 for ``一、…`` (or ``第一部分``), 2 for ``（一）…``, None for a line that is no heading.

    >>> heading_level("一、稳增长"), heading_level("（二）扩内需"), heading_level("1. 任务")
    (1, 2, None)
    """
    stripped = _strip_bold(text)
    if _LEVEL_1.match(stripped):
        return 1
    if _LEVEL_2.match(stripped):
        return 2
    return None


def is_section_heading(text: str) -> bool:
    """Tell whether a line is a section heading such as ``（一）…`` or ``二、…``.

    >>> is_section_heading("（一）向新而进，以产业升级激活发展动能。"), is_section_heading("13")
    (True, False)
    """
    return heading_level(text) is not None


def section_title(heading: str) -> str:
    """Return a heading's title without its numbering, bold marks or closing 。.

    >>> section_title("**二、向精而行，以城市提质勾勒宜居画卷。**")
    '向精而行，以城市提质勾勒宜居画卷'
    """
    stripped = _strip_bold(heading)
    text = _LEVEL_1.sub("", stripped) if _LEVEL_1.match(stripped) else _LEVEL_2.sub("", stripped)
    return text.strip().rstrip("。.").strip()


#: Names that stand for many units (区直有关单位, 各街道办事处, 国务院各部门).
COLLECTIVE_PATTERN = r"^各|有关|相关|^各?(?:区直|市直|县直)|各(?:部门|地区|单位|级)"
_COLLECTIVE = re.compile(COLLECTIVE_PATTERN)


def is_collective_name(name: str) -> bool:
    """Tell whether a name stands for many units.

    >>> is_collective_name("区直有关单位"), is_collective_name("国务院各部门"), is_collective_name("区发改局")
    (True, True, False)
    """
    return bool(_COLLECTIVE.search(name))


#: Words after a list of units that give the units' role in a prose notice, longest first.
ROLE_WORDS: dict[str, Column] = {
    "按职责分工负责": Column.RESPONSIBLE,
    "按职责分工落实": Column.RESPONSIBLE,
    "按职能分工负责": Column.RESPONSIBLE,
    "按职责负责": Column.RESPONSIBLE,
    "分别负责": Column.RESPONSIBLE,
    "共同负责": Column.RESPONSIBLE,
    "牵头负责": Column.LEAD,
    "牵头": Column.LEAD,
    "负责": Column.LEAD,
    "配合": Column.RESPONSIBLE,
    "参与": Column.RESPONSIBLE,
    "协同": Column.RESPONSIBLE,
    "协助": Column.RESPONSIBLE,
    "协办": Column.RESPONSIBLE,
}

"""Read a prose task-division notice (分工方案 / 分工意见): numbered paragraphs, roles in parentheses.

The State Council's yearly 《关于落实〈政府工作报告〉重点工作分工的意见》 and its provincial and city
copies list each task as a numbered paragraph whose closing parenthesis names who does it::

    一、推动高质量发展
    （一）扩大国内需求
    1. 推动消费从疫后恢复转向持续扩大。（国家发展改革委、商务部牵头，财政部等按职责分工负责，年内持续推进）
    2. 加快实施重大项目。（牵头单位：区发改局；责任单位：区财政局；分管领导：王伟）

What is understood:

- headings at two levels, ``一、`` (or ``第一部分``) and ``（一）``; the normaliser makes the second
  level a subsection when it restarts at （一） under a first-level heading;
- task paragraphs numbered ``1.`` ``1．`` ``1、`` or ``（1）``, numbering continuous or restarting per
  section; a task runs over several lines until its role parenthesis closes it;
- the responsibility: the last parenthesis at the end of the paragraph that names roles, either
  labelled (``牵头单位：…；责任单位：…；分管领导：…``, any label the header vocabulary knows) or
  with role words after the units (``A、B牵头，C、D按职责分工负责``, ``A牵头，C配合``, ``A负责``,
  ``C、D按职责分工负责`` with no lead, ``国务院各部门分别负责``), and a deadline clause after the
  units (``年内持续推进``, ``6月底前完成``, ``2026年12月底前``). Parentheses that name no role stay
  in the task text;
- everything else (title, preamble, section introductions, closing text, signature, date) is a
  skipped line, reported, so ``rows_read`` is the tasks plus the skipped lines.

Sources are ``{"line": N}`` in text files and ``{"paragraph": N}`` in Word documents.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orggraph.errors import IngestError
from orggraph.ingest.grid import is_attachment_label
from orggraph.ingest.table import RawHeading, RawRow, RawSkip, RawTable
from orggraph.ingest.vocabulary import HEADER_SYNONYMS, ROLE_WORDS, Column, heading_level, match_header

__all__ = ["Responsibility", "split_responsibility", "parse_prose", "read_prose_docx", "looks_like_prose"]

_DIGITS = "0-9０-９"
_TASK_LINE = re.compile(rf"^(?:([{_DIGITS}]+)\s*[.．、](?![{_DIGITS}])|[（(]([{_DIGITS}]+)[)）])\s*(\S.*)$")
_SPACE = re.compile(r"[\s\u3000]+")
_LABELLED = re.compile(r"^([\u4e00-\u9fff]{2,8})[：:](.*)$")
_CLAUSE_SPLIT = re.compile(r"[；;，,]")
_DEADLINE = re.compile(
    r"年内|年底|年前|月底|月前|底前|前完成|持续推进|长期坚持|长期推进|持续实施|持续开展|逐年|每年|季度|上半年|下半年"
    r"|[0-9０-９]{4}年|[0-9０-９]{1,2}月|[一二三四五六七八九十]{1,2}月"
)
_DATE_LINE = re.compile(r"^(?:[0-9０-９]{4}|[〇零一二三四五六七八九]{4})年[0-9０-９一二三四五六七八九十]{1,2}月[0-9０-９一二三四五六七八九十]{1,3}日$")
_SIGNATURE = re.compile(r"(?:人民政府|政府|办公室|办公厅|委员会|党委|政府办)(?:办公室)?$")
_CLOSING = re.compile(r"^各(?:地区|部门|单位|级|有关|街道|镇|乡|县|区).{0,40}要")
_NUMERAL_TASK = re.compile(r"^(?:[（(]([一二三四五六七八九十]+)[)）]|([一二三四五六七八九十]+)[、.．])\s*(\S.*)$")
_TITLE_WORDS = re.compile(r"方案|意见|通知|分工|清单|要点|任务")
_UNIT_LEAD_IN = re.compile(r"^(?:由|请)")
_UNIT_TAIL = re.compile(r"等$")
_ROLE_AT_END = re.compile("(?:" + "|".join(sorted(ROLE_WORDS, key=len, reverse=True)) + ")$")
_ROLE_COLUMNS = (Column.LEAD, Column.RESPONSIBLE, Column.LEADERS)
_COLUMNS = (Column.LEAD, Column.RESPONSIBLE, Column.LEADERS, Column.DEADLINE)
_NOTE_LABEL = "备注"


@dataclass
class Responsibility:
    """What a task's role parenthesis says; ``text`` is the task without that parenthesis."""

    text: str
    units: dict[Column, list[str]] = field(default_factory=dict)  # LEAD, RESPONSIBLE, LEADERS → names as written
    deadline: str = ""
    note: str = ""  # clauses that are neither roles nor a deadline

    @property
    def names_roles(self) -> bool:
        return any(self.units.get(c) for c in _ROLE_COLUMNS)


def _groups_from_the_end(text: str) -> Iterator[tuple[int, int]]:
    """Top-level parenthesised spans ``(start, end)`` of a text, full- or half-width, last first.

    Scanning from the end finds the closing parenthesis at once, however long the task text.
    """
    end = len(text)
    while True:
        close = max(text.rfind("）", 0, end), text.rfind(")", 0, end))
        if close < 0:
            return
        depth = 0
        for i in range(close, -1, -1):
            char = text[i]
            if char in "）)":
                depth += 1
            elif char in "（(":
                depth -= 1
                if depth == 0:
                    yield i, close + 1
                    end = i
                    break
        else:
            return  # unbalanced: no opening parenthesis


def _role_clause(piece: str) -> tuple[str, str] | None:
    """``A、B牵头`` → (``牵头``, ``A、B``); None when the piece ends with no role word."""
    match = _ROLE_AT_END.search(piece)
    if match is None:
        return None
    units = _UNIT_TAIL.sub("", _UNIT_LEAD_IN.sub("", piece[: match.start()])).strip("、")
    return (match.group(0), units) if units else None


def _read_roles(inner: str) -> Responsibility | None:
    """The roles, deadline and notes a parenthesis names, or None when it names no role."""
    found = Responsibility("")
    notes: list[str] = []
    deadlines: list[str] = []
    verb_clauses: list[tuple[str, str]] = []
    last_label: Column | None = None
    for piece in (p.strip() for p in _CLAUSE_SPLIT.split(_SPACE.sub("", inner))):
        if not piece:
            continue
        labelled = _LABELLED.match(piece)
        column = match_header(labelled.group(1)) if labelled else None
        if labelled and column in _COLUMNS:
            last_label = column
            if column is Column.DEADLINE:
                deadlines.append(labelled.group(2))
            else:
                found.units.setdefault(column, []).append(labelled.group(2))
            continue
        role = _role_clause(piece)
        if role is not None:
            verb_clauses.append(role)
            last_label = None
        elif _DEADLINE.search(piece):
            deadlines.append(piece)
            last_label = None
        elif last_label in _ROLE_COLUMNS:
            found.units[last_label].append(piece)  # 牵头单位：A，B — names after a comma
        else:
            notes.append(piece)
    # "A负责" alone names the lead; after "B牵头" it names one more responsible unit.
    named_lead = any(word != "负责" and ROLE_WORDS[word] is Column.LEAD for word, _ in verb_clauses)
    for word, units in verb_clauses:
        column = Column.RESPONSIBLE if word == "负责" and named_lead else ROLE_WORDS[word]
        found.units.setdefault(column, []).append(units)
    found.deadline = "，".join(deadlines)
    found.note = "，".join(notes)
    return found if found.names_roles else None


def split_responsibility(paragraph: str) -> Responsibility:
    """Split a task paragraph into its text and the roles of its last role-naming parenthesis.

    Only a parenthesis at the end of the paragraph (followed by nothing but punctuation) is read
    as the responsibility; any other parenthesis stays in the text.

    >>> r = split_responsibility("推动消费扩大（含服务消费）。（国家发展改革委、商务部牵头，财政部等按职责分工负责，年内持续推进）")
    >>> r.text, r.units, r.deadline
    ('推动消费扩大（含服务消费）。', {<Column.LEAD: 'lead'>: ['国家发展改革委、商务部'], <Column.RESPONSIBLE: 'responsible'>: ['财政部']}, '年内持续推进')
    >>> split_responsibility("完善制度（试行）。").units
    {}
    """
    text = paragraph.strip()
    for start, end in _groups_from_the_end(text):
        if text[end:].strip(" 。.；;，,"):
            break  # words after it: this and every earlier parenthesis belong to the text
        found = _read_roles(text[start + 1 : end - 1])
        if found is not None:
            found.text = (text[:start].rstrip("，, ") + text[end:].strip()).strip()
            return found
    return Responsibility(text)


def _is_end_matter(line: str) -> str | None:
    """Why a line is no task text: a date, a signature, a closing instruction, or None."""
    if _DATE_LINE.match(line):
        return "a date line"
    if len(line) <= 30 and _SIGNATURE.search(line) and not re.search(r"[，。；：,;:]", line):
        return "a signature line"
    if _CLOSING.match(line):
        return "closing text"
    return None


@dataclass
class _Task:
    no: str
    source: dict[str, Any]
    lines: list[str]
    found: Responsibility = field(default_factory=lambda: Responsibility(""))

    def read(self) -> None:
        """Split the text read so far; a task whose roles are named is closed."""
        self.found = split_responsibility("".join(self.lines))

    @property
    def closed(self) -> bool:
        return self.found.names_roles


def _numeral_value(numeral: str) -> int | None:
    """``十二`` → 12, for numerals up to 九十九; None otherwise."""
    digits = "一二三四五六七八九"
    tens, ten, ones = numeral.partition("十")
    if not ten:
        return digits.index(numeral) + 1 if len(numeral) == 1 and numeral in digits else None
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in digits) or (ones and ones not in digits):
        return None
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


def _numbered_task(line: str, source: dict[str, Any]) -> _Task | None:
    """A line numbered like a heading (``（三）…``) that ends naming roles is a task, numbered 3."""
    match = _NUMERAL_TASK.match(line)
    if match is None:
        return None
    no = _numeral_value(match.group(1) or match.group(2))
    task = _Task(str(no), source, [match.group(3)])
    task.read()
    return task if no is not None and task.closed else None


def read_prose_lines(lines: Iterable[tuple[str, dict[str, Any]]], path: str, fmt: str) -> RawTable | None:
    """Read prose paragraphs (text and source, in order) into a raw table, or None when no task names a role."""
    title = ""
    items: list[RawHeading | RawSkip | _Task] = []
    notes: list[str] = []
    current: _Task | None = None
    started = False  # a heading or task has been met: later plain lines are no preamble
    for raw, source in lines:
        line = _SPACE.sub("", raw).strip("*")
        if not line:
            continue
        task = _TASK_LINE.match(line)
        if heading_level(line) is not None and not task:
            current, started = _numbered_task(line, source), True
            items.append(current or RawHeading(line, source))
            continue
        if task:
            current, started = _Task(task.group(1) or task.group(2), source, [task.group(3)]), True
            current.read()
            items.append(current)
            continue
        reason = _is_end_matter(line)
        if current is not None and not current.closed and reason is None:
            current.lines.append(line)
            current.read()
            continue
        current = None
        notes.append(line)
        if not started and not title and not is_attachment_label(line) and (_TITLE_WORDS.search(line) or not items):
            title = line
            continue
        if not started and is_attachment_label(line):
            continue
        items.append(RawSkip(reason or ("preamble, not a numbered task" if not started else "not a numbered task"),
                             source))
    tasks = [item for item in items if isinstance(item, _Task)]
    if not tasks:
        return None
    found = {id(t): t.found for t in tasks}
    if not any(r.names_roles for r in found.values()):
        return None
    present = [c for c in _COLUMNS if any(r.units.get(c) if c is not Column.DEADLINE else r.deadline
                                          for r in found.values())]
    with_note = any(r.note for r in found.values())
    header = [HEADER_SYNONYMS[Column.NO][0], HEADER_SYNONYMS[Column.TASK][0], *(HEADER_SYNONYMS[c][0] for c in present)]
    if with_note:
        header.append(_NOTE_LABEL)
    table = RawTable(path=path, format=fmt, title=title, header=header, notes=notes)
    for item in items:
        if not isinstance(item, _Task):
            table.items.append(item)
            table.rows_read += isinstance(item, RawSkip)
            continue
        r = found[id(item)]
        cells = [item.no, r.text]
        for column in present:
            cells.append(r.deadline if column is Column.DEADLINE else "、".join(r.units.get(column, [])))
        if with_note:
            cells.append(r.note)
        table.items.append(RawRow(cells, item.source))
        table.rows_read += 1
    return table


def looks_like_prose(text: str) -> bool:
    """A cheap sniff: some line starts like a numbered task and some parenthesis closes a line.

    >>> looks_like_prose("1. 推进改革。（区发改局牵头）"), looks_like_prose("\\t序号\\n\\t具体任务")
    (True, False)
    """
    return bool(re.search(rf"^\s*(?:[{_DIGITS}]+\s*[.．、]|[（(][{_DIGITS}]+[)）])", text, re.M)) and bool(
        re.search(r"[)）]\s*[。.；;]?\s*$", text, re.M)
    )


def parse_prose(text: str, path: str = "<text>") -> RawTable | None:
    """Parse a prose notice written as text, one paragraph (or part of one) per line.

    Examples
    --------
    >>> table = parse_prose("关于落实重点工作的分工方案\\n一、稳增长\\n1. 扩大投资。（区发改局牵头，区财政局配合）\\n区政府\\n")
    >>> table.title, table.header, table.items[1].cells, table.rows_read
    ('关于落实重点工作的分工方案', ['序号', '具体任务', '牵头单位', '责任单位'], ['1', '扩大投资。', '区发改局', '区财政局'], 2)
    """
    return read_prose_lines(((line, {"line": n}) for n, line in enumerate(text.splitlines(), start=1)), path, "prose")


def read_prose_docx(path: Path) -> RawTable | None:
    """Read a Word document whose tasks are paragraphs (outside any table), or None when it has none."""
    from lxml import etree

    from orggraph.ingest.docx import _DAMAGED, _W, _paragraph_text, open_body

    paragraphs: list[tuple[str, dict[str, Any]]] = []
    try:
        with zipfile.ZipFile(path) as archive:
            stream = open_body(path, archive)
            if stream is None:
                return None
            with stream:
                depth = 0
                for event, element in etree.iterparse(
                    stream, events=("start", "end"), tag=(_W + "tbl", _W + "p"), resolve_entities=False, no_network=True
                ):
                    if element.tag == _W + "tbl":
                        depth += 1 if event == "start" else -1
                    elif event == "end" and depth == 0:
                        paragraphs.append((_paragraph_text(element), {"paragraph": len(paragraphs) + 1}))
                        element.clear()
    except (zipfile.BadZipFile, zlib.error, EOFError, etree.LxmlError, ValueError, NotImplementedError) as exc:
        raise IngestError(path, f"{_DAMAGED} ({type(exc).__name__})") from exc
    lines = ((line, source) for text, source in paragraphs for line in text.split("\n"))
    return read_prose_lines(lines, str(path), "prose-docx")

"""Read a labelled list: a numbered task line, then ``牵头单位：…`` lines for its columns.

Such lists come from notices written as prose rather than tables::

    一、向新而进，以产业升级激活发展动能
    1. 实施传统产业升级工程。
    牵头单位：区工信局
    责任单位：区直有关单位、各街道办事处
    分管领导：吴超鹏

A task line is numbered ``1.``, ``1、``, ``1．`` or ``（1）``. A label line is a short label
and a full- or half-width colon; any header synonym is understood, any other label becomes
an extra column. Section headings (``一、…``, ``（一）…``) stand on their own lines. A line
that is none of these continues the value above it (a long task text, or a list of units
spread over lines). The header is built from the labels met, in first-seen order, after
序号 and the task column. Sources are ``{"line": N}`` of the task line.
"""

from __future__ import annotations

import re

from orggraph.ingest.grid import is_attachment_label
from orggraph.ingest.names import clean_text
from orggraph.ingest.vocabulary import HEADER_SYNONYMS, Column, is_section_heading, match_header, states_first_lead
from orggraph.ingest.table import RawHeading, RawRow, RawTable

__all__ = ["parse_labelled"]

_DIGITS = "0-9０-９"
_TASK_LINE = re.compile(rf"^\s*(?:([{_DIGITS}]+)\s*[.．、]|[（(]([{_DIGITS}]+)[)）])\s*(\S.*)$")
_LABEL_LINE = re.compile(r"^\s*([\u4e00-\u9fff][\u4e00-\u9fff ]{0,9}?)\s*[：:]\s*(.*)$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+•]\s+|#{1,6}\s+)")
_UNIT_COLUMNS = {Column.LEAD, Column.RESPONSIBLE, Column.LEADERS}


class _Task:
    """One task being read: its number, line and values by label."""

    def __init__(self, no: str, line: int, text: str) -> None:
        self.no = no
        self.line = line
        self.values: dict[str, list[str]] = {}
        self.last = ""  # the label whose value a continuation line extends ("" = the task text)
        self.text = [text] if text else []

    def add(self, label: str, value: str) -> None:
        self.values.setdefault(label, [])
        if value:
            self.values[label].append(value)
        self.last = label

    def continue_with(self, line: str) -> None:
        if self.last:
            self.values[self.last].append(line)
        else:
            self.text.append(line)


def _label(line: str) -> tuple[str, str] | None:
    """Split ``牵头单位：区发改局`` into label and value, if the line has that form."""
    match = _LABEL_LINE.match(line)
    if not match:
        return None
    return clean_text(match.group(1)), match.group(2).strip()


def parse_labelled(text: str, path: str = "<text>") -> RawTable | None:
    """Parse a labelled list into a raw table, or None when it holds no labelled task.

    A task counts only when followed by at least one lead-unit, responsible-unit or leader
    label, so numbered prose is not taken for a list.

    Examples
    --------
    >>> table = parse_labelled("任务清单\\n（一）创新\\n1、完成任务。\\n牵头部门: 区发改局\\n备注：无")
    >>> table.title, table.header, table.items[1].cells
    ('任务清单', ['序号', '具体任务', '牵头部门', '备注'], ['1', '完成任务。', '区发改局', '无'])
    """
    preamble: list[str] = []
    items: list[_Task | RawHeading] = []
    current: _Task | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _LIST_MARK.sub("", raw).strip().strip("*").strip()
        if not line:
            continue
        task = _TASK_LINE.match(line)
        if task and not is_section_heading(line):
            current = _Task(task.group(1) or task.group(2), number, task.group(3).strip())
            labelled = _label(current.text[0]) if current.text else None
            if labelled and match_header(labelled[0]) is Column.TASK:
                current.text = [labelled[1]] if labelled[1] else []
            items.append(current)
            continue
        if is_section_heading(line):
            current = None
            items.append(RawHeading(line, {"line": number}))
            continue
        labelled = _label(line)
        if current is not None and labelled:
            label, value = labelled
            if match_header(label) is Column.TASK:
                current.text.append(value)
                current.last = ""
            else:
                current.add(label, value)
        elif current is not None:
            current.continue_with(line)
        elif not any(isinstance(i, _Task) for i in items):
            preamble.append(line)
    tasks = [i for i in items if isinstance(i, _Task)]
    if not any(match_header(label) in _UNIT_COLUMNS for t in tasks for label in t.values):
        return None
    labels = list(dict.fromkeys(label for t in tasks for label in t.values))
    task_label = HEADER_SYNONYMS[Column.TASK][0]
    header = [HEADER_SYNONYMS[Column.NO][0], task_label, *labels]
    notes = [line for line in preamble if not is_attachment_label(line)]
    titles = [line for line in notes if not states_first_lead(line)]
    table = RawTable(path=path, format="labelled", title=titles[-1] if titles else "", header=header, notes=notes)
    for item in items:
        if isinstance(item, RawHeading):
            table.items.append(item)
            continue
        cells = [item.no, "\n".join(item.text), *("\n".join(item.values.get(label, [])) for label in labels)]
        table.items.append(RawRow(cells, {"line": item.line}))
        table.rows_read += 1
    return table

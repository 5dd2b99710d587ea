"""Turn a :class:`RawTable` from any reader into task records and warnings.

Column recognition, numbering, sections, name repairs and lead marks all happen here, once,
so a .txt, .docx, .xlsx, .csv, Markdown or labelled-list version of one table gives the
same records.
"""

from __future__ import annotations

import re
from enum import StrEnum

from orggraph.ingest.names import LEAD_MARK, clean_text, is_complete_unit, split_leaders, split_units, unit_lines
from orggraph.ingest.records import DocumentInfo, IngestResult, IngestWarning, TaskRecord
from orggraph.ingest.table import RawHeading, RawRow, RawSkip, RawTable

__all__ = [
    "Column",
    "HEADER_SYNONYMS",
    "match_header",
    "is_header_row",
    "is_section_heading",
    "section_title",
    "format_source",
    "normalize",
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


HEADER_SYNONYMS: dict[Column, tuple[str, ...]] = {
    Column.NO: ("序号", "编号", "序"),
    Column.TASK: ("具体任务", "工作任务", "重点任务", "目标任务", "重点工作目标任务", "任务", "任务内容", "工作内容"),
    Column.LEAD: ("牵头单位", "牵头部门", "牵头责任单位"),
    Column.RESPONSIBLE: ("责任单位", "配合单位", "配合部门", "主要配合部门", "协同责任单位", "责任部门"),
    Column.LEADERS: ("分管领导", "责任领导", "牵头领导", "分管区领导", "牵头负责领导"),
    Column.SECTION: ("板块", "项目", "类别"),
    Column.DEADLINE: ("完成时限", "完成时间", "时间节点"),
}
_HEADER_LOOKUP = {name: column for column, names in HEADER_SYNONYMS.items() for name in names}

_HEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十百]+[)）]|[一二三四五六七八九十百]+[、.．]|第[一二三四五六七八九十百]+(?:部分|章|节|篇))\s*"
)
_MARKDOWN_BOLD = re.compile(r"^\*\*(.*)\*\*$")
_LIST_COLUMNS = (Column.LEAD, Column.RESPONSIBLE, Column.LEADERS)
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMBER = re.compile(r"^\s*(\d+)\s*(?:[.．、]\s*)?$")
_MAX_NO_DIGITS = 9  # a row number longer than this is a typo or junk, and must stay within int64


def match_header(cell: str) -> Column | None:
    """Return the column a header cell names, or None.

    >>> match_header("牵头 单位"), match_header("备注")
    (<Column.LEAD: 'lead'>, None)
    """
    return _HEADER_LOOKUP.get(clean_text(cell).strip("*：:"))


def is_header_row(cells: list[str]) -> bool:
    """Tell whether a row is the header: it names the task column and at least one other."""
    columns = {match_header(c) for c in cells} - {None}
    return Column.TASK in columns and len(columns) >= 2


def _strip_bold(text: str) -> str:
    stripped = text.strip()
    match = _MARKDOWN_BOLD.match(stripped)
    return match.group(1).strip() if match else stripped


def is_section_heading(text: str) -> bool:
    """Tell whether a line is a section heading such as ``（一）…`` or ``二、…``.

    >>> is_section_heading("（一）向新而进，以产业升级激活发展动能。"), is_section_heading("13")
    (True, False)
    """
    return bool(_HEADING.match(_strip_bold(text)))


def section_title(heading: str) -> str:
    """Return a heading's title without its numbering, bold marks or closing 。.

    >>> section_title("**二、向精而行，以城市提质勾勒宜居画卷。**")
    '向精而行，以城市提质勾勒宜居画卷'
    """
    text = _HEADING.sub("", _strip_bold(heading)).strip()
    return text.rstrip("。.").strip()


def format_source(source: dict) -> str:
    """Render a source locator for people and edge properties: ``line 12``, ``sheet 表1 row 4``.

    >>> format_source({"line": 12}), format_source({"sheet": "表1", "row": 4})
    ('line 12', 'sheet 表1 row 4')
    """
    parts = [f"{key} {value}" for key, value in source.items()]
    return " ".join(parts)


def _parse_no(cell: str) -> int | None:
    match = _NUMBER.match(cell.translate(_DIGITS))
    return int(match.group(1)) if match and len(match.group(1)) <= _MAX_NO_DIGITS else None


def _vocabulary(table: RawTable, unit_columns: list[int], extra: frozenset[str]) -> frozenset[str]:
    """Unit names that stand alone on a line somewhere in the table: known to be whole."""
    seen = set(extra)
    for item in table.items:
        if isinstance(item, RawRow):
            for index in unit_columns:
                for line in unit_lines(item.cells[index]):
                    name = clean_text(line).strip(LEAD_MARK)
                    if is_complete_unit(name) and not name.startswith(("（", "(")) and not re.search(r"[、，,；;/]", name):
                        seen.add(name)
    return frozenset(seen)


def normalize(
    table: RawTable,
    *,
    doc_id: str,
    jurisdiction: str,
    known_units: frozenset[str] = frozenset(),
) -> IngestResult:
    """Turn a raw table into task records, warning about every repair that guessed.

    Parameters
    ----------
    table : RawTable
        What a reader produced.
    doc_id : str
        The document id every record and warning refers to.
    jurisdiction : str
        The government the document belongs to (part of unit and leader identity).
    known_units : frozenset of str
        Unit names known to be whole (from a registry); they guide splitting glued names.
    """
    columns = [match_header(cell) for cell in table.header]
    labels = [clean_text(cell) for cell in table.header]
    index_of = {column: columns.index(column) for column in Column if column in columns}
    # Two columns of one list-valued meaning (a 配合单位 beside a 责任单位) are read as one; a second
    # column of a single-valued meaning (two 序号) is kept as an extra property.
    read_columns = {
        column: [i for i, c in enumerate(columns) if c is column] if column in _LIST_COLUMNS else [index_of[column]]
        for column in index_of
    }
    used = {i for indices in read_columns.values() for i in indices}
    unit_columns = [i for i, c in enumerate(columns) if c in (Column.LEAD, Column.RESPONSIBLE)]
    vocabulary = _vocabulary(table, unit_columns, known_units)

    result = IngestResult()
    result.documents.append(
        DocumentInfo(
            id=doc_id,
            path=table.path,
            format=table.format,
            title=table.title,
            rows_read=table.rows_read,
            jurisdiction=jurisdiction,
        )
    )

    def warn(no: int | None, column: str | None, message: str, skipped: int = 0) -> None:
        result.warnings.append(IngestWarning(document=doc_id, no=no, column=column, message=message, rows_skipped=skipped))

    for source, message in table.notes:
        warn(None, None, f"{format_source(source)}: {message}" if source else message)

    section_key: object = None  # identifies the current section (heading position or column value)
    current_title = ""
    indices: dict[object, int] = {}
    last_no = 0
    used_numbers: set[int] = set()
    for item in table.items:
        if isinstance(item, RawHeading):
            section_key = ("heading", format_source(item.source))
            current_title = section_title(item.title)
            continue
        if isinstance(item, RawSkip):
            warn(None, None, f"{format_source(item.source)}: row skipped: {item.reason}", item.rows)
            continue
        cells = item.cells
        where = format_source(item.source)

        def cell(column: Column, cells: list[str] = cells) -> str:
            return "\n".join(cells[i] for i in read_columns.get(column, ())).strip()

        text = " ".join(unit_lines(cell(Column.TASK)))
        if not text:
            if any(c.strip() for c in cells):
                warn(None, labels[index_of[Column.TASK]], f"{where}: task text is empty; row skipped", 1)
            else:
                warn(None, None, f"{where}: empty row skipped", 1)
            continue

        no = _parse_no(cell(Column.NO)) if Column.NO in index_of else None
        if no is None:
            no = last_no + 1
            written = cell(Column.NO)
            shown = written if len(written) <= 40 else written[:37] + "…"
            problem = f"row number {shown!r} is not a number" if written else "row number missing"
            warn(no, labels[index_of[Column.NO]] if Column.NO in index_of else None,
                 f"{where}: {problem}; numbered {no} by sequence")
        last_no = no
        if no in used_numbers:
            warn(no, labels[index_of[Column.NO]] if Column.NO in index_of else None,
                 f"{where}: row number {no} repeats an earlier row; both rows are kept")
        used_numbers.add(no)
        for column, message in item.notes:
            warn(no, column, f"{where}: {message}")

        if Column.SECTION in index_of and cell(Column.SECTION):
            current_title = section_title(cell(Column.SECTION))
            section_key = ("column", current_title)
        section_index = indices.setdefault(section_key, len(indices))

        lead: list[str] = []
        responsible: list[str] = []
        for column, bucket in ((Column.LEAD, lead), (Column.RESPONSIBLE, responsible)):
            for name in split_units(cell(column), vocabulary):
                starred = name.startswith(LEAD_MARK)
                target = lead if starred else bucket
                name = name.strip(LEAD_MARK)
                if name not in target:
                    target.append(name)
        for name in [n for n in responsible if n in lead]:
            responsible.remove(name)
            warn(no, labels[index_of[Column.RESPONSIBLE]], f"{where}: {name} is also a lead unit; kept as lead")
        leaders = []
        for name in split_leaders(cell(Column.LEADERS)):
            if name not in leaders:
                leaders.append(name)

        for column, values in ((Column.LEAD, lead), (Column.RESPONSIBLE, responsible), (Column.LEADERS, leaders)):
            if column in index_of and not values and not (column is Column.LEAD and lead):
                warn(no, labels[index_of[column]], f"{where}: {labels[index_of[column]]} is empty")

        extra = {
            labels[i]: "\n".join(unit_lines(value))
            for i, value in enumerate(cells)
            if i not in used and labels[i] and value.strip()
        }
        deadline = " ".join(unit_lines(cell(Column.DEADLINE))) or None
        result.tasks.append(
            TaskRecord(
                document=doc_id,
                no=no,
                section_index=section_index,
                section=current_title,
                text=text,
                lead_units=lead,
                responsible_units=responsible,
                leaders=leaders,
                deadline=deadline,
                source=dict(item.source),
                extra=extra,
            )
        )
    return result

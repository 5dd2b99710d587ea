"""Turn a :class:`RawTable` from any reader into task records and warnings.

Column recognition, numbering, sections, name repairs and lead rules all happen here, once,
so a .txt, .docx, .xlsx, .csv, Markdown, labelled-list or prose version of one table gives
the same records.
"""

from __future__ import annotations

import re
from enum import StrEnum

from orggraph.ingest.names import LEAD_MARK, clean_text, is_complete_unit, split_leaders, split_units, unit_lines
from orggraph.ingest.records import DocumentInfo, IngestResult, IngestWarning, TaskRecord
from orggraph.ingest.table import RawHeading, RawRow, RawSkip, RawTable
from orggraph.ingest.vocabulary import (
    HEADER_SYNONYMS,
    Column,
    header_states_first_lead,
    heading_level,
    interpret_header,
    is_header_row,
    is_section_heading,
    match_header,
    section_title,
    states_first_lead,
)

__all__ = [
    "Column",
    "HEADER_SYNONYMS",
    "LeadRule",
    "match_header",
    "is_header_row",
    "is_section_heading",
    "section_title",
    "format_source",
    "normalize",
]


class LeadRule(StrEnum):
    """Which rule gave a document's lead units (recorded as ``lead_rule`` of each document)."""

    AS_WRITTEN = "as-written"  # a lead column, ★ marks or role words, as the document writes them
    FIRST_LISTED_STATED = "first-listed-stated"  # the document says the first-listed unit leads
    FIRST_LISTED_FORCED = "first-listed-forced"  # --first-lead
    FIRST_LISTED_FORBIDDEN = "first-listed-forbidden"  # the document says so, --no-first-lead refused it


_LIST_COLUMNS = (Column.LEAD, Column.RESPONSIBLE, Column.LEADERS)
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMBER = re.compile(r"^\s*(\d+)\s*(?:[.．、]\s*)?$")
_MAX_NO_DIGITS = 9  # a row number longer than this is a typo or junk, and must stay within int64
_COLUMN_WORDS = {
    Column.NO: "row number", Column.TASK: "task text", Column.LEAD: "lead units",
    Column.RESPONSIBLE: "responsible units", Column.LEADERS: "leaders", Column.SECTION: "section",
    Column.DEADLINE: "deadline", Column.PROGRESS: "progress",
}


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


def _lead_rule(table: RawTable, columns: list[Column | None], unit_columns: list[int], first_lead: bool | None) -> LeadRule:
    """Decide whether the first unit of each cell leads: only for one unit column without ★ marks."""
    stated = any(states_first_lead(t) for t in (table.title, *table.notes)) or any(
        header_states_first_lead(table.header[i]) for i in unit_columns
    )
    marked = any(
        LEAD_MARK in item.cells[i] for item in table.items if isinstance(item, RawRow) for i in unit_columns
    )
    applicable = Column.LEAD not in columns and len(unit_columns) == 1 and not marked
    if first_lead is False:
        return LeadRule.FIRST_LISTED_FORBIDDEN if stated and applicable else LeadRule.AS_WRITTEN
    if not applicable:
        return LeadRule.AS_WRITTEN
    if first_lead:
        return LeadRule.FIRST_LISTED_FORCED
    return LeadRule.FIRST_LISTED_STATED if stated else LeadRule.AS_WRITTEN


def _two_levels(table: RawTable) -> bool:
    """Whether headings come in two levels: a （一） under a 一、, so the second level makes subsections.

    A （二） after a 一、 is a sibling written in another style, not a subsection.
    """
    under_level_1 = False
    for item in table.items:
        if isinstance(item, RawHeading):
            level = heading_level(item.title)
            if level == 1:
                under_level_1 = True
            elif level == 2 and under_level_1 and re.match(r"^\**[（(]一[)）]", item.title.strip()):
                return True
    return False


def normalize(
    table: RawTable,
    *,
    doc_id: str,
    jurisdiction: str,
    known_units: frozenset[str] = frozenset(),
    first_lead: bool | None = None,
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
    first_lead : bool, optional
        With one unit column and no ★ marks: True makes the first unit of each cell the lead,
        False never does; None (default) does so when the document states that rule.
    """
    meanings = [interpret_header(cell) for cell in table.header]
    columns = [meaning.column for meaning in meanings]
    labels = [clean_text(cell) for cell in table.header]
    index_of = {column: columns.index(column) for column in Column if column in columns}
    # Two columns of one list-valued meaning (a 配合单位 beside a 责任单位) are read as one; a second
    # column of a single-valued meaning (two 序号) is kept as an extra property. A progress column
    # is kept as an extra property under its own header.
    read_columns = {
        column: [i for i, c in enumerate(columns) if c is column] if column in _LIST_COLUMNS else [index_of[column]]
        for column in index_of
        if column is not Column.PROGRESS
    }
    used = {i for indices in read_columns.values() for i in indices}
    unit_columns = [i for i, c in enumerate(columns) if c in (Column.LEAD, Column.RESPONSIBLE)]
    vocabulary = _vocabulary(table, unit_columns, known_units)
    lead_rule = _lead_rule(table, columns, unit_columns, first_lead)
    first_listed = lead_rule in (LeadRule.FIRST_LISTED_STATED, LeadRule.FIRST_LISTED_FORCED)
    two_levels = _two_levels(table)

    document = DocumentInfo(
        id=doc_id,
        path=table.path,
        format=table.format,
        title=table.title,
        rows_read=table.rows_read,
        jurisdiction=jurisdiction,
        lead_rule=lead_rule.value,
    )
    result = IngestResult()
    result.documents.append(document)

    def warn(slug: str, no: int | None, column: str | None, message: str, location: dict | None = None,
             skipped: int = 0) -> None:
        result.warnings.append(
            IngestWarning(document=doc_id, no=no, column=column, message=message, slug=slug,
                          location=dict(location or {}), rows_skipped=skipped)
        )

    for label, meaning in zip(labels, meanings):
        if meaning.is_ambiguous:
            others = ", ".join(_COLUMN_WORDS[c] for c in meaning.alternatives)
            warn("header-ambiguous", None, label,
                 f"header {label!r} read as {_COLUMN_WORDS[meaning.column]} (it could also mean {others})")
    for source, message in table.problems:
        warn("file-damaged", None, None, f"{format_source(source)}: {message}" if source else message, source)

    section_key: object = None  # identifies the current section (heading position or column value)
    current_title = ""
    subsection = ""
    indices: dict[object, int] = {}
    last_no = 0
    used_numbers: set[int] = set()
    section_started = False  # no task read yet in the current section
    per_section = False
    for item in table.items:
        if isinstance(item, RawHeading):
            if two_levels and heading_level(item.title) == 2:
                subsection = section_title(item.title)
                section_started = True
                continue
            section_key = ("heading", format_source(item.source))
            current_title = section_title(item.title)
            subsection = ""
            section_started = True
            continue
        if isinstance(item, RawSkip):
            warn("row-skipped", None, None, f"{format_source(item.source)}: row skipped: {item.reason}", item.source,
                 skipped=item.rows)
            continue
        cells = item.cells
        where = format_source(item.source)

        def cell(column: Column, cells: list[str] = cells) -> str:
            return "\n".join(cells[i] for i in read_columns.get(column, ())).strip()

        text = " ".join(unit_lines(cell(Column.TASK)))
        if not text:
            if any(c.strip() for c in cells):
                warn("task-empty", None, labels[index_of[Column.TASK]], f"{where}: task text is empty; row skipped",
                     item.source, skipped=1)
            else:
                warn("row-empty", None, None, f"{where}: empty row skipped", item.source, skipped=1)
            continue

        no_label = labels[index_of[Column.NO]] if Column.NO in index_of else None
        no = _parse_no(cell(Column.NO)) if Column.NO in index_of else None
        if no is None:
            no = last_no + 1
            written = cell(Column.NO)
            shown = written if len(written) <= 40 else written[:37] + "…"
            problem = f"row number {shown!r} is not a number" if written else "row number missing"
            warn("number-missing", no, no_label, f"{where}: {problem}; numbered {no} by sequence", item.source)
        if section_started and no == 1 and last_no >= 1:
            per_section = True  # numbering restarts with the section
        if per_section and section_started:
            used_numbers = set()
        section_started = False
        last_no = no
        if no in used_numbers:
            warn("number-repeated", no, no_label, f"{where}: row number {no} repeats an earlier row; both rows are kept",
                 item.source)
        used_numbers.add(no)
        for column, message in item.notes:
            warn("cell-alignment", no, column, f"{where}: {message}", item.source)

        if Column.SECTION in index_of and cell(Column.SECTION):
            current_title = section_title(cell(Column.SECTION))
            section_key = ("column", current_title)
        section_index = indices.setdefault(section_key, len(indices))

        lead: list[str] = []
        responsible: list[str] = []
        for column, bucket in ((Column.LEAD, lead), (Column.RESPONSIBLE, responsible)):
            for name in split_units(cell(column), vocabulary):
                starred = name.startswith(LEAD_MARK)
                target = lead if starred or (first_listed and not lead) else bucket
                name = name.strip(LEAD_MARK)
                if name not in target:
                    target.append(name)
        for name in [n for n in responsible if n in lead]:
            responsible.remove(name)
            warn("lead-also-responsible", no, labels[index_of[Column.RESPONSIBLE]],
                 f"{where}: {name} is also a lead unit; kept as lead", item.source)
        leaders = []
        for name in split_leaders(cell(Column.LEADERS)):
            if name not in leaders:
                leaders.append(name)

        for column, values in ((Column.LEAD, lead), (Column.RESPONSIBLE, responsible), (Column.LEADERS, leaders)):
            if column in index_of and not values and not (column is Column.LEAD and lead):
                warn("column-empty", no, labels[index_of[column]], f"{where}: {labels[index_of[column]]} is empty",
                     item.source)

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
                subsection=subsection,
                seq=len(result.tasks) + 1,
            )
        )
    document.numbering = "per-section" if per_section else "continuous"
    return result

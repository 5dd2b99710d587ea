"""Turn a :class:`RawTable` from any reader into task records and warnings.

Column recognition, numbering, sections, name repairs and lead rules all happen here, once,
so a .txt, .docx, .xlsx, .csv, Markdown, labelled-list or prose version of one table gives
the same records.
"""

from __future__ import annotations

import re
from enum import StrEnum

from orggraph.ingest.names import LEAD_MARK, NameSplitter, clean_text, is_complete_unit, unit_lines
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
_LIST_SEPARATOR = re.compile(r"[、，,；;/]")
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
    if cell.isdecimal():  # the usual number: digits only (what \d matches, full-width ones included)
        return int(cell) if len(cell) <= _MAX_NO_DIGITS else None
    match = _NUMBER.match(cell.translate(_DIGITS))
    return int(match.group(1)) if match and len(match.group(1)) <= _MAX_NO_DIGITS else None


def _cell_text(cells: list[str], indices: list[int]) -> str:
    """A row's text under one meaning: the cells of its columns, joined line by line."""
    if len(indices) == 1:
        return cells[indices[0]].strip()
    return "\n".join([cells[i] for i in indices]).strip()


def _vocabulary(table: RawTable, unit_columns: list[int], extra: frozenset[str]) -> frozenset[str]:
    """Unit names that stand alone on a line somewhere in the table: known to be whole.

    Each distinct cell and line is looked at once, as a table repeats its unit cells.
    """
    cells = {item.cells[i] for item in table.items if isinstance(item, RawRow) for i in unit_columns}
    lines = {line.strip() for line in "\n".join(cells).splitlines()}  # the cells' lines, in one pass
    seen = set(extra)
    for line in lines:
        if not line or _LIST_SEPARATOR.search(line):  # several names: none known whole from this line
            continue
        name = clean_text(line).strip(LEAD_MARK)
        if is_complete_unit(name) and not name.startswith(("（", "(")):
            seen.add(name)
    return frozenset(seen)


def _has_lead_marks(table: RawTable, unit_columns: list[int]) -> bool:
    """Whether any unit cell marks a lead unit with ★."""
    return any(LEAD_MARK in item.cells[i] for item in table.items if isinstance(item, RawRow) for i in unit_columns)


def _lead_rule(
    table: RawTable, columns: list[Column | None], unit_columns: list[int], marked: bool, first_lead: bool | None
) -> LeadRule:
    """Decide whether the first unit of each cell leads: only for one unit column without ★ marks."""
    stated = any(states_first_lead(t) for t in (table.title, *table.notes)) or any(
        header_states_first_lead(table.header[i]) for i in unit_columns
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
    splitter = NameSplitter(_vocabulary(table, unit_columns, known_units))
    marked = _has_lead_marks(table, unit_columns)
    lead_rule = _lead_rule(table, columns, unit_columns, marked, first_lead)
    first_listed = lead_rule in (LeadRule.FIRST_LISTED_STATED, LeadRule.FIRST_LISTED_FORCED)
    as_listed = not marked and not first_listed  # every unit is in the column it is listed in
    two_levels = _two_levels(table)
    no_label = labels[index_of[Column.NO]] if Column.NO in index_of else None
    task_at, no_at, section_at, lead_at, responsible_at, leaders_at, deadline_at = (
        read_columns.get(column, ())
        for column in (Column.TASK, Column.NO, Column.SECTION, Column.LEAD, Column.RESPONSIBLE, Column.LEADERS,
                       Column.DEADLINE)
    )
    # The list columns present, which a task must not leave empty: (position in found below, label).
    required = [
        (position, labels[index_of[column]])
        for position, column in enumerate((Column.LEAD, Column.RESPONSIBLE, Column.LEADERS))
        if column in index_of
    ]
    extra_columns = [i for i, label in enumerate(labels) if i not in used and label]

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

    def warn_at(source: dict, slug: str, no: int | None, column: str | None, problem: str, skipped: int = 0) -> None:
        """Warn about one row, the message led by where the row is."""
        warn(slug, no, column, f"{format_source(source)}: {problem}", source, skipped)

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
            warn_at(item.source, "row-skipped", None, None, f"row skipped: {item.reason}", skipped=item.rows)
            continue
        cells = item.cells

        text = " ".join(unit_lines(_cell_text(cells, task_at)))
        if not text:
            if any(c.strip() for c in cells):
                warn_at(item.source, "task-empty", None, labels[index_of[Column.TASK]], "task text is empty; row skipped",
                        skipped=1)
            else:
                warn_at(item.source, "row-empty", None, None, "empty row skipped", skipped=1)
            continue

        no = _parse_no(_cell_text(cells, no_at)) if no_label is not None else None
        if no is None:
            no = last_no + 1
            written = _cell_text(cells, no_at)
            shown = written if len(written) <= 40 else written[:37] + "…"
            problem = f"row number {shown!r} is not a number" if written else "row number missing"
            warn_at(item.source, "number-missing", no, no_label, f"{problem}; numbered {no} by sequence")
        if section_started and no == 1 and last_no >= 1:
            per_section = True  # numbering restarts with the section
        if per_section and section_started:
            used_numbers = set()
        section_started = False
        last_no = no
        if no in used_numbers:
            warn_at(item.source, "number-repeated", no, no_label, f"row number {no} repeats an earlier row; both rows are kept")
        used_numbers.add(no)
        for column, message in item.notes:
            warn_at(item.source, "cell-alignment", no, column, message)

        if section_at and _cell_text(cells, section_at):
            current_title = section_title(_cell_text(cells, section_at))
            section_key = ("column", current_title)
        section_index = indices.setdefault(section_key, len(indices))

        lead_names = splitter.units(_cell_text(cells, lead_at))
        responsible_names = splitter.units(_cell_text(cells, responsible_at))
        if as_listed:
            lead = list(dict.fromkeys(lead_names))
            responsible = list(dict.fromkeys(responsible_names))
        else:
            lead, responsible = [], []
            for names, bucket in ((lead_names, lead), (responsible_names, responsible)):
                for name in names:
                    starred = name.startswith(LEAD_MARK)
                    target = lead if starred or (first_listed and not lead) else bucket
                    name = name.strip(LEAD_MARK)
                    if name not in target:
                        target.append(name)
        for name in [n for n in responsible if n in lead]:
            responsible.remove(name)
            warn_at(item.source, "lead-also-responsible", no, labels[index_of[Column.RESPONSIBLE]],
                    f"{name} is also a lead unit; kept as lead")
        leaders = list(dict.fromkeys(splitter.leaders(_cell_text(cells, leaders_at))))

        found = (lead, responsible, leaders)
        for position, label in required:
            if not found[position]:
                warn_at(item.source, "column-empty", no, label, f"{label} is empty")

        extra = {
            labels[i]: "\n".join(unit_lines(cells[i]))
            for i in extra_columns
            if i < len(cells) and cells[i].strip()
        }
        deadline = (" ".join(unit_lines(_cell_text(cells, deadline_at))) or None) if deadline_at else None
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

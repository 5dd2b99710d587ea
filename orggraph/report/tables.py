"""The report's tables for people: one specification drives the Markdown, HTML, workbook and CSV writers.

Each :class:`TableSpec` names its columns and their :class:`ColumnType`; labels, sheet names,
titles and notes come from the language catalogues (``report.col.<column>``,
``report.table.<table>``, ``report.sheet.<table>``, ``report.note.<table>``). A column key
means one thing in every table (``tasks`` is always a count, ``shared_tasks`` always a list of
tasks). :func:`people_tables` turns the report's frames into :class:`PeopleTable` objects whose
values are ready to write, one list per column; internal ids never reach them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from orggraph.i18n import translator
from orggraph.report.build import Report

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ColumnType",
    "Column",
    "TableSpec",
    "PeopleTable",
    "TABLES",
    "MATRICES",
    "XLSX_MAX_ROWS",
    "XLSX_MAX_LEADERS",
    "CELL_LIMIT",
    "DOCUMENT_TABLES",
    "people_tables",
    "iter_people_tables",
    "head",
    "task_ref",
    "cluster_frame",
]

# A sheet holds at most this many rows of its table (most important first); the CSV has them all.
XLSX_MAX_ROWS = 2000
# Leader×leader sheets keep the busiest this many leaders (the CSV has the whole matrix).
XLSX_MAX_LEADERS = 100
# Longest cell shown in the HTML and Markdown tables (the CSV and the workbook keep it all).
CELL_LIMIT = 200
# Tables in the order the documents present them (the matrices are in the workbook and CSVs only).
DOCUMENT_TABLES = (
    "gaps", "units", "collectives", "coordination_pairs", "cross_leader_pairs", "leader_pairs",
    "multi_leader_tasks", "multi_leader_units", "clusters", "brokers",
)


class ColumnType(StrEnum):
    """How a column's values are written and shown."""

    NAME = "name"  # a unit, leader or section name: one line
    TEXT = "text"  # long text: wrapped
    KIND = "kind"  # a unit kind, shown by its catalogue name (kind.<value>)
    GAP = "gap"  # an accountability gap, shown by its catalogue name (report.gap.<value>)
    INT = "int"
    DECIMAL = "decimal"
    FLAG = "flag"  # yes or blank
    LIST = "list"  # names, joined
    TASK = "task"  # one task: number and short title
    TASKS = "tasks"  # several tasks: number and short title each

    @property
    def is_number(self) -> bool:
        return self in (ColumnType.INT, ColumnType.DECIMAL)


@dataclass(frozen=True)
class Column:
    """One column: its key in the frame (and in ``report.col.<key>``), its type, and whether summaries show it."""

    key: str
    type: ColumnType
    shown: bool = True


@dataclass(frozen=True)
class TableSpec:
    """One table: where its frame comes from, its columns, and the flag column that highlights a row."""

    key: str
    frame: Callable[[Report], pd.DataFrame]
    columns: tuple[Column, ...]
    flag: str | None = None


@dataclass(frozen=True)
class PeopleTable:
    """A table ready to write: labels, types and one list of values per column (str, int, float or None)."""

    key: str
    title: str
    sheet: str
    note: str
    labels: tuple[str, ...]
    types: tuple[ColumnType, ...]
    shown: tuple[bool, ...]
    columns: tuple[list[Any], ...]
    flags: list[bool] | None
    rows: int
    row_cap: int


C = ColumnType


def _units(report: Report) -> pd.DataFrame:
    out = report.units.copy()
    out["jurisdiction"] = [report.unit_info[u].jurisdiction if u in report.unit_info else "" for u in out["unit"]]
    return out


def _pairs(frame: pd.DataFrame) -> Callable[[Report], pd.DataFrame]:
    return lambda report: getattr(report, frame).rename(columns={"count": "shared_count"})


def _leader_pairs(report: Report) -> pd.DataFrame:
    return report.leader_pairs.rename(
        columns={"a": "leader_a", "b": "leader_b", "shared_tasks": "co_supervised", "tasks": "shared_tasks"}
    )


def _multi_leader_tasks(report: Report) -> pd.DataFrame:
    return report.multi_leader_tasks.rename(columns={"leaders": "leader_count"})


def _gaps(report: Report) -> pd.DataFrame:
    import pandas as pd

    rows = [
        {
            "gap": gap.kind, "task": gap.task, "text": report.tasks[gap.task].text,
            "lead_units": list(report.tasks[gap.task].lead_units),
            "responsible_units": list(report.tasks[gap.task].responsible_units),
            "leader_names": list(report.tasks[gap.task].leaders),
        }
        for gap in report.gaps
    ]
    return pd.DataFrame(rows, columns=["gap", "task", "text", "lead_units", "responsible_units", "leader_names"])


def cluster_frame(report: Report) -> pd.DataFrame:
    """Return one row per cluster: size, units (most burdened first), binding tasks, sections, leaders."""
    import pandas as pd

    burden_rank = {u: i for i, u in enumerate(report.units["unit"])}
    names = report.unit_names
    rows = []
    for c in report.clusters:
        ranked = sorted(c.units, key=lambda u: (burden_rank.get(u, len(burden_rank)), u))
        rows.append(
            {
                "cluster": c.id, "unit_count": len(c.units), "binding_tasks": len(c.tasks),
                "unit_names": [names.get(u, u) for u in ranked], "shared_tasks": list(c.tasks),
                "sections": [f"{name or '—'}（{n}）" for name, n in c.sections],
                "leader_names": [f"{name}（{n}）" for name, n in c.leaders],
            }
        )
    columns = ["cluster", "unit_count", "binding_tasks", "unit_names", "shared_tasks", "sections", "leader_names"]
    return pd.DataFrame(rows, columns=columns)


TABLES: tuple[TableSpec, ...] = (
    TableSpec("gaps", _gaps, (
        Column("gap", C.GAP), Column("task", C.TASK), Column("text", C.TEXT, shown=False),
        Column("lead_units", C.LIST), Column("responsible_units", C.LIST, shown=False), Column("leader_names", C.LIST),
    )),
    TableSpec("units", _units, (
        Column("name", C.NAME), Column("kind", C.KIND), Column("jurisdiction", C.NAME, shown=False),
        Column("lead", C.INT), Column("responsible", C.INT), Column("tasks", C.INT, shown=False),
        Column("shared_load", C.DECIMAL, shown=False), Column("partners", C.INT), Column("leaders", C.INT),
        Column("sections", C.INT), Column("burden", C.DECIMAL),
        Column("from_lead", C.DECIMAL, shown=False), Column("from_responsible", C.DECIMAL, shown=False),
        Column("from_shared_load", C.DECIMAL, shown=False), Column("from_partners", C.DECIMAL, shown=False),
        Column("from_leaders", C.DECIMAL, shown=False), Column("from_sections", C.DECIMAL, shown=False),
        Column("overloaded", C.FLAG), Column("cluster", C.INT, shown=False), Column("principal_leader", C.NAME),
    ), flag="overloaded"),
    TableSpec("collectives", lambda r: r.collectives, (
        Column("name", C.NAME), Column("lead", C.INT), Column("responsible", C.INT), Column("tasks", C.INT),
        Column("sections", C.INT), Column("leaders", C.INT), Column("members", C.INT),
        Column("member_names", C.TEXT, shown=False),
    )),
    TableSpec("coordination_pairs", _pairs("pairs"), (
        Column("name_a", C.NAME), Column("name_b", C.NAME), Column("shared_count", C.INT), Column("weight", C.DECIMAL),
        Column("lead_lead", C.INT, shown=False), Column("lead_responsible", C.INT, shown=False),
        Column("responsible_responsible", C.INT, shown=False), Column("shared_tasks", C.TASKS),
    )),
    TableSpec("cross_leader_pairs", _pairs("cross_leader_pairs"), (
        Column("name_a", C.NAME), Column("leader_a", C.NAME), Column("name_b", C.NAME), Column("leader_b", C.NAME),
        Column("shared_count", C.INT), Column("weight", C.DECIMAL), Column("lead_lead", C.INT, shown=False),
        Column("lead_responsible", C.INT, shown=False), Column("responsible_responsible", C.INT, shown=False),
        Column("shared_tasks", C.TASKS),
    )),
    TableSpec("leader_pairs", _leader_pairs, (
        Column("leader_a", C.NAME), Column("leader_b", C.NAME), Column("co_supervised", C.INT),
        Column("shared_units", C.INT), Column("shared_tasks", C.TASKS),
    )),
    TableSpec("multi_leader_tasks", _multi_leader_tasks, (
        Column("task", C.TASK), Column("section", C.NAME, shown=False), Column("text", C.TEXT, shown=False),
        Column("leader_count", C.INT, shown=False), Column("leader_names", C.LIST), Column("lead_units", C.LIST),
        Column("responsible_units", C.LIST, shown=False),
    )),
    TableSpec("multi_leader_units", lambda r: r.multi_leader_units, (
        Column("name", C.NAME), Column("kind", C.KIND), Column("tasks", C.INT), Column("leaders", C.INT),
        Column("leader_tasks", C.LIST),
    )),
    TableSpec("clusters", cluster_frame, (
        Column("cluster", C.INT), Column("unit_count", C.INT), Column("binding_tasks", C.INT),
        Column("unit_names", C.LIST), Column("shared_tasks", C.TASKS, shown=False), Column("sections", C.LIST),
        Column("leader_names", C.LIST),
    )),
    TableSpec("brokers", lambda r: r.brokers, (
        Column("name", C.NAME), Column("kind", C.KIND), Column("partners", C.INT),
        Column("betweenness", C.DECIMAL), Column("articulation", C.FLAG),
    )),
)
# Leader×leader matrices: the first column names the leader, the others are one leader each.
MATRICES: tuple[tuple[str, str], ...] = (
    ("leader_tasks_matrix", "leader_tasks_matrix"),
    ("leader_units_matrix", "leader_units_matrix"),
)


def task_ref(report: Report, task: str) -> str:
    """A task as a table cites it: number and short title (``71 深化国家参保…``)."""
    info = report.tasks.get(task)
    return f"{info.number} {info.title}" if info else str(task)


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


class _TaskRefs(dict):
    """``{task id: task_ref}`` for every task of a report, built once; an unknown id cites itself."""

    def __missing__(self, task: str) -> str:
        return str(task)


def _task_refs(report: Report) -> _TaskRefs:
    return _TaskRefs((task, f"{info.number} {info.title}") for task, info in report.tasks.items())


def _values(refs: _TaskRefs, kind: ColumnType, column: pd.Series, t, separators: tuple[str, str]) -> list[Any]:
    """One column's values for people (a list comprehension per column, no per-cell dispatch)."""
    import pandas as pd

    names, tasks = separators
    dtype = column.dtype.kind
    values = column.tolist()
    if kind is C.INT:
        if dtype in "iu":  # already Python ints
            return values
        return [int(v) for v in values] if dtype == "b" else [None if _is_missing(v) else int(v) for v in values]
    if kind is C.DECIMAL:
        if dtype == "f":  # Python floats; NaN is the only value unequal to itself
            return [round(v, 4) if v == v else None for v in values]
        return [None if _is_missing(v) else round(float(v), 4) for v in values]
    if kind is C.FLAG:
        yes = t("report.yes")
        return [yes if v else "" for v in values]
    if kind is C.KIND:
        kinds = {v: t(f"kind.{v}") for v in set(values) if v}
        return [kinds[v] if v else "" for v in values]
    if kind is C.TASK:
        return [refs[v] for v in values]
    if kind is C.TASKS:
        cite = refs.__getitem__
        return [tasks.join(map(cite, v)) for v in values]
    if kind is C.LIST:
        return [names.join(map(str, v)) if isinstance(v, (list, tuple)) else ("" if _is_missing(v) else str(v)) for v in values]
    if kind is C.GAP:
        return [t(f"report.gap.{v}") for v in values]
    if isinstance(column.dtype, pd.StringDtype) and not column.hasnans:  # text already, none missing
        return values
    return ["" if _is_missing(v) else str(v) for v in values]


def _people_table(report: Report, spec: TableSpec, t, refs: _TaskRefs, rows: int | None) -> PeopleTable:
    frame = spec.frame(report)
    shown = frame if rows is None else frame.head(rows)
    separators = (t("report.sep.names"), t("report.sep.tasks"))
    columns = tuple(_values(refs, c.type, shown[c.key], t, separators) for c in spec.columns)
    return PeopleTable(
        key=spec.key, title=t(f"report.table.{spec.key}"), sheet=t(f"report.sheet.{spec.key}"),
        note=t(f"report.note.{spec.key}"), labels=tuple(t(f"report.col.{c.key}") for c in spec.columns),
        types=tuple(c.type for c in spec.columns), shown=tuple(c.shown for c in spec.columns), columns=columns,
        flags=[bool(v) for v in shown[spec.flag].tolist()] if spec.flag else None, rows=len(frame), row_cap=XLSX_MAX_ROWS,
    )


def _matrix_table(report: Report, key: str, t, rows: int | None) -> PeopleTable:
    whole = getattr(report, key)
    matrix = whole if rows is None else whole.head(rows)
    leaders = [str(n) for n in matrix.index]
    columns = (leaders, *([int(v) for v in matrix[c].tolist()] for c in matrix.columns))
    return PeopleTable(
        key=key, title=t(f"report.table.{key}"), sheet=t(f"report.sheet.{key}"), note=t(f"report.note.{key}"),
        labels=(t("report.col.leader"), *(str(c) for c in matrix.columns)),
        types=(C.NAME, *(C.INT for _ in matrix.columns)), shown=tuple(True for _ in range(len(matrix.columns) + 1)),
        columns=columns, flags=None, rows=len(whole), row_cap=XLSX_MAX_LEADERS,
    )


def people_tables(report: Report, lang: str = "zh") -> dict[str, PeopleTable]:
    """Return every table of the report for people, by key, in the order the report presents them."""
    return dict(iter_people_tables(report, lang))


def iter_people_tables(report: Report, lang: str = "zh", rows: int | None = None) -> Iterator[tuple[str, PeopleTable]]:
    """:func:`people_tables` one at a time, so that a writer can let go of each table's cells before the next.

    With ``rows``, only each table's first rows get cells (``rows`` of the table still counts them all).
    """
    t = translator(lang)
    refs = _task_refs(report)
    for spec in TABLES:
        yield spec.key, _people_table(report, spec, t, refs, rows)
    for key, _ in MATRICES:
        yield key, _matrix_table(report, key, t, rows)


def head(table: PeopleTable, rows: int) -> PeopleTable:
    """The table with only its first ``rows`` rows of cells; ``rows`` still counts them all."""
    return replace(table, columns=tuple(values[:rows] for values in table.columns),
                   flags=table.flags[:rows] if table.flags is not None else None)

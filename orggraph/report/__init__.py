"""The coordination-burden report: findings and tables for a supervision office, in Chinese or English.

Dependencies run one way::

    build      analysis → a frozen :class:`Report` (tables with ids, tasks, accountability gaps)
    tables     one specification of every table → :class:`PeopleTable` (labels per language, no ids)
    prose      findings, burden formula, method notes (text from the catalogues)
    writers    markdown, html (+ charts), xlsx, csvfiles, summary; files writes them all
    jsondata   the ``--json`` object (keys are a contract, never translated)

Nothing written carries a timestamp, so the same input gives the same bytes.
"""

from orggraph.report.build import GAP_KINDS, Gap, Report, ReportOptions, TaskInfo, accountability_gaps, build_report
from orggraph.report.files import REPORT_FILES, write_report
from orggraph.report.html import render_html
from orggraph.report.jsondata import report_to_dict, table_records
from orggraph.report.markdown import render_markdown
from orggraph.report.prose import burden_formula, burden_plain, findings, method_notes
from orggraph.report.summary import partner_lines, summary_lines
from orggraph.report.tables import TABLES, XLSX_MAX_LEADERS, XLSX_MAX_ROWS, people_tables

__all__ = [
    "ReportOptions",
    "Report",
    "TaskInfo",
    "Gap",
    "GAP_KINDS",
    "build_report",
    "accountability_gaps",
    "report_to_dict",
    "table_records",
    "people_tables",
    "TABLES",
    "XLSX_MAX_ROWS",
    "XLSX_MAX_LEADERS",
    "findings",
    "burden_formula",
    "burden_plain",
    "method_notes",
    "render_markdown",
    "render_html",
    "summary_lines",
    "partner_lines",
    "write_report",
    "REPORT_FILES",
]

"""Read Markdown pipe tables: a header row, a separator row, then one row per line.

``<br>`` inside a cell is a line break; ``\\|`` is a literal bar; a cell wholly in bold is
read without its ``**``. A row whose only content is one cell that is bold or numbered like
a heading (``| **二、…** | | |``) is a section row, and so is a heading line between two
tables that repeat the header. The title is the nearest ``#`` heading or text line above
the table. Sources are ``{"line": N}``, N counting the file's lines from 1.
"""

from __future__ import annotations

import html
import re

from orggraph.ingest.grid import TableBuilder
from orggraph.ingest.table import RawTable

__all__ = ["parse_markdown", "split_row"]

_SEPARATOR_CELL = re.compile(r":?-{3,}:?")
_BAR = re.compile(r"(?<!\\)\|")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BOLD = re.compile(r"^(\*\*|__)(.+)\1$", re.DOTALL)
_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s*")


def _is_separator(line: str) -> bool:
    """Tell a ``|---|:---:|`` separator row (checked cell by cell: no regex backtracks over a long line).

    >>> _is_separator("| --- |:---:| ---"), _is_separator("|   |"), _is_separator(" " * 9)
    (True, False, False)
    """
    body = line.strip()
    if "-" not in body:
        return False
    body = body.removeprefix("|").removesuffix("|")
    return all(_SEPARATOR_CELL.fullmatch(cell.strip()) for cell in body.split("|"))


def split_row(line: str) -> tuple[list[str], bool]:
    """Split a table line into cell texts; also tell whether its only content is bold.

    >>> split_row("| 1 | 区发改局<br>区财政局 | a \\\\| b |")
    (['1', '区发改局\\n区财政局', 'a | b'], False)
    >>> split_row("| **二、向精而行** | | |")
    (['二、向精而行', '', ''], True)
    """
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells: list[str] = []
    bold: list[bool] = []
    for raw in _BAR.split(body):
        text = html.unescape(_BREAK.sub("\n", raw.replace("\\|", "|"))).strip()
        match = _BOLD.match(text)
        bold.append(bool(match))
        cells.append(match.group(2).strip() if match else text)
    filled = [b for b, c in zip(bold, cells) if c]
    return cells, len(filled) == 1 and filled[0]


def _plain(line: str) -> str:
    """A text line without Markdown heading marks or whole-line bold."""
    text = _HEADING_MARK.sub("", line).strip()
    if text.endswith("#"):  # a closing ``##`` of an ATX heading
        text = text.rstrip("#").rstrip()
    match = _BOLD.match(text)
    return match.group(2).strip() if match else text


def parse_markdown(text: str, path: str = "<text>") -> RawTable | None:
    """Parse Markdown into a raw table, or None when it holds no pipe table with a recognisable header.

    Examples
    --------
    >>> table = parse_markdown("# 任务表\\n\\n| 序号 | 具体任务 | 牵头单位 |\\n|---|---|---|\\n| 1 | 完成任务。 | 区发改局 |\\n")
    >>> table.title, table.items[0].cells, table.items[0].source
    ('任务表', ['1', '完成任务。', '区发改局'], {'line': 5})
    """
    lines = text.splitlines()
    builder = TableBuilder(path, "md")
    in_table = False
    index = 0
    while index < len(lines):
        line = lines[index]
        number = index + 1
        if in_table and "|" in line and line.strip():
            cells, bold = split_row(line)
            builder.row(cells, {"line": number}, marked_heading=bold)
        elif "|" in line and index + 1 < len(lines) and _is_separator(lines[index + 1]):
            builder.start_table({"line": number})
            cells, _ = split_row(line)
            builder.row(cells, {"line": number})
            in_table = True
            index += 1  # the separator row
        else:
            in_table = False
            builder.text(_plain(line), {"line": number})
        index += 1
    return builder.finish()

"""Read a CSV table: comma, tab or semicolon separated, any encoding :func:`read_text` decodes.

The delimiter is the one under which a row reads as a header (naming the task column and
another), so a comma inside task text cannot mislead it as a statistical sniffer can. Rows
above the header give the title; a row whose only content is a section heading (``（一）…``,
``二、…``) is a section row. Sources are ``{"row": N}``, N counting CSV records from 1, which
is the row number a spreadsheet shows when it opens the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import islice

from orggraph.errors import IngestError
from orggraph.ingest.grid import TableBuilder
from orggraph.ingest.vocabulary import is_header_row
from orggraph.ingest.table import RawTable

__all__ = ["DELIMITERS", "sniff_delimiter", "parse_csv"]

#: Delimiters tried, in order.
DELIMITERS = (",", "\t", ";")
_HEADER_SEARCH_ROWS = 50


def _lines(text: str) -> Iterator[str]:
    """Yield the lines of a text with their endings, as a text stream over it would, one at a time.

    The delimiter is sniffed from the first rows only; a stream would copy the whole text.
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def sniff_delimiter(text: str) -> str | None:
    """Return the delimiter under which one of the first rows is a header, or None.

    >>> sniff_delimiter("序号;具体任务;牵头单位\\n1;完成任务，推进工作。;区发改局\\n")
    ';'
    >>> sniff_delimiter("just text\\n") is None
    True
    """
    best: tuple[int, str] | None = None
    for delimiter in DELIMITERS:
        try:
            rows = list(islice(csv.reader(_lines(text), delimiter=delimiter), _HEADER_SEARCH_ROWS))
        except csv.Error:
            continue
        widths = [len(row) for row in rows if is_header_row(row)]
        if widths and (best is None or widths[0] > best[0]):
            best = (widths[0], delimiter)
    return best[1] if best else None


def parse_csv(text: str, path: str = "<text>") -> RawTable | None:
    """Parse CSV text into a raw table, or None when no row is a recognisable header.

    Examples
    --------
    >>> table = parse_csv("表\\n序号,具体任务,牵头单位\\n（一）创新\\n1,完成任务。,区发改局\\n")
    >>> table.title, [type(i).__name__ for i in table.items], table.items[1].source
    ('表', ['RawHeading', 'RawRow'], {'row': 4})
    """
    delimiter = sniff_delimiter(text)
    if delimiter is None:
        return None
    builder = TableBuilder(path, "csv")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            builder.row(row, {"row": number})
    except csv.Error as exc:
        raise IngestError(path, f"row {reader.line_num}: the CSV is malformed ({exc}); check its quotes") from exc
    return builder.finish()

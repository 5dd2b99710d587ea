"""The registry of document formats: each declares its name, suffixes, a content sniff and its reader.

:func:`orggraph.ingest.reader.read_table` asks this registry which formats claim a file's
suffix and whose sniff accepts its content, and tries their readers in order; adding a layout
is adding a :class:`Format` to :data:`FORMATS`, not another branch. Readers and the
generator's writers are named as ``"module:function"`` and imported only when used, so
``orggraph --help`` stays instant.

A text format's reader takes the decoded text and the path and returns a
:class:`~orggraph.ingest.table.RawTable` or None (not this layout). A binary format's reader
takes the path; it raises :class:`~orggraph.errors.NoTableFound` when the file holds nothing
of its kind, so a later format may still read it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Format", "FORMATS", "SUPPORTED_SUFFIXES", "format_named", "formats_for", "writable_formats"]

_ZIP = b"PK\x03\x04"


def _is_zip(head: Any) -> bool:
    return head[:4] == _ZIP


def _anything(head: Any) -> bool:
    return True


def _tab_cells(text: str) -> bool:
    return bool(re.search(r"^ *\t", text, re.M))


def _pipe_table(text: str) -> bool:
    return "|" in text and "---" in text


def _labels(text: str) -> bool:
    return bool(re.search(r"^\s*[\u4e00-\u9fff][\u4e00-\u9fff ]{0,9}?\s*[：:]", text, re.M))


def _prose(text: str) -> bool:
    from orggraph.ingest.prose import looks_like_prose

    return looks_like_prose(text)


@dataclass(frozen=True)
class Format:
    """One layout orggraph reads (and, when ``writer`` is set, the generator writes)."""

    name: str
    suffixes: tuple[str, ...]
    text: bool  # decoded text (True) or the file itself (False) goes to the reader
    sniff: Callable[[Any], bool]  # cheap test on the text, or on the file's first bytes
    reader: str  # "module:function"
    writer: str | None = None  # "module:function" of the generator's writer

    def read(self) -> Callable[..., Any]:
        """Return the reader function, importing its module now."""
        return _resolve(self.reader)

    def write(self) -> Callable[..., Any]:
        """Return the generator's writer function (``ValueError`` when the format has none)."""
        if self.writer is None:
            raise ValueError(f"the {self.name} layout cannot be written")
        return _resolve(self.writer)

    @property
    def suffix(self) -> str:
        """The suffix a file of this layout is written with."""
        return self.suffixes[0]


def _resolve(reference: str) -> Callable[..., Any]:
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)


#: Every format, in the order they are tried for a suffix they share (a format whose first
#: suffix is the file's suffix is tried before the others).
FORMATS: tuple[Format, ...] = (
    Format("txt", (".txt", ".md", ".markdown"), True, _tab_cells, "orggraph.ingest.txt:parse_txt",
           "orggraph.generate:_write_txt"),
    Format("docx", (".docx",), False, _is_zip, "orggraph.ingest.docx:read_docx", "orggraph.generate:_write_docx"),
    Format("xlsx", (".xlsx", ".xlsm"), False, _is_zip, "orggraph.ingest.xlsx:read_xlsx",
           "orggraph.generate:_write_xlsx"),
    Format("csv", (".csv",), True, _anything, "orggraph.ingest.csv:parse_csv", "orggraph.generate:_write_csv"),
    Format("md", (".md", ".markdown", ".txt"), True, _pipe_table, "orggraph.ingest.markdown:parse_markdown",
           "orggraph.generate:_write_md"),
    Format("labelled", (".txt", ".md", ".markdown"), True, _labels, "orggraph.ingest.labelled:parse_labelled",
           "orggraph.generate:_write_labelled"),
    Format("prose", (".txt", ".md", ".markdown"), True, _prose, "orggraph.ingest.prose:parse_prose",
           "orggraph.generate:_write_prose_txt"),
    Format("prose-docx", (".docx",), False, _is_zip, "orggraph.ingest.prose:read_prose_docx",
           "orggraph.generate:_write_prose_docx"),
)

#: Every suffix some format reads.
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(dict.fromkeys(s for f in FORMATS for s in f.suffixes))


def format_named(name: str) -> Format:
    """Return the format called ``name`` (``ValueError`` naming the choices otherwise).

    >>> format_named("prose-docx").suffix
    '.docx'
    """
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise ValueError(f"unknown layout {name!r}; use one of {', '.join(f.name for f in FORMATS)}")


def formats_for(suffix: str) -> list[Format]:
    """Return the formats that read files with ``suffix``, in the order to try them.

    >>> [f.name for f in formats_for(".txt")], [f.name for f in formats_for(".md")]
    (['txt', 'labelled', 'prose', 'md'], ['md', 'txt', 'labelled', 'prose'])
    """
    suffix = suffix.lower()
    claiming = [f for f in FORMATS if suffix in f.suffixes]
    return [f for f in claiming if f.suffix == suffix] + [f for f in claiming if f.suffix != suffix]


def writable_formats() -> tuple[str, ...]:
    """Names of the formats the generator writes."""
    return tuple(f.name for f in FORMATS if f.writer is not None)

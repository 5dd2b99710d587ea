"""Open documents of any supported layout and read them into task records.

``read_table`` asks the format registry (:mod:`orggraph.ingest.formats`) which layouts claim
the file's suffix and accept its content, and tries their readers in order; each reader
returns a :class:`RawTable`, and :func:`normalize` turns it into records.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from orggraph.errors import IngestError, NoTableFound, OrggraphError
from orggraph.gcpause import without_cycle_collection
from orggraph.ingest.formats import SUPPORTED_SUFFIXES, formats_for
from orggraph.ingest.limits import ReadLimits, check_memory, check_rows, check_text_size, reading_limits
from orggraph.ingest.records import IngestResult
from orggraph.ingest.table import RawTable

__all__ = ["SUPPORTED_SUFFIXES", "read_text", "read_table", "read_documents", "infer_jurisdiction"]

_SNIFF_BYTES = 4096
_LEGACY = {
    ".doc": "a legacy Word .doc file; open it in Word or WPS and save it as .docx, then try again",
    ".xls": "a legacy Excel .xls file; open it in Excel or WPS and save it as .xlsx, then try again",
    ".wps": "a WPS document; save it as .docx from WPS, then try again",
    ".et": "a WPS spreadsheet; save it as .xlsx from WPS, then try again",
    ".pdf": "a PDF; copy the table into a .txt file or save it as .docx, then try again",
}
_EXPECTED_ENCODINGS = ("utf-8-sig", "gb18030")
_SALVAGE_LINES = 10  # damaged lines always salvaged (beyond that, at most 1% of the lines)
_TEXT_MEMORY_FACTOR = 25  # bytes of memory per byte of text while reading (measured: about 18)
_PLACE = re.compile(r"((?:[\u4e00-\u9fff]{1,6}?(?:自治区|自治州|自治县|省|市|区|县|旗))+)")


def read_text(path: Path) -> str:
    """Read a text file as UTF-8 (with or without BOM), GBK/GB18030, or UTF-16 with its BOM.

    A Chinese Windows Excel or Notepad writes GBK, or UTF-16 when asked for "Unicode";
    everything else here writes UTF-8.
    """
    return _decode_text(path)[0]


def _salvage(data: bytes, encoding: str) -> tuple[str, list[int]] | None:
    """Decode line by line, replacing undecodable bytes; None when too many lines are damaged.

    A byte or two damaged by a copy or a bad disk should cost a warning, not the whole file;
    a file in another encoding damages nearly every line and is no salvage case.
    """
    lines = data.split(b"\n")
    texts: list[str] = []
    damaged: list[int] = []
    for number, line in enumerate(lines, start=1):
        try:
            texts.append(line.decode(encoding))
        except UnicodeDecodeError:
            damaged.append(number)
            if len(damaged) > max(_SALVAGE_LINES, len(lines) // 100):
                return None
            texts.append(line.decode(encoding, errors="replace"))
    text = "\n".join(texts)
    if text.count("\ufffd") > max(_SALVAGE_LINES, len(text) // 1000):
        return None
    return text, damaged


def _decode_text(path: Path) -> tuple[str, str, list[tuple[dict, str]]]:
    """Decode a text file; return the text, the encoding used (a guess when neither UTF-8 nor GBK) and notes.

    The notes name each line whose undecodable bytes were replaced by U+FFFD.
    """
    size = check_text_size(path)
    check_memory(path, size * _TEXT_MEMORY_FACTOR)
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Notepad's and Excel's "Unicode"
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode("utf-16")
            if "\n" in text:  # a table has lines; two bytes that only look like a BOM do not
                return text, "utf-16", []
    if b"\x00" in data[:4096]:
        raise IngestError(path, "not a text file (binary content); save the table as .txt, .csv, .docx or .xlsx")
    for encoding in _EXPECTED_ENCODINGS:
        try:
            return data.decode(encoding), encoding, []
        except UnicodeDecodeError:
            continue
    body = data.removeprefix(b"\xef\xbb\xbf")
    salvaged = [(found, name) for name in ("utf-8", "gb18030") if (found := _salvage(body, name)) is not None]
    if salvaged:
        (text, damaged), encoding = min(salvaged, key=lambda s: len(s[0][1]))
        notes = [({"line": n}, f"undecodable byte(s) in this {encoding} line replaced by \ufffd") for n in damaged]
        return text, encoding, notes
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError(path, "cannot decode the text: it is neither UTF-8 nor GBK; save it as UTF-8 and try again")
    return str(best), best.encoding, []


def read_table(path: str | Path) -> RawTable:
    """Read one file into a raw table.

    Raises
    ------
    IngestError
        The file is missing, empty, of an unsupported or legacy format, corrupt, or holds
        no table with a recognisable task column.
    """
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "no such file")
    if path.is_dir():
        raise IngestError(path, "is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix in _LEGACY:
        raise IngestError(path, f"is {_LEGACY[suffix]}")
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(path, f"unsupported file type {suffix or '(none)'}; use one of {', '.join(SUPPORTED_SUFFIXES)}")
    if path.stat().st_size == 0:
        raise IngestError(path, "the file is empty")
    encoding = _EXPECTED_ENCODINGS[0]  # of a text file; a guessed one explains a missing table
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    text: str | None = None
    problems: list[tuple[dict, str]] = []  # undecodable bytes replaced, one per damaged line
    table: RawTable | None = None
    refused: NoTableFound | None = None  # the first format's own explanation, if no format reads the file
    candidates = formats_for(suffix)
    for fmt in candidates:
        if fmt.text:
            if text is None:
                text, encoding, problems = _decode_text(path)
            if fmt.sniff(text):
                # orggraph's own parsers build many small objects and no cycles; the collector would
                # walk that growing heap again and again. The libraries that parse .docx and .xlsx
                # files (openpyxl) do leave cycles behind, so the collector runs while they work.
                with without_cycle_collection():
                    table = fmt.read()(text, str(path))
        elif fmt.sniff(head):
            try:
                table = fmt.read()(path)
            except NoTableFound as exc:
                refused = refused or exc
        if table is not None:
            break
    if table is None and refused is not None:
        raise refused
    if table is None and not candidates[0].text and not candidates[0].sniff(head):
        candidates[0].read()(path)  # content of no claimed format: its reader says what is wrong
    if table is None and encoding not in (*_EXPECTED_ENCODINGS, "utf-8", "utf-16"):
        raise IngestError(
            path,
            f"cannot decode the text: it is neither UTF-8 nor GBK (at best {encoding}, which shows no table); "
            "save it as UTF-8 and try again",
        )
    if table is None:
        raise IngestError(
            path,
            "no table found: expected a header row naming the task column (具体任务, 工作任务, 重点任务 …)",
        )
    check_rows(path, table.rows_read)
    table.problems[:0] = problems
    return table


def _read_guarded(path: Path) -> RawTable:
    """Read one document; whatever a file makes a parser raise becomes an error naming the file."""
    try:
        return read_table(path)
    except OrggraphError:
        raise
    except OSError as exc:
        raise IngestError(path, f"cannot be read: {exc.strerror or exc}") from exc
    except MemoryError as exc:
        raise IngestError(path, "not enough memory to read it; split the table into smaller files") from exc
    except RecursionError as exc:
        raise IngestError(path, "nested too deeply to read; open it and save it again") from exc
    except Exception as exc:  # a parser's own error on a malformed file
        raise IngestError(path, f"cannot be read: the file is malformed ({type(exc).__name__}: {str(exc)[:80]})") from exc


def infer_jurisdiction(path: Path, title: str) -> str:
    """Guess the government a document belongs to: a place name in its title, else the file name.

    The file name's leading word (``licheng`` in ``licheng-2026-task-breakdown.txt``) keeps
    documents of one government from different years together.

    >>> infer_jurisdiction(Path("x.docx"), "泉州市鲤城区2026年政府工作报告任务分解")
    '泉州市鲤城区'
    >>> infer_jurisdiction(Path("licheng-2026-task-breakdown.txt"), "2026年度区《政府工作报告》")
    'licheng'
    """
    match = _PLACE.search(re.sub(r"\d+年度?", " ", title))
    if match:
        return match.group(1)
    words = re.split(r"[-_.\s]+", path.stem)
    named = [w for w in words if w and not w.isdigit()]
    return named[0] if named else path.stem


def _document_ids(paths: Sequence[Path]) -> list[str]:
    """One id per document: its file stem, with a suffix where two files share a stem."""
    ids: list[str] = []
    for path in paths:
        candidate, n = path.stem, 2
        while candidate in ids:
            candidate, n = f"{path.stem}-{n}", n + 1
        ids.append(candidate)
    return ids


def read_documents(
    paths: Iterable[str | Path],
    *,
    jurisdiction: str | None = None,
    known_units: Iterable[str] = (),
    first_lead: bool | None = None,
    limits: ReadLimits | None = None,
) -> IngestResult:
    """Read and normalise every document, in the order given.

    Parameters
    ----------
    paths : iterable of path
        The documents; any supported layout, mixed freely.
    jurisdiction : str, optional
        The government all documents belong to; by default inferred per document.
    known_units : iterable of str
        Unit names known to be whole (a registry's names and aliases).
    first_lead : bool, optional
        For a table with one unit column and no ★ marks: True makes the first unit of each
        cell the lead, False never does; None (default) when the document says so.
    limits : ReadLimits, optional
        How much a document may hold (default: the limits in force, see :mod:`orggraph.ingest.limits`).

    Raises
    ------
    IngestError
        For the first document that cannot be read, whatever went wrong in it.
    """
    from orggraph.ingest.normalize import normalize

    paths = [Path(p) for p in paths]
    known = frozenset(known_units)
    result = IngestResult()
    for path, doc_id in zip(paths, _document_ids(paths)):
        # The collector is paused while orggraph's own code runs (see read_table): a text layout's
        # parser and the normaliser, in one pause so that it never walks the raw table.
        text_layout = all(fmt.text for fmt in formats_for(path.suffix))
        with without_cycle_collection() if text_layout else contextlib.nullcontext():
            with reading_limits(limits):
                table = _read_guarded(path)
            with without_cycle_collection():
                result.extend(
                    normalize(
                        table,
                        doc_id=doc_id,
                        jurisdiction=jurisdiction or infer_jurisdiction(path, table.title),
                        known_units=known,
                        first_lead=first_lead,
                    )
                )
                del table  # freed while the collector is paused, so it never walks the table
    return result

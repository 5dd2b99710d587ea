"""How much of a document orggraph agrees to read, and the guards that enforce it before allocating.

A small file can describe a huge one: a zip member that inflates a thousandfold, a cell at
XFD1048576, a Word cell spanning a million columns. Every reader checks what it is about to
build against one :class:`ReadLimits` and refuses with one line naming the limit and the
option that raises it, so a hostile or damaged file costs milliseconds, not minutes.

The limits in force are those of :func:`reading_limits` (the CLI sets them from its
options); by default :data:`DEFAULT_LIMITS`.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from orggraph.errors import IngestError

__all__ = [
    "ReadLimits",
    "DEFAULT_LIMITS",
    "active_limits",
    "reading_limits",
    "use_limits",
    "fit_row",
    "check_archive",
    "read_member",
    "open_member",
    "check_memory",
    "check_rows",
    "check_text_size",
    "available_memory",
]

_MB = 1 << 20


@dataclass(frozen=True)
class ReadLimits:
    """What one document may hold.

    ``max_rows`` counts the rows of a table (per document); ``max_columns`` the grid columns of
    a row (cells beyond it are kept as one overflow cell the row's warnings show); ``max_mb``
    the size of a document once unpacked: a text file's bytes, or what the parts of a
    .docx/.xlsx inflate to, all together.
    """

    max_rows: int = 200_000
    max_columns: int = 200
    max_mb: int = 200
    max_zip_members: int = 10_000
    max_merge_cells: int = 1_000_000

    @property
    def max_cells(self) -> int:
        """Cells a sheet may hold: enough for ``max_rows`` rows of 20 columns."""
        return self.max_rows * 20

    @property
    def max_bytes(self) -> int:
        return self.max_mb * _MB


DEFAULT_LIMITS = ReadLimits()
_ACTIVE: contextvars.ContextVar[ReadLimits] = contextvars.ContextVar("orggraph_read_limits", default=DEFAULT_LIMITS)

# Options named in refusals, so the user knows how to raise a limit.
_ROWS_HINT = "raise --max-rows to read it"
_SIZE_HINT = "raise --max-mb to read it"


def active_limits() -> ReadLimits:
    """The limits readers enforce now."""
    return _ACTIVE.get()


def use_limits(limits: ReadLimits) -> None:
    """Read with ``limits`` from now on (the command line sets its options this way, once)."""
    _ACTIVE.set(limits)


@contextlib.contextmanager
def reading_limits(limits: ReadLimits | None) -> Iterator[ReadLimits]:
    """Read with ``limits`` (None keeps the current ones) inside the ``with`` block."""
    token = _ACTIVE.set(limits or _ACTIVE.get())
    try:
        yield _ACTIVE.get()
    finally:
        _ACTIVE.reset(token)


def check_rows(path: object, rows: int) -> None:
    """Refuse a table with more rows than the limit allows."""
    limit = active_limits().max_rows
    if rows > limit:
        raise IngestError(path, f"the table has more than {limit:,} rows; {_ROWS_HINT}")


def fit_row(cells: list[str]) -> list[str]:
    """Cap a row at ``max_columns`` cells; the text of any cells beyond is joined into the last one.

    The overflow cell lies right of any header, so a data row's warnings report its text.

    >>> with reading_limits(ReadLimits(max_columns=3)):
    ...     fit_row(["a", "b", "", "", "c", "d"])
    ['a', 'b', '', 'c | d']
    """
    limit = active_limits().max_columns
    if len(cells) <= limit:
        return cells
    beyond = [c for c in cells[limit:] if c.strip()]
    return cells[:limit] + ([" | ".join(beyond)] if beyond else [])


_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_CHUNK = 1 << 16


class _CappedStream:
    """A read-only stream that refuses to deliver more than ``budget`` bytes."""

    def __init__(self, raw: IO[bytes], path: object, name: str, budget: int) -> None:
        self._raw, self._path, self._name, self._left = raw, path, name, budget

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(_CHUNK if size is None or size < 0 else size)
        if size is None or size < 0:
            parts = [data]
            while data:
                self._take(len(data))
                data = self._raw.read(_CHUNK)
                parts.append(data)
            return b"".join(parts)
        self._take(len(data))
        return data

    def _take(self, n: int) -> None:
        self._left -= n
        if self._left < 0:
            raise IngestError(
                self._path,
                f"part {self._name} inflates beyond {active_limits().max_mb} MB (a zip bomb?); {_SIZE_HINT}",
            )

    def __enter__(self) -> _CappedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._raw.close()


def check_archive(path: object, archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose members are too many, too large or packed in a way Office never uses.

    Checking the declared sizes bounds the real ones: Python's zipfile never delivers more
    than a member's declared size (a member that lies fails its CRC check instead), and
    deflate, the only method allowed, inflates in bounded steps. Run before any parser.
    """
    limits = active_limits()
    members = archive.infolist()
    if len(members) > limits.max_zip_members:
        raise IngestError(path, f"the package holds {len(members):,} parts; an Office file holds a few dozen")
    declared = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise IngestError(path, "the file is password-protected; remove the password in Excel, Word or WPS")
        if info.compress_type not in _METHODS:
            raise IngestError(
                path,
                f"part {info.filename} is packed with zip method {info.compress_type}, which Office never uses; "
                "open the file and save it again",
            )
        declared += info.file_size
    if declared > limits.max_bytes:
        raise IngestError(
            path, f"its parts inflate to {declared / _MB:,.0f} MB, beyond {limits.max_mb} MB; {_SIZE_HINT}"
        )


def open_member(path: object, archive: zipfile.ZipFile, name: str) -> _CappedStream:
    """Open one member as a stream that stops at the inflation limit."""
    return _CappedStream(archive.open(name), path, name, active_limits().max_bytes)


def read_member(path: object, archive: zipfile.ZipFile, name: str) -> bytes:
    """Read one member whole, stopping at the inflation limit."""
    stream = open_member(path, archive, name)
    try:
        return stream.read()
    finally:
        stream.close()


def available_memory() -> int | None:
    """Bytes this process may still allocate: the lesser of free memory and its address-space limit."""
    candidates = []
    try:
        import resource  # not on Windows

        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        unlimited = (-1, resource.RLIM_INFINITY)
    except (ImportError, AttributeError, OSError):
        soft, unlimited = -1, (-1,)
    if soft not in unlimited:
        used = 0
        with contextlib.suppress(OSError, ValueError, IndexError):
            used = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        candidates.append(max(0, soft - used))
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                candidates.append(int(line.split()[1]) * 1024)
    return min(candidates) if candidates else None


def check_text_size(path: Path) -> int:
    """Refuse a text file larger than the size limit; return its size."""
    size = path.stat().st_size
    limit = active_limits().max_mb
    if size > limit * _MB:
        raise IngestError(path, f"the file is {size / _MB:,.0f} MB, beyond {limit} MB; {_SIZE_HINT}")
    return size


def check_memory(path: object, need: int) -> None:
    """Refuse, before the work, an input whose reading needs more memory than is left."""
    left = available_memory()
    if left is not None and need > left:
        raise IngestError(
            path,
            f"reading it needs about {need / _MB:,.0f} MB of memory and only {left / _MB:,.0f} MB are free; "
            "split the table into smaller files",
        )

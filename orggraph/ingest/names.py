"""Repair the names inside one cell: separators, padding, glued and broken unit names.

Copying a table out of Word or a PDF damages names in a few regular ways; each function
here undoes one of them, on plain strings, so the repairs are testable on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import chain

__all__ = [
    "LEAD_MARK",
    "NameSplitter",
    "clean_text",
    "split_leaders",
    "split_units",
    "is_complete_unit",
    "is_person_name",
    "unit_lines",
]

LEAD_MARK = "★"

# Separators between names inside one line of a cell.
_SEPARATORS = re.compile(r"[、，,；;/／|]+")
# A unit name is complete when it ends with one of these (else it was broken over lines).
_UNIT_ENDINGS = (
    "指挥部", "专班", "单位", "集团", "公司", "中心", "办事处", "分局", "大队", "支队", "中队",
    "政府", "局", "办", "部", "委", "会", "处", "团", "队", "联", "院", "所", "站", "组",
    "室", "馆", "校", "厅", "署", "台", "场", "行", "司", "科", "股", "镇", "乡",
)
_COMPLETE_ENDINGS = (*_UNIT_ENDINGS, "）", ")")
# Where a glued name continues with another unit, that unit usually starts like this.
_UNIT_STARTS = ("区", "各", "市", "县", "镇", "乡", "省")
_PAREN_ONLY = re.compile(r"^[（(][^（()）]*[)）]$")
_HAN = re.compile(r"^[\u4e00-\u9fff·]+$")
_WHITESPACE = re.compile(r"\s")  # the characters str.isspace() accepts, line breaks included
_NAME_RUN = re.compile(r"[^、，,；;/／|]+")  # what _SEPARATORS leaves of a line


def clean_text(value: str) -> str:
    """Drop every whitespace character, as no name keeps inner whitespace.

    >>> clean_text("王  伟")
    '王伟'
    """
    return "".join(value.split())  # every character str.isspace() accepts, U+3000 included


def _tokens(line: str) -> list[str]:
    """Split one line on separators and on spaces between names, keeping padded names whole.

    Runs of one-character tokens are rejoined: ``王  伟`` is one padded name, while
    ``区发改局 区财政局`` is two names.
    """
    if not _WHITESPACE.search(line):  # the usual line: names and separators only
        return _NAME_RUN.findall(line)
    out: list[str] = []
    for part in _SEPARATORS.split(line):
        words = part.split()
        run = ""
        for word in words:
            if len(word) == 1:
                run += word
                continue
            if run:
                out.append(run)
                run = ""
            out.append(word)
        if run:
            out.append(run)
    return out


def is_person_name(value: str) -> bool:
    """Tell a person's name (two to four Chinese characters, no unit ending) from a unit.

    >>> is_person_name("王  伟"), is_person_name("曾国志"), is_person_name("团区委")
    (True, True, False)
    """
    name = clean_text(value)
    return (
        2 <= len(name) <= 4
        and bool(_HAN.match(name))
        and not name.endswith(_UNIT_ENDINGS)
        and not name.startswith(_UNIT_STARTS)
    )


def is_complete_unit(name: str) -> bool:
    """Tell whether a unit name ends like a unit, rather than being cut off mid-name.

    >>> is_complete_unit("古城保护发展"), is_complete_unit("古城保护发展指挥部")
    (False, True)
    """
    return name.endswith(_COMPLETE_ENDINGS)


def _split_glued(name: str, vocabulary: frozenset[str]) -> list[str]:
    """Split names written together with no separator (``常泰街道办事处江南城建集团``).

    A cut is made only where the left part is a complete unit name and the right part is
    complete too and either known (``vocabulary``) or starts like a unit (区…, 各…), so
    ``区委组织部`` stays whole. Cuts are found left to right in one pass over the name, so a
    cell of a thousand glued names costs no more than its length.

    >>> _split_glued("区发改局区财政局区教育局", frozenset())
    ['区发改局', '区财政局', '区教育局']
    """
    if not is_complete_unit(name):  # every right part ends where the name ends
        return [name]
    parts: list[str] = []
    start = 0
    for cut in range(start + 3, len(name) - 2):
        if cut - start < 3 or not name.endswith(_COMPLETE_ENDINGS, start, cut):
            continue
        if name.startswith(("（", "("), cut):
            continue
        if name.startswith(_UNIT_STARTS, cut) or name[cut:] in vocabulary:
            parts.append(name[start:cut])
            start = cut
    parts.append(name[start:])
    return parts


def unit_lines(cell: str) -> list[str]:
    """Return the non-empty lines of a cell, stripped."""
    return [line for line in map(str.strip, cell.splitlines()) if line]


def _cell_names(cell: str) -> list[str]:
    """The names on a cell's lines, a name broken over lines and a bracketed note on its own line rejoined."""
    if not _WHITESPACE.search(cell):  # the usual cell: one line of names and separators
        return _NAME_RUN.findall(cell)
    names: list[str] = []
    pending = ""  # a fragment cut off at the end of the previous line
    for line in unit_lines(cell):
        if (names or pending) and _PAREN_ONLY.match(clean_text(line)):
            if pending:
                pending += clean_text(line)
            else:
                names[-1] += clean_text(line)
            continue
        tokens = _tokens(line)
        if pending and tokens:
            tokens[0] = pending + tokens[0]
            pending = ""
        if tokens and not is_complete_unit(tokens[-1].lstrip(LEAD_MARK)):
            pending = tokens.pop()
        names.extend(tokens)
    if pending:
        names.append(pending)
    return names


class _Memo(dict):
    """A dictionary that computes a missing value once, with the function it was made with."""

    def __init__(self, compute: Callable[[str], tuple[str, ...]]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: str) -> tuple[str, ...]:
        value = self[key] = self._compute(key)
        return value


def _repair(name: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The names one written name stands for: glued names cut apart, a lead mark on the first."""
    starred = name.startswith(LEAD_MARK) or name.endswith(LEAD_MARK)
    parts = _split_glued(name.strip(LEAD_MARK), vocabulary)
    if starred:
        parts[0] = LEAD_MARK + parts[0]
    return tuple(part for part in parts if part.strip(LEAD_MARK))


class NameSplitter:
    """Split the unit and leader cells of one document, each distinct cell and unit name once.

    A document names the same few thousand units and leaders row after row, often in the
    same cells; remembering each cell's names and each unit name's repair makes a repeated
    cell cost one dictionary lookup. What is remembered is bounded by the document's
    distinct cells. Names come as tuples, shared by every cell that holds them.
    """

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        known = vocabulary if isinstance(vocabulary, frozenset) else frozenset(vocabulary)
        repairs = _Memo(lambda name: _repair(name, known))
        # No reference back to self: without a cycle, refcounting frees it all when the splitter goes.
        self._units = _Memo(lambda cell: tuple(chain.from_iterable(map(repairs.__getitem__, _cell_names(cell)))))
        self._leaders = _Memo(lambda cell: tuple(split_leaders(cell)))

    def units(self, cell: str) -> tuple[str, ...]:
        """Return the unit names in a cell, as :func:`split_units` does."""
        return self._units[cell]

    def leaders(self, cell: str) -> tuple[str, ...]:
        """Return the leaders' names in a cell, as :func:`split_leaders` does."""
        return self._leaders[cell]


def split_units(cell: str, vocabulary: Iterable[str] = ()) -> list[str]:
    """Return the unit names in a cell, in order, with broken and glued names repaired.

    ``vocabulary`` holds unit names known to be whole (seen alone elsewhere in the
    document, or in the registry); it guides where glued names are cut. Lead marks (★)
    are kept in front of the name they mark. To split many cells, use one
    :class:`NameSplitter`.

    >>> split_units("古城保护发展\\n\\n指挥部\\n区自然资源局")
    ['古城保护发展指挥部', '区自然资源局']
    >>> split_units("区委组织部\\n（人才办）\\n区科技局、区人社局")
    ['区委组织部（人才办）', '区科技局', '区人社局']
    >>> split_units("鲤城生态环境局各街道办事处")
    ['鲤城生态环境局', '各街道办事处']
    """
    return list(NameSplitter(vocabulary).units(cell))


def split_leaders(cell: str) -> list[str]:
    """Return the leaders' names in a cell, padding removed.

    >>> split_leaders("王  伟\\n\\n李超端、卓鸿杰")
    ['王伟', '李超端', '卓鸿杰']
    """
    return [token for line in unit_lines(cell) for token in _tokens(line)]  # tokens hold no whitespace

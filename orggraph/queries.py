"""The Cypher query library: ``cypher/queries/<name>.cypher``, one named query per file.

Each file opens with a ``//`` comment header: the first paragraph says what the query
answers, and a ``Parameters:`` paragraph lists each parameter as
``name: what it is. Example: value`` (``Default: value`` makes it optional; ``Names: Unit``
or ``Names: Leader`` declares that it holds a unit's or leader's name, which
:func:`orggraph.resolve.resolve_parameters` resolves, aliases included, before the query
runs). The same text runs on the embedded engine and on a Bolt server.

``cypher/`` is a folder at the top of the repository, next to the ``orggraph`` package; the
wheel carries a copy inside the package (see ``setup.py``).

Writing a query that LadybugDB (0.22) and Neo4j-compatible servers answer alike:

- name a relationship's type with ``r.type`` (stored on every relationship): Neo4j's
  ``type(r)`` is LadybugDB's ``label(r)``;
- return scalars, not ``collect()`` lists: LadybugDB does not keep the order of an ORDER BY
  before ``collect``, and cannot ORDER BY a list;
- LadybugDB matches walks (a relationship may repeat within a pattern) where Neo4j matches
  trails: exclude the start node (``WHERE p.id <> u.id``) where a pattern could return to it;
- LadybugDB has no ``shortestPath()`` (it writes ``* SHORTEST``), no list comprehension, no
  ``head``/``tail``/``toInteger``/``toString``; its list indexes start at 1; ``sum`` returns a
  decimal (count instead); ``shortest`` is a reserved word;
- end every ORDER BY with a name, so ties come out in the same order everywhere.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orggraph.errors import OrggraphError, QueryError

__all__ = [
    "NamedQuery",
    "QueryParameter",
    "cypher_dir",
    "named_queries",
    "named_query",
    "parse_named_query",
    "parse_param",
    "split_statements",
    "schema_statements",
]

# Where the query library is: inside an installed wheel, else the checkout's top-level folder.
CYPHER_DIRS = (Path(__file__).resolve().parent / "cypher", Path(__file__).resolve().parent.parent / "cypher")

#: Strings, quoted names and comments: text in which clause words and semicolons are not code.
NOT_CODE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_PARAM_LINE = re.compile(r"^(?P<name>\w+)\s*:\s*(?P<text>.*)$")
_TAG = re.compile(r"\s*\b(Example|Default|Names)\s*:\s*")
#: The labels a ``Names:`` tag may declare.
NAMED_LABELS = ("Unit", "Leader")
_USED_PARAM = re.compile(r"\$(\w+)")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_NUMBER = re.compile(r"-?\d+(?P<fraction>\.\d*)?(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class QueryParameter:
    """One parameter of a named query: what it is, an example value, and a default if optional."""

    name: str
    description: str
    example: Any = None
    default: Any = None
    names: str | None = None  # the label whose name it holds (Unit, Leader), to resolve first

    @property
    def required(self) -> bool:
        """True when the caller must give a value."""
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its name, what it answers, its parameters and its Cypher text."""

    name: str
    description: str
    text: str
    parameters: tuple[QueryParameter, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> str:
        """The first sentence of the description, for listings."""
        text = " ".join(self.description.split())
        return re.split(r"(?<=[.?!])\s", text, maxsplit=1)[0]

    def example_parameters(self) -> dict[str, Any]:
        """Return the example value of every parameter (what ``--list`` shows and tests run)."""
        return {p.name: p.example if p.example is not None else p.default for p in self.parameters}

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Return the parameters to send: the given values plus defaults.

        Raises
        ------
        QueryError
            When a required parameter is missing or an unknown one is given.
        """
        known = {p.name for p in self.parameters}
        unknown = sorted(set(given) - known)
        if unknown:
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(unknown)}; it takes {', '.join(sorted(known)) or 'none'}"
            )
        bound: dict[str, Any] = {}
        for p in self.parameters:
            if p.name in given:
                bound[p.name] = given[p.name]
            elif p.required:
                raise QueryError(
                    f"query {self.name!r} needs parameter {p.name} ({p.description}); "
                    f"pass --param {p.name}={p.example if p.example is not None else '...'}"
                )
            else:
                bound[p.name] = p.default
        return bound


def parse_param(assignment: str) -> tuple[str, Any]:
    """Parse ``name=value`` from the command line into a Cypher parameter.

    A value that is a number becomes an int or a float; anything else is a string. Quote
    the value (``no='"12"'`` in a shell) to pass digits as a string.

    >>> parse_param("limit=10"), parse_param("ratio=0.5"), parse_param("unit=区发改局")
    (('limit', 10), ('ratio', 0.5), ('unit', '区发改局'))
    >>> parse_param('no="12"')
    ('no', '12')

    Raises
    ------
    QueryError
        When there is no ``=`` or no name, or a number does not fit (integers in 64 bits).
    """
    name, sep, text = assignment.partition("=")
    name = name.strip()
    if not sep or not re.fullmatch(r"\w+", name):
        raise QueryError(f"--param {assignment!r}: write it as name=value, e.g. --param unit=区发改局")
    try:
        return name, _literal(text)
    except QueryError as exc:
        raise QueryError(f"--param {name}={exc}") from None


def _shown(text: str) -> str:
    """A value as a message shows it: at most 20 characters."""
    return text if len(text) <= 20 else text[:20] + "…"


def _literal(text: str) -> Any:
    """A header or command-line value: int, float, or string (quotes removed)."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    number = _NUMBER.fullmatch(text)
    if not number:
        return text
    if number.group("fraction") is not None or "e" in text.lower():
        value = float(text)
        if math.isinf(value):
            raise QueryError(f"{_shown(text)}: the number is too large for a float; quote it to pass it as text")
        return value
    digits = len(text.lstrip("-"))
    if digits > 19 or not INT64_MIN <= int(text) <= INT64_MAX:
        raise QueryError(
            f"{_shown(text)}: an integer of {digits} digits does not fit in 64 bits; "
            "quote it to pass it as text"
        )
    return int(text)


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Parse a query file's text: its ``//`` header gives the description and parameters.

    >>> q = parse_named_query("busiest", "// Units with most tasks.\\n//\\n// Parameters:\\n"
    ...     "//   limit: how many rows. Default: 10\\nMATCH (u:Unit) RETURN u.name LIMIT $limit")
    >>> q.description, q.parameters[0].name, q.parameters[0].default
    ('Units with most tasks.', 'limit', 10)

    Raises
    ------
    QueryError
        When the header is missing, or the parameters listed differ from the ``$names`` used.
    """
    header: list[str] = []
    lines = text.splitlines()
    while lines and lines[0].lstrip().startswith("//"):
        header.append(lines.pop(0).lstrip()[2:].strip())
    body = "\n".join(lines).strip()
    if not header or not header[0]:
        raise QueryError(f"query {name!r}: the file must start with a // comment saying what it answers")
    description_lines: list[str] = []
    parameters: list[QueryParameter] = []
    in_parameters = False
    for line in header:
        if line.rstrip(":").lower() == "parameters":
            in_parameters = True
        elif in_parameters and (found := _PARAM_LINE.match(line)):
            parameters.append(_parameter(found.group("name"), found.group("text")))
        elif not in_parameters:
            description_lines.append(line)
    used = set(_USED_PARAM.findall(body))
    declared = {p.name for p in parameters}
    if used != declared:
        raise QueryError(
            f"query {name!r}: the header lists parameters {sorted(declared)} but the query uses {sorted(used)}"
        )
    description = "\n".join(description_lines).strip()
    return NamedQuery(name=name, description=description, text=body, parameters=tuple(parameters))


def _parameter(name: str, text: str) -> QueryParameter:
    example = default = names = None
    text, *tagged = _TAG.split(text)  # description, then tag, value, tag, value…
    for tag, raw in zip(tagged[::2], tagged[1::2]):
        value = _literal(raw)
        if tag == "Example":
            example = value
        elif tag == "Names":
            names = str(value).rstrip(".")
            if names not in NAMED_LABELS:
                raise QueryError(f"parameter {name}: 'Names: {names}' must name one of {', '.join(NAMED_LABELS)}")
        else:
            default = value
    return QueryParameter(
        name=name, description=text.strip().rstrip("."), example=example, default=default, names=names
    )


def cypher_dir() -> Path:
    """Return the ``cypher/`` folder: the installed package's copy, or the checkout's.

    Raises
    ------
    OrggraphError
        When neither is there (a broken installation).
    """
    for folder in CYPHER_DIRS:
        if (folder / "queries").is_dir():
            return folder
    raise OrggraphError(
        f"{CYPHER_DIRS[0]}: the cypher/ query library is missing; reinstall orggraph (pip install orggraph-*.whl)"
    )


def named_queries() -> list[NamedQuery]:
    """Return every query of the library, sorted by name."""
    folder = cypher_dir() / "queries"
    return [parse_named_query(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.cypher"))]


def named_query(name: str) -> NamedQuery:
    """Return the library query called ``name``.

    Raises
    ------
    QueryError
        When there is no such query; the message lists the names there are.
    """
    path = cypher_dir() / "queries" / f"{name}.cypher"
    if not re.fullmatch(r"[\w-]+", name) or not path.is_file():
        names = ", ".join(q.name for q in named_queries())
        raise QueryError(f"no named query {name!r}; the library has: {names}")
    return parse_named_query(name, path.read_text(encoding="utf-8"))


def split_statements(text: str) -> list[str]:
    """Split a Cypher script into statements at semicolons outside strings and comments.

    Comment-only pieces are dropped.

    >>> split_statements("// schema\\nCREATE INDEX a FOR (n:A) ON (n.id);\\nRETURN ';' AS x;")
    ['CREATE INDEX a FOR (n:A) ON (n.id)', "RETURN ';' AS x"]
    """
    statements: list[str] = []
    token = re.compile(NOT_CODE.pattern + "|;", re.S)
    code: list[str] = []
    position = 0
    for found in token.finditer(text):
        code.append(text[position:found.start()])
        position = found.end()
        if found.group() == ";":
            statements.append("".join(code))
            code = []
        elif not found.group().startswith(("//", "/*")):
            code.append(found.group())
    code.append(text[position:])
    statements.append("".join(code))
    return [s.strip() for s in statements if s.strip()]


def schema_statements() -> list[str]:
    """Return the statements of ``cypher/schema.cypher`` (constraints and indexes for Neo4j)."""
    return split_statements((cypher_dir() / "schema.cypher").read_text(encoding="utf-8"))

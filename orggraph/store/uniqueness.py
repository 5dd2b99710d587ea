"""Neo4j's relationship uniqueness on an engine that matches walks (LadybugDB).

Neo4j never binds one relationship twice within a MATCH clause (relationship isomorphism:
a variable-length relationship is a trail, and no relationship of the clause's patterns is
used by two of its relationship patterns). LadybugDB matches walks, so
``(a)-[:LEADS]->(t)<-[:LEADS]-(b)`` also finds ``b = a`` over the same relationship, and its
``recursive_pattern_semantic`` setting does not change that (tried in 0.22). So the embedded
store rewrites every MATCH clause that could reuse a relationship before running it:

- relationship patterns without a variable get one (``_orggraph_r1`` …, bare ``-->`` becomes
  ``-[_orggraph_r1]->``);
- the clause gets predicates: ``r1._uid <> r2._uid`` for two single relationships whose
  types can overlap, ``is_trail(e)`` for a variable-length one, and the same comparison of
  ``_uid`` lists across them (``ALL SHORTEST`` / ``SHORTEST`` paths are trails already); they
  follow a MATCH clause as ``WITH * WHERE …`` and are ANDed with the WHERE of an OPTIONAL
  MATCH (or of a MATCH inside a subquery). ``_uid`` (:data:`orggraph.model.REL_UID`) is a number
  the embedded store gives every relationship: LadybugDB 0.22 compares relationships
  (``r1 <> r2``, ``id(r1) <> id(r2)``) wrongly in patterns of three relationships or more,
  and even property comparisons go wrong there when they sit in the MATCH's own WHERE; after
  the clause they are right. An OPTIONAL MATCH of three or more relationship patterns that
  could share a relationship is refused, as its predicates cannot move out of it.

A query with ``RETURN *`` or ``WITH *`` whose pattern needs a variable added is refused
with a message (the added name would show up as a column).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from orggraph import model as m
from orggraph.errors import QueryError
from orggraph.store.tokens import NAME, PUNCT, WORD, Token, tokenize

__all__ = ["with_relationship_uniqueness", "ADDED_PREFIX"]

ADDED_PREFIX = "_orggraph_r"

#: Words that end a MATCH clause's pattern (or its WHERE), at the clause's own bracket depth.
_CLAUSE_WORDS = frozenset(
    """MATCH OPTIONAL WHERE RETURN WITH UNWIND CALL UNION ORDER SKIP LIMIT CREATE MERGE SET DELETE DETACH
    REMOVE FOREACH""".split()
)
_OPEN, _CLOSE = "([{", ")]}"


@dataclass
class _Relationship:
    """One relationship pattern of a MATCH clause."""

    variable: str | None
    types: frozenset[str] | None  # None: any type
    variable_length: bool
    shortest: bool
    insert_at: int  # where a variable goes (after "[") or -1 for a bare arrow
    bare: tuple[int, int, str] | None = None  # (start, end, replacement template) of a bare arrow


def _clause_end(tokens: list[Token], i: int) -> int:
    """Index of the first token after the pattern (or WHERE expression) starting at ``i``: the next
    clause word at this bracket depth, a ``;``, or the bracket that closes an enclosing subquery."""
    depth = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == PUNCT and token.text in _OPEN:
            depth += 1
        elif token.kind == PUNCT and token.text in _CLOSE:
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and token.text == ";":
            return i
        elif depth == 0 and token.kind == WORD and token.upper in _CLAUSE_WORDS:
            if not (token.upper == "WITH" and tokens[i - 1].is_word("STARTS", "ENDS")):
                return i
        i += 1
    return i


def _closing_bracket(tokens: list[Token], i: int, end: int) -> int:
    """Index of the ``]`` closing the ``[`` at ``i``."""
    depth = 0
    while i < end:
        if tokens[i].kind == PUNCT and tokens[i].text in _OPEN:
            depth += 1
        elif tokens[i].kind == PUNCT and tokens[i].text in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return end


def _relationships(tokens: list[Token], start: int, end: int) -> list[_Relationship]:
    """The relationship patterns at the top level of a MATCH clause's pattern."""
    found: list[_Relationship] = []
    depth = 0
    i = start
    while i < end:
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < end else None
        if token.kind == PUNCT and token.text in "({":
            depth += 1
        elif token.kind == PUNCT and token.text in ")}":
            depth -= 1
        elif depth == 0 and token.kind == PUNCT and token.text in ("-", "<-") and nxt is not None:
            if nxt.text == "[":
                close = _closing_bracket(tokens, i + 1, end)
                found.append(_bracketed(tokens[i + 2 : close], nxt.end))
                i = close + 1
                continue
            if nxt.text in ("-", "->"):  # a bare arrow: - -, - ->, <- -
                left = "<-" if token.text == "<-" else "-"
                right = "->" if nxt.text == "->" else "-"
                found.append(_Relationship(None, None, False, False, -1, (token.start, nxt.end, f"{left}[{{}}]{right}")))
                i += 2
                continue
        i += 1
    return found


def _bracketed(inner: list[Token], after_bracket: int) -> _Relationship:
    """A ``[…]`` relationship pattern from the tokens between its brackets."""
    variable = inner[0].text if inner and inner[0].kind == WORD else None
    types: set[str] = set()
    properties = next((k for k, t in enumerate(inner) if t.text == "{"), len(inner))
    for a, b in zip(inner[:properties], inner[1:properties]):
        if a.text in (":", "|") and b.kind in (WORD, NAME):
            types.add(b.text.strip("`"))
    words = {t.upper for t in inner if t.kind == WORD}
    return _Relationship(
        variable=variable,
        types=frozenset(types) or None,
        variable_length=any(t.text == "*" for t in inner),
        shortest="SHORTEST" in words,
        insert_at=after_bracket,
    )


def _may_share(a: _Relationship, b: _Relationship) -> bool:
    return a.types is None or b.types is None or bool(a.types & b.types)


def _uids(walk: _Relationship) -> str:
    """The relationship numbers along a variable-length relationship, as a list."""
    return f"list_transform(rels({walk.variable}), {ADDED_PREFIX}x -> {ADDED_PREFIX}x.{m.REL_UID})"


def _predicates(rels: list[_Relationship]) -> list[str]:
    """The uniqueness predicates for a clause's relationships (their variables set)."""
    out = [f"is_trail({r.variable})" for r in rels if r.variable_length and not r.shortest]
    for a, b in combinations(rels, 2):
        if not _may_share(a, b):
            continue
        if not a.variable_length and not b.variable_length:
            out.append(f"{a.variable}.{m.REL_UID} <> {b.variable}.{m.REL_UID}")
        elif a.variable_length and b.variable_length:
            out.append(f"NOT list_has_any({_uids(a)}, {_uids(b)})")
        else:
            single, walk = (a, b) if b.variable_length else (b, a)
            out.append(f"NOT {single.variable}.{m.REL_UID} IN {_uids(walk)}")
    return out


def _depths(tokens: list[Token]) -> list[int]:
    """The bracket depth at each token (a MATCH inside ``EXISTS { … }`` is deeper than 0)."""
    depths, depth = [], 0
    for token in tokens:
        if token.kind == PUNCT and token.text in _CLOSE:
            depth = max(depth - 1, 0)
        depths.append(depth)
        if token.kind == PUNCT and token.text in _OPEN:
            depth += 1
    return depths


def with_relationship_uniqueness(query: str) -> str:
    """Return the query with predicates that keep each MATCH clause's relationships distinct.

    >>> print(with_relationship_uniqueness("MATCH (a)-[:LEADS]->(t)<-[:LEADS]-(b) RETURN b"))
    MATCH (a)-[_orggraph_r1:LEADS]->(t)<-[_orggraph_r2:LEADS]-(b) WITH * WHERE _orggraph_r1._uid <> _orggraph_r2._uid RETURN b
    >>> with_relationship_uniqueness("MATCH (a)-[:LEADS]->(t)<-[:SUPERVISES]-(l) RETURN l")  # cannot share
    'MATCH (a)-[:LEADS]->(t)<-[:SUPERVISES]-(l) RETURN l'

    Raises
    ------
    QueryError
        When a clause needs a name added and the query returns ``*``.
    """
    tokens = tokenize(query)
    edits: list[tuple[int, int, str]] = []  # (start, end, text) replacements, in order of position
    used = {t.text for t in tokens if t.kind == WORD}
    counter = 0
    depth = _depths(tokens)
    for i, token in enumerate(tokens):
        if not token.is_word("MATCH"):
            continue
        end = _clause_end(tokens, i + 1)
        rels = _relationships(tokens, i + 1, end)
        if len(rels) < 2 and not any(r.variable_length and not r.shortest for r in rels):
            continue
        needed = {id(r) for r in rels if r.variable_length and not r.shortest}
        for a, b in combinations(rels, 2):
            if _may_share(a, b):
                needed.update((id(a), id(b)))
        if not needed:
            continue
        for rel in rels:
            if id(rel) not in needed or rel.variable:
                continue
            counter += 1
            while f"{ADDED_PREFIX}{counter}" in used:
                counter += 1
            rel.variable = f"{ADDED_PREFIX}{counter}"
            if rel.bare:
                start, stop, template = rel.bare
                edits.append((start, stop, template.format(rel.variable)))
            else:
                edits.append((rel.insert_at, rel.insert_at, rel.variable))
        predicates = " AND ".join(_predicates([r for r in rels if id(r) in needed]))
        where_end = _clause_end(tokens, end + 1) if end < len(tokens) and tokens[end].is_word("WHERE") else end
        optional = i > 0 and tokens[i - 1].is_word("OPTIONAL")
        if not optional and depth[i] == 0:
            # After the clause, once its rows are whole: LadybugDB 0.22 evaluates such predicates
            # wrongly inside the MATCH of a pattern with three relationships or more.
            stop = tokens[where_end - 1].end
            edits.append((stop, stop, f" WITH * WHERE {predicates}"))
        elif len(needed) > 2 and optional:
            raise QueryError(
                "the embedded engine cannot keep the relationships of an OPTIONAL MATCH with three or more "
                "relationship patterns distinct as Neo4j does (LadybugDB 0.22 evaluates that wrongly); "
                "split the pattern, or run the query on Neo4j"
            )
        elif where_end != end:
            edits.append((tokens[end].end, tokens[end].end, " ("))
            stop = tokens[where_end - 1].end
            edits.append((stop, stop, f") AND {predicates}"))
        else:
            stop = tokens[end - 1].end
            edits.append((stop, stop, f" WHERE {predicates}"))
    if not edits:
        return query
    added = any(ADDED_PREFIX in text for *_, text in edits)
    if added and any(t.text == "*" and i and tokens[i - 1].is_word("RETURN", "WITH") for i, t in enumerate(tokens)):
        raise QueryError(
            "the embedded engine keeps a pattern's relationships distinct (as Neo4j does) by naming them; "
            "with RETURN * or WITH * name every relationship of the pattern yourself, e.g. -[r1:LEADS]->"
        )
    pieces: list[str] = []
    position = 0
    for start, stop, text in sorted(edits, key=lambda e: (e[0], e[1])):
        pieces.append(query[position:start])
        pieces.append(text)
        position = stop
    pieces.append(query[position:])
    return "".join(pieces)

"""What a query may do: an allow-list of read clauses, functions and procedures.

A query runs in read mode unless the caller allows writes. In read mode every bare word of
the query's code must be a read keyword (:data:`READ_KEYWORDS`), a function on
:data:`READ_FUNCTIONS`, a procedure on :data:`READ_PROCEDURES` after ``CALL``, or a name the
query itself binds (a pattern variable, an ``AS`` alias, a comprehension variable);
property keys, labels, relationship types, map keys, strings, quoted names, parameters and
comments are not code words. Anything else (``CREATE``, ``SET``, LadybugDB's ``COMMENT ON``,
a clause orggraph does not know) is refused, so a clause added to an engine later is refused
until it is listed here. This is what guards a Bolt server that accepts writes in a read
session (ArcadeDB does).

Some things are refused even with writes allowed (:data:`HOST_CLAUSES`): clauses that read or
write files on the machine running the engine (``LOAD FROM``, ``COPY``, ``LOAD CSV``, …) and
procedures off the list (LadybugDB's ``READ_CSV_SERIAL`` and its siblings read files and crash
the process).
"""

from __future__ import annotations

from collections.abc import Iterable

from orggraph.errors import QueryError
from orggraph.store.tokens import COMMENT, NAME, PUNCT, SPACE, STRING, WORD, Token, tokenize

__all__ = [
    "READ_KEYWORDS",
    "WRITE_KEYWORDS",
    "HOST_CLAUSES",
    "READ_FUNCTIONS",
    "READ_PROCEDURES",
    "check_query",
    "is_write_query",
    "relationships_read",
]

#: Words of read queries: clauses, operators, literals and sub-clauses.
READ_KEYWORDS = frozenset(
    """MATCH OPTIONAL WHERE WITH RETURN UNWIND ORDER BY SKIP OFFSET LIMIT UNION ALL DISTINCT AS ASC DESC
    ASCENDING DESCENDING CASE WHEN THEN ELSE END AND OR XOR NOT IN IS NULL TRUE FALSE STARTS ENDS CONTAINS
    EXISTS COUNT CALL YIELD SHORTEST ANY NONE SINGLE EXPLAIN PROFILE""".split()
)

#: Words of clauses that change the database; allowed only when writes are.
WRITE_KEYWORDS = frozenset(
    "CREATE MERGE SET DELETE DETACH REMOVE FOREACH DROP ALTER COMMENT BEGIN COMMIT ROLLBACK CHECKPOINT".split()
)

#: Clauses that reach the engine's host (files, extensions, other databases): never run.
HOST_CLAUSES = frozenset("LOAD COPY INSTALL UNINSTALL ATTACH IMPORT EXPORT USE PROJECT_GRAPH".split())

#: Functions of read queries, in capitals: Neo4j's and LadybugDB's spellings.
READ_FUNCTIONS = frozenset(
    """COUNT SUM AVG MIN MAX COLLECT STDEV STDEVP PERCENTILECONT PERCENTILEDISC COUNT_IF
    ID ELEMENTID LABEL LABELS TYPE KEYS PROPERTIES NODES RELS RELATIONSHIPS STARTNODE ENDNODE START_NODE
    END_NODE LENGTH SIZE COST IS_TRAIL IS_ACYCLIC SHORTESTPATH ALLSHORTESTPATHS EXISTS ISEMPTY
    COALESCE NULLIF IFNULL CASE CAST TYPEOF VALUETYPE
    ALL ANY NONE SINGLE REDUCE RANGE HEAD LAST TAIL REVERSE
    LIST_CONTAINS LIST_HAS LIST_HAS_ALL LIST_HAS_ANY LIST_CONCAT LIST_CAT LIST_APPEND LIST_PREPEND LIST_SLICE
    LIST_SORT LIST_REVERSE_SORT LIST_DISTINCT LIST_UNIQUE LIST_SUM LIST_PRODUCT LIST_MIN LIST_MAX LIST_EXTRACT
    LIST_ELEMENT LIST_POSITION LIST_INDEXOF LIST_REVERSE LIST_TO_STRING LIST_TRANSFORM LIST_FILTER LIST_REDUCE
    LIST_ANY_VALUE ARRAY_CONTAINS ARRAY_HAS ARRAY_SLICE ARRAY_EXTRACT ARRAY_POSITION ARRAY_INDEXOF
    TOSTRING TOINTEGER TOFLOAT TOBOOLEAN TOSTRINGORNULL TOINTEGERORNULL TOFLOATORNULL TOBOOLEANORNULL
    TO_STRING TO_INT64 TO_INT32 TO_DOUBLE TO_FLOAT TO_BOOL STRING
    TOLOWER TOUPPER LOWER UPPER LCASE UCASE TRIM LTRIM RTRIM BTRIM SUBSTRING SUBSTR LEFT RIGHT REPLACE SPLIT
    STRING_SPLIT STR_SPLIT SPLIT_PART CONCAT CONCAT_WS STARTS_WITH ENDS_WITH PREFIX SUFFIX CONTAINS LPAD RPAD
    REPEAT INITCAP LEVENSHTEIN REGEXP_MATCHES REGEXP_FULL_MATCH REGEXP_EXTRACT REGEXP_EXTRACT_ALL
    REGEXP_REPLACE REGEXP_SPLIT_TO_ARRAY CHAR_LENGTH CHARACTER_LENGTH NORMALIZE
    ABS CEIL CEILING FLOOR ROUND SIGN SQRT CBRT EXP LOG LOG2 LOG10 LN POW POWER PI E RAND RANDOM
    SIN COS TAN COT ASIN ACOS ATAN ATAN2 DEGREES RADIANS GREATEST LEAST EVEN FACTORIAL
    DATE DATETIME LOCALDATETIME TIME LOCALTIME DURATION TIMESTAMP INTERVAL
    MAP MAP_KEYS MAP_VALUES MAP_EXTRACT STRUCT_EXTRACT""".split()
)

#: Procedures (``CALL name(…)``) that only describe the database, in lower case.
READ_PROCEDURES = frozenset(
    """show_tables table_info show_connection show_indexes show_functions db_version current_setting
    db.labels db.relationshiptypes db.propertykeys db.schema.visualization db.schema.nodetypeproperties
    db.schema.reltypeproperties dbms.components""".split()
)


def _bound_names(tokens: list[Token]) -> set[str]:
    """Names the query binds: pattern and path variables, aliases, comprehension and lambda variables."""
    names: set[str] = set()
    for i, token in enumerate(tokens):
        if token.kind != WORD:
            continue
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if before is not None and before.is_word("AS", "YIELD"):
            names.add(token.text)
        elif before is not None and before.text in ("(", "[", ",") and after is not None and (
            after.text in (":", ")", "]", "{", "*", "->", "=") or after.is_word("IN")
        ):
            names.add(token.text)
        elif after is not None and after.text == "=" and before is not None and before.is_word("MATCH"):
            names.add(token.text)  # a named path
        elif before is not None and before.text == "," and tokens[i - 2].kind == WORD and tokens[i - 2].text in names:
            names.add(token.text)  # YIELD a, b
    return names


def _dotted_name(tokens: list[Token], i: int) -> tuple[str, int]:
    """The dotted name starting at ``tokens[i]`` (``db.schema.visualization``) and the index after it."""
    parts = [tokens[i].text]
    i += 1
    while i + 1 < len(tokens) and tokens[i].text == "." and tokens[i + 1].kind in (WORD, NAME):
        parts.append(tokens[i + 1].text.strip("`"))
        i += 2
    return ".".join(parts), i


def _refusal(query: str, write: bool) -> str | None:
    """Why the query may not run (None when it may)."""
    tokens = tokenize(query)
    bound = _bound_names(tokens)
    procedure_columns = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        i += 1
        if token.kind != WORD:
            continue
        word = token.upper
        if before is not None and before.text in (".", ":", "|"):
            continue  # a property key, a label or a relationship type
        if after is not None and after.text == ":" and before is not None and before.text in ("{", ",", "(", "["):
            continue  # a map key, or a variable given its label
        if word in HOST_CLAUSES:
            return f"{word} reaches files or databases outside the graph; orggraph does not run it"
        if word == "CALL" and after is not None and after.kind in (WORD, NAME):
            procedure, i = _dotted_name(tokens, i)
            if procedure.strip("`").lower() not in READ_PROCEDURES:
                return (f"procedure {procedure} is not one orggraph runs; it runs only "
                        f"{', '.join(sorted(READ_PROCEDURES))}")
            procedure_columns = True  # its output columns are names the query may use
            continue
        if word in READ_KEYWORDS:
            continue
        if word in WRITE_KEYWORDS and not (word == "COMMENT" and not (after and after.is_word("ON"))):
            if write:
                continue
            return f"the query writes ({word}); pass --write to allow changes to the database"
        if after is not None and (after.text in ("(", ".") and token.text not in bound):
            function, end = _dotted_name(tokens, i - 1)
            if end < len(tokens) and tokens[end].text == "(":
                if function.upper() in READ_FUNCTIONS or write:
                    i = end
                    continue
                return f"function {function} is not on orggraph's list of read functions; pass --write to run it"
        if token.text in bound or write or procedure_columns:
            continue
        return f"{token.text} is not a read clause or a name the query binds; pass --write to run it"
    return None


def check_query(query: str, *, write: bool = False) -> None:
    """Raise :class:`~orggraph.errors.QueryError` unless the query may run.

    >>> check_query("MATCH (u:Unit {name: $unit})-[r:LEADS]->(t) RETURN u.name AS unit, count(t) AS n")
    >>> check_query("COMMENT ON TABLE Unit IS 'x'")
    Traceback (most recent call last):
    ...
    orggraph.errors.QueryError: the query writes (COMMENT); pass --write to allow changes to the database
    """
    reason = _refusal(query, write)
    if reason:
        raise QueryError(reason)


def is_write_query(query: str) -> bool:
    """Tell whether a query needs writes allowed (anything beyond the read allow-list).

    Words inside strings, quoted names, comments, property keys (``n.set``) and map keys
    (``{create: 1}``) do not count.

    >>> is_write_query("MATCH (t:Task) WHERE t.text CONTAINS 'CREATE' RETURN t.set")
    False
    >>> is_write_query("match (n) detach delete n")
    True
    """
    return _refusal(query, False) is not None


def relationships_read(query: str, types: Iterable[str]) -> set[str]:
    """The relationship types among ``types`` that a query could read.

    A type is read when the query names it anywhere, in any case (in a string too: a
    procedure may take a table's name), and every type is when one of the query's
    relationship patterns takes any type: ``-[r]->``, ``-[*..3]-``, ``-[r {x: 1}]-`` or a bare
    ``--``, ``-->``, ``<--``. Text that only looks like such a pattern (``a - -1``, ``a<-1``)
    counts as one, so the answer errs towards more. No relationship of a type left out can
    reach the answer, so a store may leave those unloaded until a query that needs them comes.

    >>> derived = {"COORDINATES_WITH"}
    >>> relationships_read("MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR]->(t) RETURN count(r)", derived)
    set()
    >>> [bool(relationships_read(q, derived)) for q in ("MATCH (a)-[r]->(b) RETURN r", "MATCH (a)--(b) RETURN a",
    ...     "MATCH (a)-[:coordinates_with]->(b) RETURN a", "MATCH (a)-[r:LEADS*1..2]-(b) RETURN a")]
    [True, True, True, False]
    """
    tokens = tokenize(query, code_only=False)
    code = [t for t in tokens if t.kind not in (SPACE, COMMENT)]
    for i, token in enumerate(code[:-1]):
        after = code[i + 1].text
        if token.text in ("-", "<-") and after in ("-", "->"):  # a bare arrow: any type
            return set(types)
        if token.text in ("-", "<-") and after == "[" and not _typed(code, i + 1):
            return set(types)
    words = [token.upper for token in tokens if token.kind in (WORD, NAME, STRING)]
    return {rel for rel in types if any(rel.upper() in word for word in words)}


def _typed(code: list[Token], opening: int) -> bool:
    """Whether the relationship pattern opening at ``code[opening]`` (a ``[``) names its types:
    a ``:`` inside the brackets but outside any property map or nested bracket."""
    depth = 0
    for token in code[opening:]:
        if token.kind != PUNCT:
            continue
        if token.text in "([{":
            depth += 1
        elif token.text in ")]}":
            depth -= 1
            if depth == 0:
                return False
        elif token.text == ":" and depth == 1:
            return True
    return False

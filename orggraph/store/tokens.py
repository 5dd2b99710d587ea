"""Cypher text as tokens: words, names, strings, numbers, parameters and punctuation.

The read-only guard (:mod:`orggraph.store.guard`) and the embedded engine's pattern rewrite
(:mod:`orggraph.store.uniqueness`) both look at a query's code, never inside its strings,
quoted names or comments; this module is the one place that tells them apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "tokenize", "WORD", "NAME", "STRING", "NUMBER", "PARAMETER", "PUNCT", "SPACE", "COMMENT"]

WORD, NAME, STRING, NUMBER, PARAMETER, PUNCT, SPACE, COMMENT = (
    "word", "name", "string", "number", "parameter", "punct", "space", "comment",
)

_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))"
    r"|(?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|\"(?:[^\"\\]|\\.)*(?:\"|\Z))"
    r"|(?P<name>`(?:[^`]|``)*(?:`|\Z))"
    r"|(?P<parameter>\$(?:\w+|`[^`]*`))"
    r"|(?P<number>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
    r"|(?P<word>[^\W\d]\w*)"
    r"|(?P<punct><>|<=|>=|=~|->|<-|\.\.|\+=|::|.)",
    re.S,
)


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text and where it starts and ends in the query."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        """The text in capitals (keywords are case-insensitive)."""
        return self.text.upper()

    def is_word(self, *words: str) -> bool:
        """True for a bare word equal to one of ``words`` (given in capitals), any case."""
        return self.kind == WORD and self.upper in words


def tokenize(query: str, *, code_only: bool = True) -> list[Token]:
    """Split a query into tokens; with ``code_only`` (the default) spaces and comments are dropped.

    >>> [t.text for t in tokenize("MATCH (u:Unit)-->(t) // x\\nRETURN 'a;b'")]
    ['MATCH', '(', 'u', ':', 'Unit', ')', '-', '->', '(', 't', ')', 'RETURN', "'a;b'"]
    """
    tokens = [Token(found.lastgroup, found.group(), found.start(), found.end()) for found in _TOKEN.finditer(query)]
    if code_only:
        return [t for t in tokens if t.kind not in (SPACE, COMMENT)]
    return tokens

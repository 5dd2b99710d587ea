"""Text similarity for Chinese task descriptions: normalised tokens, token bigrams, Dice score.

A task's wording is compared as a set of token bigrams. Tokens are single characters,
except that a number (``5.5``, ``2026``, full-width ``５``) is one token, so a changed figure
costs two bigrams whatever its length. Punctuation and spaces are dropped and letters and
digits are folded to their half-width, lower-case form (NFKC), so ``增长5.5%。`` and
``增长５.５％`` are the same text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["TextSpan", "plain_text", "comparable_text", "tokens", "bigrams", "bigrams_of", "dice", "changed_spans"]

_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W_]|%", re.UNICODE)
_SPACE = re.compile(r"\s+")


def plain_text(text: str) -> str:
    """Return the text without spaces and line breaks (how a cell wraps is layout, not wording)."""
    return _SPACE.sub("", text)


def comparable_text(text: str) -> str:
    """Return the text as compared for "changed": without spaces, full-width forms folded (NFKC).

    >>> comparable_text("增长５.５％， 左右") == comparable_text("增长5.5%,左右")
    True
    """
    return unicodedata.normalize("NFKC", plain_text(text))


def tokens(text: str) -> list[str]:
    """Return the tokens of a text: characters, numbers as one token, no punctuation.

    >>> tokens("全区生产总值增长５.５％左右。")
    ['全', '区', '生', '产', '总', '值', '增', '长', '5.5', '%', '左', '右']
    """
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def bigrams(text: str) -> frozenset[str]:
    """Return the set of token bigrams of a text (the single token of a one-token text).

    >>> sorted(bigrams("增长5%"))
    ['5\\x1f%', '增\\x1f长', '长\\x1f5']
    """
    return bigrams_of(tokens(text))


def bigrams_of(found: list[str]) -> frozenset[str]:
    """Return the set of bigrams of a token list (the single token of a one-token list)."""
    if len(found) < 2:
        return frozenset(found)
    return frozenset(f"{a}\x1f{b}" for a, b in zip(found, found[1:]))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Return the Dice coefficient of two bigram sets: 2|a∩b| / (|a|+|b|), 1.0 for two empty sets.

    >>> round(dice(bigrams("推进城市更新"), bigrams("推进城市更新行动")), 6)
    0.833333
    """
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass(frozen=True)
class TextSpan:
    """One changed stretch of a task's text: what stood in the old text and what stands in the new.

    ``old_at`` and ``new_at`` are where the stretch starts in each text (as :func:`plain_text` gives it).
    """

    old: str
    new: str
    old_at: int = 0
    new_at: int = 0


def changed_spans(old: str, new: str) -> tuple[TextSpan, ...]:
    """Return the stretches that differ between two texts, in reading order; none when only spacing or width differ.

    >>> changed_spans("工业增加值增长5.5%。", "工业增加值增长6%。")
    (TextSpan(old='5.5', new='6', old_at=7, new_at=7),)
    >>> changed_spans("增长５％", "增长 5%")
    ()
    >>> changed_spans("新增保租房200套", "新增保障性租赁住房300套")
    (TextSpan(old='', new='障性', old_at=3, new_at=3), TextSpan(old='', new='赁住', old_at=4, new_at=6), TextSpan(old='200', new='300', old_at=5, new_at=9))
    """
    a, b = plain_text(old), plain_text(new)
    if unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b):
        return ()
    # Whole numbers are one unit of the diff, so 200 → 300 reads as one change, not 2 → 3.
    a_parts, b_parts = _DIFF_UNIT.findall(a), _DIFF_UNIT.findall(b)
    a_at, b_at = _offsets(a_parts), _offsets(b_parts)
    matcher = difflib.SequenceMatcher(None, a_parts, b_parts, autojunk=False)
    return tuple(
        TextSpan("".join(a_parts[i1:i2]), "".join(b_parts[j1:j2]), a_at[i1], b_at[j1])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    )


_DIFF_UNIT = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?|.", re.S)


def _offsets(parts: list[str]) -> list[int]:
    """Start of each part in the joined text, plus the end."""
    out = [0]
    for part in parts:
        out.append(out[-1] + len(part))
    return out

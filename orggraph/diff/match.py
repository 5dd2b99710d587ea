"""One-to-one matching of two lists of task texts, without comparing every pair.

Candidates come from an inverted index of token bigrams: for each new text the rarest of its
bigrams are looked up (up to :data:`POSTINGS_BUDGET` index entries), and the old texts sharing
the most of them become its candidates, together with every old text of the same normalised
wording. Only candidates are scored (Dice on bigram sets). Pairs at or above the threshold are
then taken greedily, best first; ties are broken by the caller's tie-breakers (section,
units), then by position, so the result is the same on every run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from orggraph.diff.text import bigrams_of, dice, tokens

__all__ = ["Match", "match_texts", "DEFAULT_THRESHOLD", "CANDIDATES", "POSTINGS_BUDGET"]

#: Similarity below which two tasks are not the same task.
DEFAULT_THRESHOLD = 0.5
#: Old texts scored for each new text (besides those of equal wording).
CANDIDATES = 8
#: Index entries read per new text: rare bigrams first, so common words cost nothing.
POSTINGS_BUDGET = 800


@dataclass(frozen=True)
class Match:
    """An old position, a new position and their text similarity (0–1)."""

    old: int
    new: int
    similarity: float


TieBreak = Callable[[int, int], tuple]


def _candidates(old_grams: list[frozenset[str]], new_grams: list[frozenset[str]], wanted: Sequence[int]) -> dict[int, list[int]]:
    """For each wanted new position, the old positions sharing the most rare bigrams with it."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, grams in enumerate(old_grams):
        for g in grams:
            index[g].append(i)
    postings = {g: np.asarray(ids, dtype=np.int32) for g, ids in index.items()}
    found: dict[int, list[int]] = {}
    for j in wanted:
        lists = sorted((postings[g] for g in new_grams[j] if g in postings), key=len)
        chosen, total = [], 0
        for ids in lists:
            if chosen and total + len(ids) > POSTINGS_BUDGET:
                break
            chosen.append(ids)
            total += len(ids)
        if not chosen:
            found[j] = []
            continue
        ids, counts = np.unique(np.concatenate(chosen), return_counts=True)
        if len(ids) > CANDIDATES:
            # Most shared bigrams first; equal counts by position (stable sort keeps ids ascending).
            top = np.argsort(-counts, kind="stable")[:CANDIDATES]
            ids = ids[np.sort(top)]
        found[j] = ids.tolist()
    return found


def match_texts(
    old: Sequence[str],
    new: Sequence[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    tie_break: TieBreak | None = None,
) -> list[Match]:
    """Pair old and new texts one to one, most similar first; unpaired texts are left out.

    Parameters
    ----------
    old, new : sequence of str
        The texts, in document order.
    threshold : float
        Least similarity (Dice on token bigrams) of a pair.
    tie_break : callable, optional
        ``tie_break(i, j)`` returns a tuple, larger for a better pair; it orders pairs of equal
        similarity (e.g. same section, shared units). Position decides the rest.

    Returns
    -------
    list of Match
        In new-document order.

    Examples
    --------
    >>> [(m.old, m.new, m.similarity) for m in match_texts(["推进城市更新", "建设智慧城市"], ["建设智慧城市", "推进城市更新行动", "全新任务"])]
    [(1, 0, 1.0), (0, 1, 0.833333)]
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    old_tokens = [tokens(t) for t in old]
    new_tokens = [tokens(t) for t in new]
    # Texts with the same tokens (differing only in punctuation, spacing or width) have the same wording.
    old_norm = ["\x1f".join(t) for t in old_tokens]
    new_norm = ["\x1f".join(t) for t in new_tokens]
    same_wording: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(old_norm):
        same_wording[text].append(i)
    new_count: dict[str, int] = defaultdict(int)
    for text in new_norm:
        new_count[text] += 1

    pairs: dict[tuple[int, int], float] = {}
    # Texts whose wording has as many copies in the old document as in the new are all paired exactly;
    # only the others need looking up.
    wanted = []
    for j, text in enumerate(new_norm):
        for i in same_wording.get(text, ()):
            pairs[(i, j)] = 1.0
        if new_count[text] > len(same_wording.get(text, ())):
            wanted.append(j)
    if wanted:
        old_grams = [bigrams_of(t) for t in old_tokens]
        new_grams = {j: bigrams_of(new_tokens[j]) for j in wanted}
        dense = [new_grams.get(j, frozenset()) for j in range(len(new))]
        for j, candidates in _candidates(old_grams, dense, wanted).items():
            for i in candidates:
                if (i, j) not in pairs:
                    pairs[(i, j)] = dice(old_grams[i], new_grams[j])

    n_old, n_new = max(len(old), 1), max(len(new), 1)
    kept = [(i, j, s) for (i, j), s in pairs.items() if s >= threshold]
    # Only pairs that compete with another pair of the same similarity (for the same old or new
    # text) need the caller's tie-breakers; the order of the others changes nothing.
    rivals: dict[tuple, int] = defaultdict(int)
    for i, j, s in kept:
        rivals[("old", i, s)] += 1
        rivals[("new", j, s)] += 1
    scored = []
    for i, j, similarity in kept:
        contested = tie_break is not None and (rivals[("old", i, similarity)] > 1 or rivals[("new", j, similarity)] > 1)
        extra = tuple(-x for x in tie_break(i, j)) if contested else ()
        scored.append(((-similarity, extra, abs(i / n_old - j / n_new), j, i), i, j, similarity))
    scored.sort()
    old_taken, new_taken = set(), set()
    matches = []
    for _, i, j, similarity in scored:
        if i in old_taken or j in new_taken:
            continue
        old_taken.add(i)
        new_taken.add(j)
        matches.append(Match(i, j, round(similarity, 6)))
    matches.sort(key=lambda m: m.new)
    return matches

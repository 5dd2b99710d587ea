"""The unit projection of the task graph as sparse matrix products.

With the task×unit incidence split by role, ``A = L + R`` (lead and responsible), every
link weight of the coordination graph is one product: shared tasks ``AᵀA``, Newman's
weight ``Aᵀ diag(1/(n_t − 1)) A``, the role pairs ``LᵀL``, ``LᵀR + RᵀL`` and ``RᵀR``. The
shared-task lists come from the pairs of each task, generated per task size in one array
operation and sorted once. No Python loop runs over pairs of units.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from orggraph import model as m

__all__ = ["UnitProjection", "project_units", "positions", "incidence", "pair_weights"]


@dataclass(frozen=True)
class UnitProjection:
    """Every linked pair of units (``a`` < ``b`` as positions in ``units``) with its weights.

    ``tasks`` are the task ids in the order they were given (the rows of the incidence).

    Arrays are aligned: pair *i* links ``units[a[i]]`` and ``units[b[i]]``, pairs in sorted
    order of unit ids. ``shared_tasks[i]`` lists the pair's tasks in the order ``tasks`` gave them;
    ``shared_rows[shared_indptr[i]:shared_indptr[i + 1]]`` are the same tasks as positions in
    that order (the pair×task incidence in CSR form, for products such as leaders per pair).
    """

    units: tuple[str, ...]
    tasks: tuple[str, ...]
    a: np.ndarray
    b: np.ndarray
    count: np.ndarray
    newman: np.ndarray
    jaccard: np.ndarray
    lead_lead: np.ndarray
    lead_responsible: np.ndarray
    responsible_responsible: np.ndarray
    shared_indptr: np.ndarray
    shared_rows: np.ndarray

    @cached_property
    def shared_tasks(self) -> list[list[str]]:
        """Each pair's shared task ids, as lists (made on first use: 10⁶ lists cost seconds)."""
        names = np.asarray(self.tasks, dtype=object)[self.shared_rows].tolist()
        bounds = self.shared_indptr.tolist()
        return [names[start:end] for start, end in zip(bounds[:-1], bounds[1:])]

    def pair_tasks(self):
        """The pair×task incidence: row *i* has a one at each task pair *i* shares (scipy CSR array)."""
        from scipy import sparse

        shape = (len(self.a), len(self.tasks))
        ones = np.ones(len(self.shared_rows))
        return sparse.csr_array((ones, self.shared_rows, self.shared_indptr), shape=shape)


def project_units(tasks: dict[str, dict[str, m.Role]], units: list[str]) -> UnitProjection:
    """Project tasks onto units: which units share tasks, and how strongly.

    ``tasks`` is ``{task id: {unit id: Role}}`` (units of each task sorted by id; tasks in
    reading order, which the shared-task lists keep), ``units`` the sorted unit ids every
    task's units belong to.

    >>> P = project_units({"t1": {"a": m.Role.LEAD, "b": m.Role.RESPONSIBLE, "c": m.Role.RESPONSIBLE},
    ...                    "t2": {"a": m.Role.LEAD, "b": m.Role.RESPONSIBLE}}, ["a", "b", "c"])
    >>> P.count.tolist(), P.newman.tolist(), P.jaccard.tolist(), P.shared_tasks
    ([2, 1, 1], [1.5, 0.5, 0.5], [1.0, 0.5, 0.5], [['t1', 't2'], ['t1'], ['t1']])
    """
    index = {u: i for i, u in enumerate(units)}
    task_ids = list(tasks)
    rows: list[int] = []
    cols: list[int] = []
    leads: list[bool] = []
    for row, t in enumerate(task_ids):
        for u, role in tasks[t].items():
            rows.append(row)
            cols.append(index[u])
            leads.append(role is m.Role.LEAD)
    shape = (len(task_ids), len(units))
    row_of = np.asarray(rows, dtype=np.int64)
    col_of = np.asarray(cols, dtype=np.int64)
    is_lead = np.asarray(leads, dtype=bool)
    L = incidence(row_of[is_lead], col_of[is_lead], shape)
    R = incidence(row_of[~is_lead], col_of[~is_lead], shape)
    A = (L + R).tocsr()
    a, b, indptr, owner = _pairs(A)
    weights = pair_weights(A)  # the same pairs in the same order as _pairs gives them
    return UnitProjection(
        units=tuple(units), tasks=tuple(task_ids), a=a, b=b, count=weights["count"], newman=weights["newman"], jaccard=weights["jaccard"],
        lead_lead=_at(L.T @ L, a, b).astype(np.int64),
        lead_responsible=_at(L.T @ R + R.T @ L, a, b).astype(np.int64),
        responsible_responsible=_at(R.T @ R, a, b).astype(np.int64),
        shared_indptr=indptr, shared_rows=owner,
    )


def positions(groups: Iterable[Iterable[str]], members: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of every member of every group, as :func:`incidence` takes them.

    Groups are rows in the order given, members columns at their place in ``members``;
    names not in ``members`` are left out. Entries come group by group, each in its order.

    >>> rows, cols = positions([["b", "x"], [], ["a", "b"]], ["a", "b"])
    >>> rows.tolist(), cols.tolist()
    ([0, 2, 2], [1, 0, 1])
    """
    column = {name: i for i, name in enumerate(members)}
    rows: list[int] = []
    cols: list[int] = []
    for row, group in enumerate(groups):
        for name in group:
            i = column.get(name)
            if i is not None:
                rows.append(row)
                cols.append(i)
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


def incidence(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]):
    """The 0/1 task×unit matrix with ones at (``rows[i]``, ``cols[i]``); a repeated pair counts once."""
    from scipy import sparse

    M = sparse.csr_array((np.ones(len(rows)), (rows, cols)), shape=shape)
    M.data[:] = 1.0
    return M


def pair_weights(A, weightings: tuple[str, ...] = ("count", "newman", "jaccard")) -> dict[str, np.ndarray]:
    """Every linked pair of units (``"a"`` < ``"b"``, sorted) and its link weights, from the task×unit incidence ``A``.

    ``"count"`` is ``AᵀA``, ``"newman"`` is ``Aᵀ diag(1/(n_t − 1)) A`` (nonzero exactly where
    the count is, as every shared task adds a positive share), ``"jaccard"`` divides the
    count by the tasks of either unit. Only the ``weightings`` asked for are computed (a
    randomised table needs one).
    """
    from scipy import sparse

    found: dict[str, np.ndarray] = {}
    if "newman" in weightings:
        size = np.diff(A.indptr)
        share = np.divide(1.0, size - 1, out=np.zeros(len(size)), where=size >= 2)
        upper = _upper(A.T @ sparse.diags_array(share) @ A)
        found["newman"] = np.round(upper.data, 12)
    if "count" in weightings or "jaccard" in weightings:
        shared = (A.T @ A).tocsr()
        upper = _upper(shared)
        count = np.rint(upper.data).astype(np.int64)
        found["count"] = count
    a = np.repeat(np.arange(upper.shape[0]), np.diff(upper.indptr))
    b = upper.indices.astype(np.int64)
    if "jaccard" in weightings:
        own = shared.diagonal().astype(np.int64)
        found["jaccard"] = count / (own[a] + own[b] - count) if len(a) else np.zeros(0)
    return {"a": a, "b": b, **{w: found[w] for w in weightings}}


def _upper(M):
    """The strict upper triangle of a square sparse matrix, rows in order and columns sorted within them."""
    from scipy import sparse

    upper = sparse.triu(M, k=1).tocsr()
    upper.eliminate_zeros()
    upper.sort_indices()
    return upper


def _at(M, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Entries ``M[a[i], b[i]]`` of a sparse matrix, as a flat float array."""
    if len(a) == 0:
        return np.zeros(0)
    return np.asarray(M.tocsr()[a, b]).ravel().astype(np.float64)


def _pairs(A) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The linked unit pairs in sorted order and their shared tasks, from the task rows of ``A``.

    Returns ``a``, ``b``, and the pair×task incidence as CSR ``indptr`` and task rows (each
    pair's tasks in row order). Tasks of one size are handled together: their units form a
    (tasks × size) array whose upper-triangle column pairs are all the unit pairs those tasks make.
    """
    A = A.copy()
    A.sort_indices()
    size = np.diff(A.indptr)
    U = A.shape[1]
    keys: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    for n in np.unique(size[size >= 2]):
        task_rows = np.flatnonzero(size == n)
        starts = A.indptr[task_rows]
        members = A.indices[starts[:, None] + np.arange(n)]  # units of each task, ascending
        i, j = np.triu_indices(n, k=1)
        keys.append((members[:, i].astype(np.int64) * U + members[:, j]).ravel())
        owners.append(np.repeat(task_rows, len(i)))
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(1, dtype=np.int64), empty
    key = np.concatenate(keys)
    owner = np.concatenate(owners)
    order = np.lexsort((owner, key))
    key, owner = key[order], owner[order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    a, b = np.divmod(key[first], U)
    return a, b, np.r_[first, len(key)].astype(np.int64), owner.astype(np.int64)

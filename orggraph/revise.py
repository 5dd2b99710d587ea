"""A "next year" version of a responsibility table, with the changes made to it written down.

:func:`revise_result` takes a table (e.g. from :func:`orggraph.generate.generate_result`) and
drops tasks, adds new ones, rewords some, gives some a different lead unit, leader or extra
responsible unit, moves some to another section and numbers the whole table afresh. It returns
the new table and the ground truth, so a diff can be checked against what really changed.

Changes touch only tasks whose wording is unique in the table, and new tasks are worded from a
vocabulary of their own, so the truth is unambiguous: no dropped task reads like a kept one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord

__all__ = ["RevisionTruth", "Revision", "revise_result", "REWORDINGS"]

#: Clauses a rewording appends; all of one length, so no rewording is closer to another task than to its own.
REWORDINGS = ("确保按期完成", "力争提前见效", "纳入专项督查", "实行清单管理")

# Wording of new tasks: a vocabulary the generator does not use.
_NEW_VERBS = ("谋划", "探索", "试点", "筹建", "引育", "拓展", "焕新", "攻坚")
_NEW_OBJECTS = (
    "海丝文化展示馆", "低空经济产业园", "银发经济服务圈", "夜间消费集聚区", "青年友好型街区", "跨境电商孵化基地",
    "嵌入式托育驿站", "碳普惠交易机制", "侨批档案数字库", "非遗工坊联盟", "口袋公园群落", "共享菜园网络",
    "社区食堂联网", "老字号焕活计划", "闽南语研学线路", "无废细胞示范点",
)
_NEW_MEANS = ("引入社会资本参与", "联动高校院所", "吸纳侨胞力量", "借助数字孪生手段", "依托老城肌理", "坚持小切口大变化")
_NEW_GOALS = ("首批落地{n}处", "惠及群众{n}万人次", "带动消费{n}亿元", "储备项目{n}个", "形成{n}条可复制经验")


@dataclass(frozen=True)
class RevisionTruth:
    """What :func:`revise_result` changed, by task number (old numbers unless named ``new``).

    ``lead_units``, ``responsible_units`` and ``leaders`` map an old number to the names added
    and the names removed on that task.
    """

    pairs: dict[int, int] = field(default_factory=dict)  # old no → new no of every kept task
    removed: tuple[int, ...] = ()
    added: tuple[int, ...] = ()  # new numbers
    reworded: tuple[int, ...] = ()
    moved: tuple[int, ...] = ()
    lead_units: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    responsible_units: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    leaders: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Revision:
    """The revised table and what was changed to make it."""

    result: IngestResult
    truth: RevisionTruth


def _pool(values: list[list[str]]) -> list[str]:
    return list(dict.fromkeys(v for names in values for v in names))


def _new_text(rng: random.Random, used: set[str]) -> str:
    while True:
        goal = rng.choice(_NEW_GOALS).format(n=rng.randint(2, 99))
        text = f"{rng.choice(_NEW_VERBS)}{rng.choice(_NEW_OBJECTS)}，{rng.choice(_NEW_MEANS)}，{goal}。"
        if text not in used:
            used.add(text)
            return text


def _swap(rng: random.Random, names: list[str], pool: list[str], exclude: set[str]) -> tuple[list[str], str | None, str | None]:
    """Replace one name (or add one to an empty list) with a pool name not in ``exclude``; return list, added, removed."""
    choices = [n for n in pool if n not in exclude]
    if not choices:
        return names, None, None
    incoming = rng.choice(choices)
    if not names:
        return [incoming], incoming, None
    at = rng.randrange(len(names))
    return names[:at] + [incoming] + names[at + 1 :], incoming, names[at]


def revise_result(
    result: IngestResult,
    *,
    seed: int = 0,
    drops: float = 0.05,
    additions: float = 0.05,
    rewordings: float = 0.05,
    lead_changes: float = 0.05,
    leader_changes: float = 0.05,
    responsible_changes: float = 0.03,
    moves: float = 0.03,
    document_id: str = "revised",
) -> Revision:
    """Return a revised copy of a one-document table and the truth of what was changed.

    Parameters
    ----------
    result : IngestResult
        One document whose task numbers are unique.
    seed : int
        Seed of every choice.
    drops, additions, rewordings, lead_changes, leader_changes, responsible_changes, moves : float
        Share of the tasks (0–1) dropped, added, reworded (a clause appended), given another
        lead unit, another leader, one more responsible unit, or moved to the end of another
        section (only when there are two sections or more).
    document_id : str
        Id of the revised document.

    Returns
    -------
    Revision
        ``result`` numbered 1, 2, 3 … afresh, and ``truth``.

    Examples
    --------
    >>> from orggraph.generate import generate_result
    >>> old = generate_result(tasks=40, units=20, leaders=5, sections=3, seed=2)
    >>> revision = revise_result(old, seed=1, drops=0.1, additions=0.1)
    >>> len(revision.truth.removed), len(revision.truth.added), len(revision.result.tasks)
    (4, 4, 40)
    """
    if len(result.documents) != 1:
        raise ValueError(f"revise one document at a time, not {len(result.documents)}")
    tasks = list(result.tasks)
    if len({t.no for t in tasks}) != len(tasks):
        raise ValueError("task numbers must be unique to describe the changes by number")
    rng = random.Random(seed)
    n = len(tasks)
    text_count: dict[str, int] = {}
    for t in tasks:
        text_count[t.text] = text_count.get(t.text, 0) + 1
    unique = [i for i, t in enumerate(tasks) if text_count[t.text] == 1]

    def sample(pool: list[int], share: float) -> list[int]:
        return sorted(rng.sample(pool, min(len(pool), round(share * n))))

    dropped = set(sample(unique, drops))
    kept = [i for i in unique if i not in dropped]
    lead_pool = _pool([t.lead_units for t in tasks])
    unit_pool = _pool([t.lead_units + t.responsible_units for t in tasks])
    leader_pool = _pool([t.leaders for t in tasks])

    revised: dict[int, TaskRecord] = {i: tasks[i] for i in range(n) if i not in dropped}
    reworded = sample(kept, rewordings)
    for i in reworded:
        text = revised[i].text.rstrip("。")
        revised[i] = replace(revised[i], text=f"{text}，{rng.choice(REWORDINGS)}。")
    lead_truth: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for i in sample(kept, lead_changes):
        t = revised[i]
        names, added, removed = _swap(rng, list(t.lead_units), lead_pool, set(t.lead_units) | set(t.responsible_units))
        if added:
            revised[i] = replace(t, lead_units=names)
            lead_truth[tasks[i].no] = ((added,), (removed,) if removed else ())
    leader_truth: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for i in sample(kept, leader_changes):
        t = revised[i]
        names, added, removed = _swap(rng, list(t.leaders), leader_pool, set(t.leaders))
        if added:
            revised[i] = replace(t, leaders=names)
            leader_truth[tasks[i].no] = ((added,), (removed,) if removed else ())
    responsible_truth: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for i in sample(kept, responsible_changes):
        t = revised[i]
        choices = [u for u in unit_pool if u not in t.lead_units and u not in t.responsible_units]
        if choices:
            extra = rng.choice(choices)
            revised[i] = replace(t, responsible_units=[*t.responsible_units, extra])
            responsible_truth[tasks[i].no] = ((extra,), ())

    # Sections are consecutive blocks; a moved task goes to the end of another block.
    order = [i for i in range(n) if i in revised]
    sections = list(dict.fromkeys((t.section_index, t.section) for t in tasks))
    moved: list[int] = []
    if len(sections) > 1:
        for i in sample(kept, moves):
            here = (revised[i].section_index, revised[i].section)
            target = rng.choice([s for s in sections if s != here])
            revised[i] = replace(revised[i], section_index=target[0], section=target[1])
            order.remove(i)
            last = max((p for p, j in enumerate(order) if revised[j].section_index == target[0]), default=len(order) - 1)
            order.insert(last + 1, i)
            moved.append(tasks[i].no)

    # New tasks go in at random places, into the section of the task before them.
    used = {t.text for t in tasks}
    entries: list[TaskRecord | None] = [revised[i] for i in order]
    for _ in range(round(additions * n)):
        at = rng.randrange(len(entries) + 1)
        before = next((e for e in reversed(entries[:at]) if e is not None), tasks[0] if tasks else None)
        lead = rng.sample(lead_pool, min(len(lead_pool), rng.choice((1, 1, 2))))
        others = [u for u in unit_pool if u not in lead]
        entries.insert(
            at,
            TaskRecord(
                document=document_id,
                no=0,
                section_index=before.section_index if before else 0,
                section=before.section if before else "",
                text=_new_text(rng, used),
                lead_units=lead,
                responsible_units=rng.sample(others, min(len(others), rng.choice((0, 1, 2)))),
                leaders=rng.sample(leader_pool, min(len(leader_pool), 1)),
                deadline=None,
                source={},
            ),
        )

    new_tasks: list[TaskRecord] = []
    old_no_of = {id(revised[i]): tasks[i].no for i in order}
    pairs: dict[int, int] = {}
    added_nos: list[int] = []
    for no, entry in enumerate(entries, start=1):
        new_tasks.append(replace(entry, document=document_id, no=no, source={"row": no}))
        if id(entry) in old_no_of:
            pairs[old_no_of[id(entry)]] = no
        else:
            added_nos.append(no)
    doc = result.documents[0]
    info = DocumentInfo(
        id=document_id, path="", format="generated", title=doc.title, rows_read=len(new_tasks), jurisdiction=doc.jurisdiction
    )
    truth = RevisionTruth(
        pairs=pairs,
        removed=tuple(tasks[i].no for i in sorted(dropped)),
        added=tuple(added_nos),
        reworded=tuple(tasks[i].no for i in reworded),
        moved=tuple(sorted(moved)),
        lead_units=lead_truth,
        responsible_units=responsible_truth,
        leaders=leader_truth,
    )
    return Revision(IngestResult([info], new_tasks), truth)

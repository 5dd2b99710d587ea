"""Burden scores and overload flags: by hand on small graphs, and on the example from its rows."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from conftest import EXAMPLE_REGISTRY
from test_analysis_coordination import ROWS, graph_of, uid

from orggraph import model as m
from orggraph import read_registry
from orggraph.analysis import BURDEN_WEIGHTS, collective_units, overload_cutoff, robust_z_scores, unit_burden
from orggraph.export import graph_to_dict


def test_burden_parts_and_score_by_hand():
    table = unit_burden(graph_of(ROWS)).set_index("name")
    assert sorted(table.index) == ["A局", "B局", "C局", "D局"]  # the placeholder is not ranked
    # T1 = A lead, B, C; T2 = A lead, B; T3 = C lead, D, placeholder; T4 = B alone.
    parts = {
        "A局": (2, 0, 1 / 3 + 1 / 2, 2, 1, 1),
        "B局": (1, 2, 1 / 3 + 1 / 2 + 1, 2, 2, 2),
        "C局": (1, 1, 1 / 3 + 1 / 3, 3, 2, 2),  # the placeholder shares T3 but is no partner
        "D局": (0, 1, 1 / 3, 1, 1, 1),
    }
    columns = ["lead", "responsible", "shared_load", "partners", "leaders", "sections"]
    for name, expected in parts.items():
        assert tuple(table.loc[name, columns]) == pytest.approx(expected, abs=1e-4), name
    maxima = [2, 2, 1 / 3 + 1 / 2 + 1, 3, 2, 2]
    weights = [2, 1, 1, 1, 1, 1]
    for name, values in parts.items():
        score = 100 * sum(w * v / top for w, v, top in zip(weights, values, maxima)) / sum(weights)
        assert table.loc[name, "burden"] == pytest.approx(score, abs=0.01), name
        points = sum(table.loc[name, f"from_{part}"] for part in BURDEN_WEIGHTS)
        assert points == pytest.approx(table.loc[name, "burden"], abs=0.05)
    assert list(unit_burden(graph_of(ROWS))["name"]) == ["B局", "C局", "A局", "D局"]
    assert not table["overloaded"].any()  # four comparable units: none stands out


def test_one_unit_far_above_the_rest_is_overloaded():
    rows = [([f"小{i}局"], [], ["张三"], "一") for i in range(8)]
    rows += [(["忙局"], [], [leader], section) for leader, section in zip("甲乙丙丁戊己庚辛", "一二三四五六七八")]
    table = unit_burden(graph_of(rows))
    assert table.iloc[0]["name"] == "忙局"
    assert list(table.loc[table["overloaded"], "name"]) == ["忙局"]
    # The eight small units score the same, so the MAD is 0 and the mean absolute deviation stands in.
    small, busy = table.iloc[-1]["burden"], table.iloc[0]["burden"]
    assert table.attrs["cutoff"] == pytest.approx(small + 3.5 * 1.253314 * (busy - small) / 9, abs=1e-3)


def test_overload_rule_by_hand():
    # Median 3, MAD 1: z = 0.6745·(x − 3); the cut-off is 3 + 3.5 / 0.6745.
    assert robust_z_scores([1, 2, 3, 4, 100]) == pytest.approx([-1.349, -0.6745, 0, 0.6745, 65.4265])
    assert overload_cutoff([1, 2, 3, 4, 100]) == pytest.approx(3 + 3.5 / 0.6745, abs=1e-5)
    assert overload_cutoff([5, 5, 5]) is None
    assert robust_z_scores([]) == [] and overload_cutoff([]) is None


def test_custom_weights_and_bad_weights():
    G = graph_of(ROWS)
    only_lead = unit_burden(G, weights={"lead": 1})
    assert list(only_lead["burden"]) == [100.0, 50.0, 50.0, 0.0]  # A leads 2, B and C 1, D none
    with pytest.raises(ValueError):
        unit_burden(G, weights={"speed": 1})


def test_expand_gives_placeholder_members_burden():
    from orggraph.units import Registry, RegistryEntry

    registry = Registry({"区直有关单位": RegistryEntry("区直有关单位", m.UnitKind.COLLECTIVE, [], ["E局"])})
    G = graph_of(ROWS, registry=registry)
    table = unit_burden(G, collectives="expand", registry=registry).set_index("name")
    assert table.loc["E局", "responsible"] == 1
    assert table.loc["C局", "partners"] == 4  # A, B, D and now E


def test_collectives_table_and_no_mutation():
    G = graph_of(ROWS + [([], ["各街道办事处", "区直有关单位"], ["张三"], "一")])
    before = graph_to_dict(G)
    table = collective_units(G)
    assert graph_to_dict(G) == before
    assert table[["name", "tasks", "responsible", "lead"]].values.tolist() == [
        ["区直有关单位", 2, 2, 0],
        ["各街道办事处", 1, 1, 0],
    ]
    assert uid("区直有关单位") in set(table["unit"])


def _example_parts(example_result):
    """Burden parts of every real unit, counted from the ingested rows (not from the graph)."""
    registry = read_registry(EXAMPLE_REGISTRY)
    is_real = lambda name: registry.kind(name) is not m.UnitKind.COLLECTIVE  # noqa: E731
    lead, resp, shared = Counter(), Counter(), defaultdict(float)
    partners, leaders, sections = defaultdict(set), defaultdict(set), defaultdict(set)
    for t in example_result.tasks:
        leads = {registry.canonical(n) for n in t.lead_units}
        named = leads | {registry.canonical(n) for n in t.responsible_units}
        real = {n for n in named if is_real(n)}
        for name in real:
            (lead if name in leads else resp)[name] += 1
            shared[name] += 1 / len(named)
            partners[name] |= real - {name}
            leaders[name] |= set(t.leaders)
            sections[name].add((t.document, t.section_index))
    names = set(lead) | set(resp)
    return {
        n: (lead[n], resp[n], shared[n], len(partners[n]), len(leaders[n]), len(sections[n])) for n in names
    }


def test_example_tasks_led_match_the_rows(example_result, example_graph):
    parts = _example_parts(example_result)
    table = unit_burden(example_graph)
    assert dict(zip(table["name"], table["lead"])) == {n: p[0] for n, p in parts.items()}
    assert dict(zip(table["name"], table["responsible"])) == {n: p[1] for n, p in parts.items()}
    by_lead = sorted(parts, key=lambda n: (-parts[n][0], n))[:5]
    ranked = table.sort_values(["lead", "name"], ascending=[False, True])["name"].head(5).tolist()
    assert ranked == by_lead


def test_example_burden_ranking_matches_the_rows(example_result, example_graph):
    parts = _example_parts(example_result)
    weights = list(BURDEN_WEIGHTS.values())
    maxima = [max(p[i] for p in parts.values()) for i in range(6)]
    score = {
        n: 100 * sum(w * v / top for w, v, top in zip(weights, p, maxima)) / sum(weights) for n, p in parts.items()
    }
    expected = sorted(score, key=lambda n: (-round(score[n], 2), n))[:10]
    table = unit_burden(example_graph)
    assert table["name"].head(10).tolist() == expected
    for name, burden in zip(table["name"], table["burden"]):
        assert burden == pytest.approx(score[name], abs=0.01), name
    # The busiest units stand out: the rule flags some, and only from the top of the ranking.
    flagged = table["overloaded"].tolist()
    assert any(flagged) and flagged == sorted(flagged, reverse=True)

"""One answer to one question: the report's rankings against the named queries on the embedded engine.

``report --unit`` lists partners ranked as the named query ``partners`` documents (most shared
tasks, then name), so their top rows agree. The report's table of partners under different
principal leaders answers another question than the query ``cross_leader_pairs`` (pairs whose
shared tasks span the most leaders) and carries a title that says so; the pairs both name share
the same number of tasks.
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLE_REGISTRY

from orggraph import read_registry
from orggraph.analysis import unit_partners
from orggraph.i18n import translator
from orggraph.queries import named_query
from orggraph.report import build_report, partner_lines
from orggraph.resolve import resolve_unit
from orggraph.store.embedded import EmbeddedStore

TOP = 5


@pytest.fixture(scope="module")
def registry():
    return read_registry(EXAMPLE_REGISTRY)


@pytest.fixture(scope="module")
def embedded(example_graph):
    with EmbeddedStore() as store:
        store.load(example_graph)
        yield store


@pytest.fixture(scope="module")
def report(example_graph, registry):
    return build_report(example_graph, registry=registry)


@pytest.mark.parametrize("unit", ["区发改局", "区工信局", "区商务局"])
def test_partners_rank_like_the_named_query(embedded, example_graph, registry, report, unit):
    query = named_query("partners")
    assert "ranked by the number of tasks they share" in query.description
    rows = embedded.run(query.text, query.bind({"unit": unit})).rows[:TOP]
    lines = partner_lines(report, unit, unit_partners(example_graph, resolve_unit(example_graph, unit, registry=registry), registry=registry), rows=TOP)[1:]
    listed = [(line.strip().split("：")[0], int(line.split("共同任务")[1].split("项")[0])) for line in lines]
    assert rows and listed == [(name, count) for name, count, _weight in rows]


def test_cross_leader_pairs_are_named_for_what_each_ranks(embedded, report):
    query = named_query("cross_leader_pairs")
    assert "most leaders first" in query.description
    assert "主要分管领导不同" in translator("zh")("report.table.cross_leader_pairs")
    assert "different principal leaders" in translator("en")("report.table.cross_leader_pairs")
    rows = embedded.run(query.text, query.bind({"limit": 10})).rows
    shared = {
        tuple(sorted((r.name_a, r.name_b))): r.count for r in report.pairs.itertuples()
    }
    assert rows
    for unit, partner, shared_tasks, _leaders in rows:
        assert shared[tuple(sorted((unit, partner)))] == shared_tasks, (unit, partner)

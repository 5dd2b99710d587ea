"""Cypher speed on the standard corpus: the embedded engine, and loading a Bolt server.

Run: ``.venv/bin/python benchmarks/bench_cypher.py``

The corpus is ``generate_result(tasks=20000, units=2000, leaders=300)`` built into a graph
(its build time is shown but not counted). Embedded: a new in-memory LadybugDB, loading the
graph and answering one named query, timed together from a cold engine (imports included);
then every named query, best of three. Parameters come from the corpus: a unit and a
leader of middling load, and two units to chain.

Bolt: the ArcadeDB server of the test suite (tests/bolt_server.py), started here. Batched
load: ``Neo4jStore.load`` of the whole graph into an empty database (schema, nodes, then
relationships), with the relationship phase timed on its own. One statement per row: the
nodes are loaded batched into a second database, then a sample of relationships is sent
one parameterised MERGE per relationship (the same statement without UNWIND), and its rate
extrapolated. Targets: load + query < 5 s, each further query < 200 ms, batched/per-row ≥ 20×.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_ROW_SAMPLE = 2000
REPEATS = 3


def corpus():
    """The standard corpus as a graph, and the seconds it took to build."""
    from orggraph import build_graph
    from orggraph.generate import generate_result

    start = time.perf_counter()
    G = build_graph(generate_result(tasks=20000, units=2000, leaders=300))
    return G, time.perf_counter() - start


def parameters_for(G) -> dict[str, object]:
    """Example parameters drawn from the corpus: middling unit and leader, and two units to chain."""
    from orggraph import model as m

    unit_load = Counter(G.nodes[u][m.NAME] for u, _, k in G.edges(keys=True) if k in ("LEADS", "RESPONSIBLE_FOR"))
    leader_load = Counter(G.nodes[u][m.NAME] for u, _, k in G.edges(keys=True) if k == "SUPERVISES")
    units = [name for name, _ in sorted(unit_load.items(), key=lambda item: (-item[1], item[0]))]
    leaders = [name for name, _ in sorted(leader_load.items(), key=lambda item: (-item[1], item[0]))]
    return {"unit": units[50], "leader": leaders[20], "from_unit": units[300], "to_unit": units[700]}


def bench_embedded(G, params: dict[str, object]) -> list[tuple[str, float, int]]:
    from orggraph.queries import named_queries, named_query
    from orggraph.store.embedded import EmbeddedStore

    first = named_query("partners")
    start = time.perf_counter()
    store = EmbeddedStore()
    store.load(G)
    rows = store.run(first.text, first.bind({"unit": params["unit"]})).rows
    cold = time.perf_counter() - start
    print(f"embedded: load + partners query, cold engine: {cold:.2f} s ({len(rows)} rows)  [target < 5 s]")
    timings = []
    for query in named_queries():
        bound = query.bind({p.name: params[p.name] for p in query.parameters if p.name in params})
        best = float("inf")
        for _ in range(REPEATS):
            start = time.perf_counter()
            result = store.run(query.text, bound)
            best = min(best, time.perf_counter() - start)
        timings.append((query.name, best, len(result.rows)))
        flag = "ok" if best < 0.2 else "OVER 200 ms"
        print(f"  {query.name:20s} {best * 1000:7.1f} ms  {len(result.rows):6d} rows  {flag}")
    store.close()
    return timings


def bench_bolt(G) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from bolt_server import shared_server

    from orggraph import model as m
    from orggraph.store.neo4j import Neo4jStore, load_batches

    bolt = shared_server()
    relationships = G.number_of_edges()
    with Neo4jStore(bolt.uri, user=bolt.user, password=bolt.password, database="orggraph") as store:
        store.apply_schema()
        start = time.perf_counter()
        node_batches = [b for b in load_batches(G) if b[0] in {k.value for k in m.NodeKind}]
        store.write_batches(node_batches)
        nodes_seconds = time.perf_counter() - start
        start = time.perf_counter()
        rel_batches = [b for b in load_batches(G) if b[0] in {r.value for r in m.RelType}]
        store.write_batches(rel_batches)
        rels_seconds = time.perf_counter() - start
    batched_rate = relationships / rels_seconds
    total = nodes_seconds + rels_seconds
    print(f"bolt batched load: {G.number_of_nodes()} nodes in {nodes_seconds:.1f} s, {relationships} relationships "
          f"in {rels_seconds:.1f} s = {batched_rate:,.0f} relationships/s ({len(rel_batches)} statements); "
          f"whole graph {total:.1f} s")

    # The same statement for one row, each value its own parameter ($p0, $p1, …) so the server
    # looks nodes up by index as it does for the batches.
    single = {
        name: re.sub(r"row\[(\d+)\]", r"$p\1", statement.replace("UNWIND $rows AS row ", ""))
        for name, statement, _ in rel_batches
    }
    every = [(name, row) for name, _, rows in rel_batches for row in rows]
    sample = every[:: len(every) // PER_ROW_SAMPLE][:PER_ROW_SAMPLE]
    with Neo4jStore(bolt.uri, user=bolt.user, password=bolt.password, database="scratch") as store:
        store.apply_schema()
        store.write_batches(node_batches)
        rates = per_row_rates(bolt, single, sample)
        store.wipe()
    for style, rate in rates.items():
        print(f"bolt one statement per row ({style}): {PER_ROW_SAMPLE // 2} relationships = {rate:,.0f} relationships/s "
              f"(whole corpus would take {relationships / rate:.0f} s); batched / per-row: {batched_rate / rate:.1f}x")
    print("[target: batched / per-row >= 20x]")


def per_row_rates(bolt, single: dict[str, str], sample: list) -> dict[str, float]:
    """Relationships/s of a naive loader sending one statement per relationship, in both driver styles."""
    import neo4j

    half = len(sample) // 2
    rates = {}
    with neo4j.GraphDatabase.driver(bolt.uri, auth=(bolt.user, bolt.password)) as driver:
        with driver.session(database="scratch") as session:
            for style, rows in (("auto-commit", sample[:half]), ("managed transaction", sample[half:])):
                start = time.perf_counter()
                for name, row in rows:
                    parameters = {f"p{i}": value for i, value in enumerate(row)}
                    if style == "auto-commit":
                        session.run(single[name], parameters).consume()
                    else:
                        session.execute_write(lambda tx, q=single[name], p=parameters: tx.run(q, p).consume())
                rates[style] = len(rows) / (time.perf_counter() - start)
    return rates


def main() -> None:
    G, build_seconds = corpus()
    print(f"corpus: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships (built in {build_seconds:.1f} s)")
    params = parameters_for(G)
    print(f"parameters: {params}")
    bench_embedded(G, params)
    bench_bolt(G)


if __name__ == "__main__":
    main()

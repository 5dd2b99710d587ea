"""Fixtures shared by every test file: the bundled example, read once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "licheng-2026-task-breakdown.txt"
EXAMPLE_REGISTRY = ROOT / "data" / "licheng-registry.csv"


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example_graph():
    from orggraph import load_graph

    return load_graph([EXAMPLE], registry=EXAMPLE_REGISTRY)


@pytest.fixture(scope="session")
def example_result(example_graph):
    return example_graph.graph["ingest"]


# Bolt servers the query tests run on: the ArcadeDB the tests start, and a Neo4j when NEO4J_URI is set.
SERVERS = ["arcadedb", pytest.param("neo4j", marks=pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI not set"))]


@pytest.fixture(scope="module")
def embedded(example_graph):
    """The example loaded into the embedded engine."""
    from orggraph.store.embedded import EmbeddedStore

    with EmbeddedStore() as store:
        store.load(example_graph)
        yield store


@pytest.fixture(scope="module", params=SERVERS)
def server(request, example_graph):
    """``(name, store)``: the example loaded on a Bolt server (wiped afterwards on a user's Neo4j)."""
    from bolt_server import shared_server

    from orggraph.store.neo4j import Neo4jStore

    if request.param == "arcadedb":
        bolt = shared_server()
        store = Neo4jStore(bolt.uri, user=bolt.user, password=bolt.password, database="orggraph")
    else:
        store = Neo4jStore(
            os.environ["NEO4J_URI"], user=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""), database=os.environ.get("NEO4J_DATABASE"),
        )
    with store:
        store.load(example_graph)
        yield request.param, store
        if request.param == "neo4j":
            store.wipe()


def _browser_missing(problem: str) -> None:
    """Fail in CI (CI=true), where a browser test must never be skipped; skip elsewhere, saying the fix."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(problem, pytrace=False)
    BROWSER_PROBLEMS.add(problem)
    pytest.skip(problem)


BROWSER_PROBLEMS: set[str] = set()


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium-family browser that draws Chinese (one per test module)."""
    from playwright.sync_api import sync_playwright

    from orggraph.browser import launch, renders_cjk

    with sync_playwright() as pw:
        try:
            launched = launch(pw)
        except RuntimeError as exc:
            _browser_missing(str(exc))
        try:
            if not renders_cjk(launched):
                _browser_missing(
                    "the browser draws Chinese as empty boxes: install a CJK font "
                    "(Debian/Ubuntu: apt-get install fonts-noto-cjk; Windows and macOS have one)"
                )
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where browser tests leave their screenshots for a reviewer to open: out/screenshots/."""
    folder = ROOT / "out" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pytest_terminal_summary(terminalreporter):
    """Say once, at the end, why browser tests were skipped and what to install."""
    for problem in sorted(BROWSER_PROBLEMS):
        terminalreporter.write_line(f"browser tests skipped: {problem}", yellow=True, bold=True)
    shots = sorted((ROOT / "out" / "screenshots").glob("*.png"))
    if shots:
        terminalreporter.write_line(f"screenshots of the pages under test: {shots[0].parent} ({len(shots)} files)")

"""Fixtures shared by every test file: the bundled example, read once per session."""

from __future__ import annotations

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

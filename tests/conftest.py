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
def example_result():
    from orggraph import read_documents

    return read_documents([EXAMPLE])


@pytest.fixture(scope="session")
def example_graph(example_result):
    from orggraph import build_graph, read_registry

    return build_graph(example_result, registry=read_registry(EXAMPLE_REGISTRY))

"""``orggraph units``: names counted, merges suggested with their reasons (never applied), and a
registry draft that reads back with ``-r``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orggraph import build_graph, read_documents
from orggraph import model as m
from orggraph.cli import app
from orggraph.unit_census import unit_census, write_registry_draft
from orggraph.units import read_registry


def _csv(path: Path, title: str, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([title])
        writer.writerow(["序号", "具体任务", "牵头单位", "责任单位"])
        writer.writerows(rows)
    return path


@pytest.fixture
def documents(tmp_path) -> list[Path]:
    year_2025 = _csv(tmp_path / "alpha-2025.csv", "2025年重点工作分解", [
        ["1", "推进规划编制。", "市发改委", "国土房管局、规划局"],
        ["2", "争取国家政策。", "国家发展改革委", ""],
        ["3", "推进一网统管。", "区“一网统管”专班", "=区体育局"],
        ["4", "落实国家政策。", "发展改革委", ""],
    ])
    year_2026 = _csv(tmp_path / "beta-2026.csv", "2026年重点工作分解", [
        ["1", "推进项目。", "区发展和改革局", "区发改局、市国土房管局"],
        ["2", "推进治理。", "区一网统管专班", "区发改局"],
    ])
    return [year_2025, year_2026]


EXPECTED = [
    ("市国土房管局", "国土房管局", "prefix-carried"),
    ("市规划局", "规划局", "prefix-carried"),
    ("区发改局", "区发展和改革局", "short-form"),
    ("国家发展改革委", "发展改革委", "short-form"),
    ("区一网统管专班", "区“一网统管”专班", "near-equal"),
]


def test_census_counts_names_and_suggests_merges_with_reasons(documents):
    result = read_documents(documents)
    census = unit_census(result)
    merges = [(s.name, s.alias, s.reason) for s in census.merges if s.reason != "same-name-across-documents"]
    assert merges == EXPECTED
    by_name = {u.name: u for u in census.units}
    assert (by_name["区发改局"].tasks, by_name["区发改局"].lead, by_name["区发改局"].responsible) == (2, 0, 2)
    assert by_name["区一网统管专班"].kind == "task_force"
    # Nothing is merged: every name stays as written in the records and in the graph.
    G = build_graph(result)
    names = {d[m.NAME] for d in G.nodes.values() if d[m.LABEL] == m.NodeKind.UNIT.value}
    assert {"国土房管局", "市国土房管局", "区发改局", "区发展和改革局"} <= names


def test_same_name_in_documents_of_different_governments(documents, tmp_path):
    third = _csv(tmp_path / "gamma-2026.csv", "2026年重点工作分解", [["1", "推进改革。", "区发改局", ""]])
    census = unit_census(read_documents([*documents, third]))
    (across,) = [s for s in census.merges if s.reason == "same-name-across-documents"]
    assert across.name == across.alias == "区发改局"
    assert across.evidence == {"documents": ["beta-2026", "gamma-2026"], "jurisdictions": ["beta", "gamma"]}


def test_cli_json_equals_the_library(documents):
    out = CliRunner().invoke(app, ["units", *map(str, documents), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == unit_census(read_documents(documents)).to_dict()


@pytest.mark.parametrize(("lang", "words"), [("zh", "前缀沿用"), ("en", "prefix carried over")])
def test_cli_text_in_both_languages(documents, lang, words):
    out = CliRunner().invoke(app, ["units", *map(str, documents), "--lang", lang])
    assert out.exit_code == 0, out.output
    assert "国土房管局 → 市国土房管局" in out.stdout and words in out.stdout


def test_registry_draft_reads_back_and_merges_only_when_passed(documents, tmp_path):
    draft = tmp_path / "registry-draft.csv"
    out = CliRunner().invoke(app, ["units", *map(str, documents), "-o", str(draft)])
    assert out.exit_code == 0, out.output
    raw = draft.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(rows[0]) == ["name", "kind", "aliases", "members", "tasks", "reason"]
    by_name = {r["name"]: r for r in rows}
    assert by_name["市国土房管局"]["aliases"] == "国土房管局"
    assert "前缀沿用" in by_name["市国土房管局"]["reason"]
    assert "国土房管局" not in by_name  # an alias, not a unit of its own
    assert "'=区体育局" in by_name  # formula-like text is made safe
    registry = read_registry(draft)
    G = build_graph(read_documents(documents), registry=registry)
    names = {d[m.NAME] for d in G.nodes.values() if d[m.LABEL] == m.NodeKind.UNIT.value}
    assert "国土房管局" not in names and "区发展和改革局" not in names
    assert {"市国土房管局", "区发改局", "区一网统管专班"} <= names


def test_library_draft_in_english(documents, tmp_path):
    census = unit_census(read_documents(documents))
    path = write_registry_draft(census, tmp_path / "draft.csv", lang="en")
    assert "prefix carried over" in path.read_text(encoding="utf-8-sig")


def test_units_help_and_missing_file(tmp_path):
    runner = CliRunner()
    assert "registry draft" in runner.invoke(app, ["units", "--help"]).stdout
    out = runner.invoke(app, ["units", str(tmp_path / "none.csv")])
    assert out.exit_code == 2 and "no such file" in out.stderr

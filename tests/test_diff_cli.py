"""``orggraph diff`` in-process: JSON equal to the library, the contract's keys, files, errors."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLE, EXAMPLE_REGISTRY
from typer.testing import CliRunner

from orggraph import read_documents, read_registry
from orggraph.cli import app
from orggraph.diff import diff_documents, split_documents
from orggraph.diff.write import DIFF_FILES

REVISED = EXAMPLE.parent / "licheng-2026-revised.txt"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["diff", *map(str, args)])


@pytest.fixture(scope="module")
def cli_json():
    result = run(EXAMPLE, REVISED, "-r", EXAMPLE_REGISTRY, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_equals_the_library_result(cli_json):
    registry = read_registry(EXAMPLE_REGISTRY)
    old, new = split_documents(read_documents([EXAMPLE, REVISED], known_units=registry.names()))
    expected = diff_documents(old, new, registry=registry).to_dict()
    assert cli_json == expected  # plain lists, dicts, numbers and strings: JSON as it is


def test_json_has_exactly_the_contract(cli_json):
    assert set(cli_json) == {"old", "new", "matched", "added", "removed", "units", "leaders"}
    assert {"id", "path", "title", "jurisdiction", "tasks"} <= set(cli_json["old"])
    matched = cli_json["matched"][0]
    assert set(matched) == {"old_no", "new_no", "similarity", "text_changed", "section_changed",
                            "lead_units", "responsible_units", "leaders"}
    assert all(set(matched[k]) == {"added", "removed"} for k in ("lead_units", "responsible_units", "leaders"))
    assert set(cli_json["added"][0]) == {"no", "text", "section", "lead_units", "responsible_units", "leaders"}
    assert set(cli_json["removed"][0]) == set(cli_json["added"][0])
    unit = cli_json["units"][0]
    assert set(unit) == {"name", "old", "new"} and set(unit["old"]) == {"lead", "responsible", "burden"}
    leader = cli_json["leaders"][0]
    assert set(leader) == {"name", "old", "new"} and set(leader["old"]) == {"tasks"}


def test_json_lists_are_in_document_order(cli_json):
    new_numbers = [m["new_no"] for m in cli_json["matched"]]
    assert new_numbers == sorted(new_numbers)
    assert [t["no"] for t in cli_json["added"]] == [10, 84]
    assert [t["no"] for t in cli_json["removed"]] == [4, 82]
    by_old = {m["old_no"]: m for m in cli_json["matched"]}
    assert by_old[66]["lead_units"] == {"added": ["区市场监管局"], "removed": ["区发改局"]}
    assert by_old[70]["text_changed"] and not by_old[70]["section_changed"]
    assert by_old[79]["section_changed"] and not by_old[79]["text_changed"]
    assert cli_json["removed"][1]["lead_units"] == ["区农水局", "区统计局"]


def test_summary_and_files(tmp_path):
    result = run(EXAMPLE, REVISED, "-r", EXAMPLE_REGISTRY, "-o", tmp_path / "out", "--graph", tmp_path / "both.graphml")
    assert result.exit_code == 0, result.output
    assert "新增 2 项，删除 2 项，调整分工 3 项（其中牵头单位或分管领导变化 2 项）" in result.stdout
    assert "建筑业增加值增长3%。" in result.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(DIFF_FILES)
    graphml = (tmp_path / "both.graphml").read_text(encoding="utf-8")
    assert graphml.count(">CONTINUES<") == 82
    assert "82" in result.stdout.splitlines()[-1]


def test_english_and_no_change():
    result = run(EXAMPLE, EXAMPLE, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "84 tasks before, 84 after" in result.stdout
    assert "same tasks, wording, sections and assignments" in result.stdout


def test_threshold_reaches_the_library(cli_json):
    strict = json.loads(run(EXAMPLE, REVISED, "-r", EXAMPLE_REGISTRY, "--json", "--threshold", "0.9").stdout)
    assert len(strict["matched"]) == len(cli_json["matched"]) - 2  # the two rewordings fall below 0.9
    assert {t["no"] for t in strict["removed"]} == {1, 4, 70, 82}


def test_joined_graph_as_a_cypher_script_carries_continues(tmp_path):
    out = run(EXAMPLE, REVISED, "--graph", tmp_path / "both.cypher")
    assert out.exit_code == 0, out.output
    script = (tmp_path / "both.cypher").read_text(encoding="utf-8")
    assert "CREATE (a)-[:CONTINUES {type: 'CONTINUES', document: row[2], similarity: row[3]" in script


def test_errors_are_one_line_and_exit_2(tmp_path):
    missing = run(tmp_path / "nope.txt", EXAMPLE)
    assert missing.exit_code == 2
    assert missing.stderr.strip() == f"orggraph: {tmp_path / 'nope.txt'}: no such file"
    bad_graph = run(EXAMPLE, REVISED, "--graph", tmp_path / "g.dot")
    assert bad_graph.exit_code == 2 and bad_graph.stderr.startswith("orggraph: ") and "\n" not in bad_graph.stderr.strip()
    bad_registry = run(EXAMPLE, REVISED, "-r", tmp_path / "none.csv")
    assert bad_registry.exit_code == 2 and "no such registry file" in bad_registry.stderr


def test_same_bytes_whatever_the_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        args = [sys.executable, "-m", "orggraph", "diff", str(EXAMPLE), str(REVISED), "-r", str(EXAMPLE_REGISTRY),
                "--json", "-o", str(folder)]
        done = subprocess.run(args, check=True, env=env, capture_output=True)
        outputs.append([done.stdout] + [(folder / name).read_bytes() for name in DIFF_FILES])
    assert outputs[0] == outputs[1]


def test_help_has_an_example():
    result = runner.invoke(app, ["diff", "--help"])
    assert result.exit_code == 0
    assert "orggraph diff" in result.stdout and "--json" in result.stdout

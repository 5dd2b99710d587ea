"""``orggraph report`` in-process: exit codes, JSON equal to the library, files, summary, errors."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLE_REGISTRY
from typer.testing import CliRunner

from orggraph import model as m
from orggraph import read_registry
from orggraph.analysis import unit_partners
from orggraph.cli import app
from orggraph.report import ReportOptions, build_report, report_to_dict, table_records

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["report", *args])


@pytest.fixture(scope="module")
def registry():
    return read_registry(EXAMPLE_REGISTRY)


def test_json_equals_the_library_result(example_path, example_graph, registry):
    result = run(str(example_path), "-r", str(EXAMPLE_REGISTRY), "--json")
    assert result.exit_code == 0, result.output
    expected = report_to_dict(build_report(example_graph, registry=registry))
    assert json.loads(result.stdout) == json.loads(json.dumps(expected, ensure_ascii=False))


def test_options_reach_the_library(example_path, example_graph, registry):
    args = ["-r", str(EXAMPLE_REGISTRY), "--json", "--weighting", "jaccard", "--collectives", "expand", "--seed", "4"]
    result = run(str(example_path), *args)
    assert result.exit_code == 0, result.output
    options = ReportOptions(weighting="jaccard", collectives="expand", seed=4)
    expected = report_to_dict(build_report(example_graph, registry=registry, options=options))
    assert json.loads(result.stdout) == json.loads(json.dumps(expected, ensure_ascii=False))


def test_two_runs_print_identical_json(example_path):
    first = run(str(example_path), "--json")
    second = run(str(example_path), "--json")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout


def test_writes_the_report_and_prints_a_short_summary(example_path, registry, example_graph, tmp_path):
    result = run(str(example_path), "-r", str(EXAMPLE_REGISTRY), "-o", str(tmp_path), "--top", "5")
    assert result.exit_code == 0, result.output
    assert {"report.html", "report.md", "report.xlsx", "units.csv"} <= {p.name for p in tmp_path.iterdir()}
    lines = result.stdout.splitlines()
    assert len(lines) <= 24  # one screen
    top = build_report(example_graph, registry=registry).units
    assert top.iloc[0]["name"] in lines[2] and "overloaded" in lines[2]
    assert lines[-1].startswith("wrote ") and "report.html" in lines[-1]


def test_unit_partners_are_listed(example_path, example_graph, registry):
    result = run(str(example_path), "-r", str(EXAMPLE_REGISTRY), "--unit", "区发改局", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)["partners"]
    unit = m.node_id(m.NodeKind.UNIT, "licheng", "区发改局")
    expected = table_records(unit_partners(example_graph, unit, registry=registry))
    assert listed == {"unit": "区发改局", "partners": json.loads(json.dumps(expected, ensure_ascii=False))}
    text = run(str(example_path), "--unit", "区发改局").stdout
    assert "partners of 区发改局:" in text


def test_unknown_unit_exits_2_naming_it(example_path):
    result = run(str(example_path), "--unit", "区发政局")
    assert result.exit_code == 2
    assert "区发政局" in result.output and "区发改局" in result.output


def test_missing_file_and_bad_option_fail(tmp_path, example_path):
    missing = run(str(tmp_path / "none.txt"))
    assert missing.exit_code == 2 and "none.txt" in missing.output
    assert run(str(example_path), "--collectives", "merge").exit_code == 2
    assert run(str(example_path), "--top", "0").exit_code == 2


def test_help_ends_with_an_example():
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    assert "Example: orggraph report" in result.output


def test_separate_processes_write_identical_files(example_path, tmp_path):
    """String hashing differs between processes; the clusters and every byte written must not."""
    import os
    import subprocess
    import sys

    folders = []
    for hash_seed in ("1", "2"):
        folder = tmp_path / hash_seed
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        args = [sys.executable, "-m", "orggraph", "report", str(example_path), "-r", str(EXAMPLE_REGISTRY), "-o", str(folder)]
        subprocess.run(args, check=True, env=env, capture_output=True)
        folders.append(folder)
    names = sorted(p.name for p in folders[0].iterdir())
    assert names == sorted(p.name for p in folders[1].iterdir())
    for name in names:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name

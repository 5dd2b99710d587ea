"""``orggraph report`` in-process: exit codes, JSON equal to the library, files, summary, errors."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLE_REGISTRY, ROOT
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


def test_writes_the_report_and_prints_a_short_chinese_summary(example_path, registry, example_graph, tmp_path):
    result = run(str(example_path), "-r", str(EXAMPLE_REGISTRY), "-o", str(tmp_path), "--top", "5")
    assert result.exit_code == 0, result.output
    assert {"report.html", "report.md", "report.xlsx", "units.csv"} <= {p.name for p in tmp_path.iterdir()}
    lines = result.stdout.splitlines()
    assert len(lines) <= 24  # one screen
    top = build_report(example_graph, registry=registry).units
    assert top.iloc[0]["name"] in lines[2] and "负担明显偏高" in lines[2]
    assert lines[-1].startswith("已写出 ") and "report.html" in lines[-1]


def test_summary_matches_the_golden_file(example_path):
    """The terminal summary of the example, default options: a reviewer reads its wording in the diff."""
    import os

    result = run(str(example_path), "-r", str(EXAMPLE_REGISTRY))
    assert result.exit_code == 0, result.output
    golden = ROOT / "tests" / "golden" / "summary.zh.txt"
    if os.environ.get("ORGGRAPH_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert "第71项「深化国家参保长效机制创新综合试点…」" in result.stdout and "第69项" in result.stdout


def test_english_summary_and_files(example_path, tmp_path):
    result = run(str(example_path), "-r", str(EXAMPLE_REGISTRY), "--lang", "en", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("84 tasks, 54 units ranked")
    assert "clearly above others" in lines[2]
    assert "1. Gaps in accountability" in lines and any("No. 71" in line for line in lines)
    assert lines[-1].startswith("wrote ")
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# Coordination-burden report")
    assert (tmp_path / "units.csv").read_text(encoding="utf-8-sig").startswith("unit,kind,jurisdiction,lead")


def test_json_is_the_same_in_every_language(example_path):
    zh = run(str(example_path), "--json")
    en = run(str(example_path), "--json", "--lang", "en")
    assert zh.exit_code == en.exit_code == 0
    assert zh.stdout == en.stdout


def test_unit_partners_are_listed(example_path, example_graph, registry):
    result = run(str(example_path), "-r", str(EXAMPLE_REGISTRY), "--unit", "区发改局", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)["partners"]
    unit = m.node_id(m.NodeKind.UNIT, "licheng", "区发改局")
    expected = table_records(unit_partners(example_graph, unit, registry=registry))
    assert listed == {"unit": "区发改局", "partners": json.loads(json.dumps(expected, ensure_ascii=False))}
    text = run(str(example_path), "-r", str(EXAMPLE_REGISTRY), "--unit", "区发改局").stdout
    assert "区发改局的协作单位（按共同任务数排序，与命名查询 partners 相同）：" in text
    listed = text.split("区发改局的协作单位", 1)[1].splitlines()[1:]
    assert listed[0] == "  区工信局：共同任务3项，协作强度1.08：14 实施新兴产业跃升工程…；23 实施重点技改项目10项…；76 深化职教融合…"


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


def test_out_onto_an_existing_file_is_one_line_and_exit_2(example_path, tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("keep me", encoding="utf-8")
    result = run(str(example_path), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"orggraph: {target}: is a file; give a folder to write into"
    assert target.read_text(encoding="utf-8") == "keep me"


def test_default_options_write_a_chinese_report_that_opens_with_the_gaps(example_path, tmp_path):
    """The example as a new user runs it: no registry, no options."""
    result = run(str(example_path), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    findings = text.split("### 一、责任落实缺口", 1)[1].split("###", 1)[0].strip().splitlines()
    assert findings[0].startswith("- 1项任务没有牵头单位") and "第71项「深化国家参保长效机制创新综合试点…」" in findings[0]
    assert findings[1].startswith("- 1项任务没有分管领导") and "第69项「建强“家门口”就业服务体系…」" in findings[1]
    for path in tmp_path.glob("*.csv"):
        assert "Unit:" not in path.read_text(encoding="utf-8-sig") and "Task:" not in path.read_text(encoding="utf-8-sig")


def test_progress_on_large_inputs_speaks_the_report_language(tmp_path, monkeypatch):
    from orggraph.generate import generate_result, write_table

    monkeypatch.setattr("orggraph.progress.QUIET_FOR", 0.0)
    table = write_table(generate_result(tasks=60, units=20, leaders=5, sections=3, seed=1), tmp_path / "t.csv", "csv")
    assert run(str(table)).stderr == ""  # not a terminal: no progress in what a script captures
    monkeypatch.setattr("orggraph.progress.is_terminal", lambda stream: True)
    zh = run(str(table))
    assert zh.exit_code == 0, zh.output
    last = zh.stderr.rstrip().rsplit("\033[K", 1)[-1]
    assert "已读取60项任务，开始分析…" in zh.stderr and "负担分…" in zh.stderr and last.startswith("完成")
    en = run(str(table), "--lang", "en")
    assert "read 60 tasks; analysing…" in en.stderr and en.stderr.rstrip().rsplit("\033[K", 1)[-1].startswith("done")

"""``orggraph ingest`` and ``orggraph export`` from the command line, in-process and as a process."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from orggraph.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


def test_json_output_equals_library_result(example_path, example_result):
    out = runner.invoke(app, ["ingest", str(example_path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert set(data) == {"documents", "tasks", "warnings"}
    lib = example_result.to_dict()
    lib["documents"][0]["path"] = str(example_path)
    assert data["tasks"] == lib["tasks"]
    assert data["warnings"] == lib["warnings"]
    assert data["documents"][0]["rows_read"] == 84
    first = data["tasks"][0]
    assert set(first) >= {"document", "no", "section_index", "section", "text", "lead_units",
                          "responsible_units", "leaders", "deadline", "source"}
    assert isinstance(first["no"], int) and first["source"] == {"line": 11}


def test_summary_is_chinese_by_default(example_path):
    out = runner.invoke(app, ["ingest", str(example_path)])
    assert out.exit_code == 0
    assert "读取84行，得到84项任务" in out.stdout
    assert "第1部分 向新而进，以产业升级激活发展动能：11项任务" in out.stdout
    assert "14条警告：" in out.stdout
    assert "第69项 [分管领导]" in out.stdout


def test_summary_names_sections_and_warnings_in_english(example_path):
    out = runner.invoke(app, ["ingest", str(example_path), "--lang", "en"])
    assert out.exit_code == 0
    assert "84 rows read, 84 tasks" in out.stdout
    assert "section 1 向新而进，以产业升级激活发展动能: 11 tasks" in out.stdout
    assert "14 warnings:" in out.stdout
    assert "#69 [分管领导] line 753: 分管领导 is empty" in out.stdout


def test_strict_fails_on_warnings(example_path):
    assert runner.invoke(app, ["ingest", str(example_path), "--strict"]).exit_code == 1


def test_normalized_csvs_open_in_excel_encoding(example_path, example_result, tmp_path):
    out = runner.invoke(app, ["ingest", str(example_path), "-o", str(tmp_path)])
    assert out.exit_code == 0
    raw = (tmp_path / "tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel/WPS on Windows read it as UTF-8
    with (tmp_path / "tasks.csv").open(encoding="utf-8-sig", newline="") as handle:
        tasks = list(csv.DictReader(handle))
    assert len(tasks) == 84
    assert tasks[16]["responsible_units"] == "常泰街道办事处、江南城建集团"
    with (tmp_path / "task_units.csv").open(encoding="utf-8-sig", newline="") as handle:
        links = list(csv.DictReader(handle))
    expected = sum(len(t.lead_units) + len(t.responsible_units) for t in example_result.tasks)
    assert len(links) == expected
    with (tmp_path / "warnings.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 14


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_formats_read_back(example_path, example_graph, tmp_path, fmt):
    target = tmp_path / f"g.{fmt}"
    out = runner.invoke(app, ["export", str(example_path), "-r", "data/licheng-registry.csv",
                              "--format", fmt, "-o", str(target)])
    assert out.exit_code == 0, out.output
    if fmt == "graphml":
        H = nx.read_graphml(target)
        assert H.number_of_nodes() == example_graph.number_of_nodes()
        assert H.number_of_edges() == example_graph.number_of_edges()
        assert any(d.get("name") == "区发改局" for _, d in H.nodes(data=True))
    elif fmt == "gexf":
        H = nx.read_gexf(target)
        assert H.number_of_edges() == example_graph.number_of_edges()
    else:
        data = json.loads(target.read_text(encoding="utf-8"))
        assert len(data["nodes"]) == example_graph.number_of_nodes()
        assert len(data["relationships"]) == example_graph.number_of_edges()
        assert all(r["document"] and r["source"] for r in data["relationships"])


def test_export_is_byte_identical_across_runs(example_path, tmp_path):
    for name in ("a", "b"):
        runner.invoke(app, ["export", str(example_path), "--format", "graphml", "-o", str(tmp_path / f"{name}.graphml")])
        runner.invoke(app, ["export", str(example_path), "--format", "csv", "-o", str(tmp_path / name)])
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()
    assert (tmp_path / "a" / "relationships.csv").read_bytes() == (tmp_path / "b" / "relationships.csv").read_bytes()


def test_missing_file_is_one_line_exit_2(tmp_path):
    missing = tmp_path / "nope.txt"
    out = runner.invoke(app, ["ingest", str(missing)])
    assert out.exit_code == 2
    assert out.stderr == f"orggraph: {missing}: no such file\n"


def test_real_process_prints_utf8_and_no_traceback(example_path, tmp_path):
    ok = subprocess.run([sys.executable, "-m", "orggraph", "ingest", str(example_path), "--json"],
                        capture_output=True, cwd=ROOT)
    assert ok.returncode == 0
    assert json.loads(ok.stdout.decode("utf-8"))["tasks"][3]["leaders"] == ["王伟"]
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    failed = subprocess.run([sys.executable, "-m", "orggraph", "ingest", str(bad)], capture_output=True, cwd=ROOT)
    assert failed.returncode == 2
    assert failed.stderr.decode("utf-8") == f"orggraph: {bad}: the file is empty\n"


def _commands() -> list[str]:
    from typer.main import get_command

    return sorted(get_command(app).commands)


def test_every_command_has_help_with_an_example():
    for command in _commands():
        out = runner.invoke(app, [command, "--help"])
        assert out.exit_code == 0, command
        assert "Example: orggraph " + command in " ".join(out.stdout.split()), command


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in _commands():
        assert f"`orggraph {command} " in readme, command

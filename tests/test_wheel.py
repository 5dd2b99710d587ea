"""orggraph as a user gets it from a built wheel: the query library ships, every command runs.

The wheel is built from this checkout and unpacked with ``pip install --target``; commands run
from an unrelated folder with only that copy importable, so nothing can come from the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from orggraph import __version__

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "licheng-2026-task-breakdown.txt"
REGISTRY = ROOT / "data" / "licheng-registry.csv"

pytestmark = pytest.mark.wheel


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist), str(ROOT)], check=True,
                   capture_output=True)
    wheel = next(dist.glob("orggraph-*.whl"))
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True)
    return {"wheel": wheel, "sdist": next(dist.glob("orggraph-*.tar.gz")), "site": target}


def _orggraph(built, *args: object, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(built["site"]), "PYTHONUTF8": "1"}
    return subprocess.run([sys.executable, "-m", "orggraph", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_wheel_and_sdist_carry_the_query_library(built):
    queries = sorted(p.name for p in (ROOT / "cypher" / "queries").glob("*.cypher"))
    in_wheel = zipfile.ZipFile(built["wheel"]).namelist()
    assert sorted(n.rsplit("/", 1)[1] for n in in_wheel if n.startswith("orggraph/cypher/queries/")) == queries
    assert "orggraph/cypher/schema.cypher" in in_wheel
    assert "orggraph/viz/map.js" in in_wheel
    in_sdist = tarfile.open(built["sdist"]).getnames()
    assert sum(n.endswith(".cypher") and "/cypher/queries/" in n for n in in_sdist) == len(queries)


def test_version(built, tmp_path):
    answer = _orggraph(built, "--version", cwd=tmp_path)
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.strip() == f"orggraph {__version__}"


def test_every_command_runs_from_the_installed_wheel(built, tmp_path):
    where = _orggraph(built, "--version", cwd=tmp_path)
    assert where.returncode == 0
    located = subprocess.run(
        [sys.executable, "-c", "import orggraph; print(orggraph.__file__)"], cwd=tmp_path, capture_output=True,
        text=True, env={**os.environ, "PYTHONPATH": str(built["site"])},
    )
    assert Path(located.stdout.strip()).is_relative_to(built["site"])
    commands = {
        "ingest": ["ingest", EXAMPLE, "--json"],
        "export-cypher": ["export", EXAMPLE, "--format", "cypher", "-o", tmp_path / "graph.cypher"],
        "export-graphml": ["export", EXAMPLE, "--format", "graphml", "-o", tmp_path / "graph.graphml"],
        "report": ["report", EXAMPLE, "-r", REGISTRY, "-o", tmp_path / "report"],
        "query-list": ["query", "--list"],
        "query-named": ["query", "--named", "busiest_units", EXAMPLE, "--format", "json"],
        "viz": ["viz", EXAMPLE, "-o", tmp_path / "map.html"],
        "units": ["units", EXAMPLE, "-o", tmp_path / "registry-draft.csv"],
        "diff": ["diff", EXAMPLE, ROOT / "data" / "licheng-2026-revised.txt", "-r", REGISTRY, "-o", tmp_path / "diff"],
    }
    for name, args in commands.items():
        answer = _orggraph(built, *args, cwd=tmp_path)
        assert answer.returncode == 0, f"{name}: {answer.stderr}"
    assert "busiest_units" in _orggraph(built, "query", "--list", cwd=tmp_path).stdout
    assert "MERGE" in (tmp_path / "graph.cypher").read_text(encoding="utf-8")
    assert (tmp_path / "report" / "report.html").stat().st_size > 10_000
    assert (tmp_path / "map.html").stat().st_size > 10_000
    assert (tmp_path / "diff" / "diff.html").is_file() and (tmp_path / "registry-draft.csv").is_file()

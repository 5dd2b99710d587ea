"""``orggraph viz`` from the command line: in-process, and as a process on a non-UTF-8 locale."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from orggraph import read_registry
from orggraph.cli import app
from orggraph.viz import render_map

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "licheng-registry.csv"


def test_help_names_every_option_and_ends_with_an_example():
    out = runner.invoke(app, ["viz", "--help"])
    assert out.exit_code == 0
    for option in ("--out", "--view", "--focus", "--depth", "--seed", "--png", "--lang", "--registry", "--jurisdiction"):
        assert option in out.stdout
    assert "Example: orggraph viz" in out.stdout


def test_writes_the_library_page(example_path, example_graph, tmp_path):
    out = runner.invoke(app, ["viz", str(example_path), "-r", str(REGISTRY), "--view", "leaders", "-o",
                              str(tmp_path / "maps" / "leaders.html")])
    assert out.exit_code == 0, out.output
    assert "leaders view" in out.stdout
    written = (tmp_path / "maps" / "leaders.html").read_bytes()
    assert written == render_map(example_graph, view="leaders").encode("utf-8")


def test_focus_alone_draws_the_ego_view(example_path, example_graph, tmp_path):
    out = runner.invoke(app, ["viz", str(example_path), "-r", str(REGISTRY), "--focus", "区住建局", "--depth", "1",
                              "-o", str(tmp_path / "ego.html")])
    assert out.exit_code == 0, out.output
    page = (tmp_path / "ego.html").read_text(encoding="utf-8")
    assert page == render_map(example_graph, view="ego", focus="区住建局", depth=1)


def test_unknown_focus_is_one_line_with_close_matches(example_path, tmp_path):
    out = runner.invoke(app, ["viz", str(example_path), "--focus", "区住建", "-o", str(tmp_path / "m.html")])
    assert out.exit_code == 2
    assert out.stderr == "orggraph: no unit or leader named '区住建'; did you mean 区住建局?\n"
    assert not (tmp_path / "m.html").exists()


def test_option_mistakes_exit_2(example_path, tmp_path):
    ego = runner.invoke(app, ["viz", str(example_path), "--view", "ego", "-o", str(tmp_path / "m.html")])
    assert ego.exit_code == 2 and "--view ego needs --focus" in ego.stderr
    units = runner.invoke(app, ["viz", str(example_path), "--view", "units", "--focus", "区住建局",
                                "-o", str(tmp_path / "m.html")])
    assert units.exit_code == 2 and "ego view only" in units.stderr
    missing = runner.invoke(app, ["viz", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "m.html")])
    assert missing.exit_code == 2 and missing.stderr.startswith("orggraph: ")


def test_ascii_locale_writes_utf8_and_nothing_else(example_path, example_graph, tmp_path):
    """On a platform whose default encoding cannot hold Chinese, the map is still UTF-8, alone in its folder."""
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
           "PYTHONIOENCODING": ""}
    probe = subprocess.run([sys.executable, "-c", "import locale; print(locale.getpreferredencoding(False))"],
                           env=env, capture_output=True, text=True, check=True)
    assert "utf" not in probe.stdout.lower()
    done = subprocess.run([sys.executable, "-m", "orggraph", "viz", str(example_path), "-r", str(REGISTRY), "-o", "map.html"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]
    assert (tmp_path / "map.html").read_bytes() == render_map(example_graph, registry=read_registry(REGISTRY)).encode("utf-8")


def test_default_is_who_works_with_whom_and_english_on_request(example_path, example_graph, tmp_path):
    out = runner.invoke(app, ["viz", str(example_path), "-r", str(REGISTRY), "--lang", "en", "-o", str(tmp_path / "m.html")])
    assert out.exit_code == 0, out.output
    assert "units view" in out.stdout
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert page == render_map(example_graph, registry=read_registry(REGISTRY), lang="en")
    assert "<h1>Who must work with whom: the unit coordination network</h1>" in page and '<html lang="en">' in page
    chinese = render_map(example_graph, registry=read_registry(REGISTRY))
    assert "<h1>谁要和谁协同：单位协同网络</h1>" in chinese and "线越粗共同任务越多" in chinese


def test_png_without_chromium_is_one_line_after_the_map(example_path, tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # as if Playwright were not installed
    out = runner.invoke(app, ["viz", str(example_path), "-o", str(tmp_path / "m.html"), "--png", str(tmp_path / "m.png")])
    assert out.exit_code == 2
    assert out.stderr.startswith("orggraph: --png 需要 Playwright 和 Chromium") and out.stderr.count("\n") == 1
    assert (tmp_path / "m.html").exists() and not (tmp_path / "m.png").exists()


def test_png_is_the_map_at_print_resolution(example_path, tmp_path):
    out = runner.invoke(app, ["viz", str(example_path), "-r", str(REGISTRY), "-o", str(tmp_path / "m.html"),
                              "--png", str(tmp_path / "m.png")])
    assert out.exit_code == 0, out.output
    head = (tmp_path / "m.png").read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    assert f"{width}×{height}" in out.stdout and width >= 3000


def test_separate_processes_write_identical_maps(example_path, tmp_path):
    """Set iteration order differs between processes with different hash seeds; the maps must not."""
    written = []
    for hash_seed in ("1", "2"):
        target = tmp_path / f"map-{hash_seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        for view in (["--view", "units"], ["--focus", "区住建局"]):
            subprocess.run([sys.executable, "-m", "orggraph", "viz", str(example_path), "-r", str(REGISTRY), *view,
                            "-o", str(target)], env=env, check=True, capture_output=True)
            written.append(target.read_bytes())
    assert written[0] == written[2] and written[1] == written[3]

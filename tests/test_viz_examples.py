"""The example maps in viz/ are exactly what the documented command makes today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

VIZ = Path(__file__).resolve().parent.parent / "viz"


def _builder():
    spec = importlib.util.spec_from_file_location("build_examples", VIZ / "build_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_maps_equal_a_fresh_build():
    builder = _builder()
    fresh = builder.render_examples()
    assert sorted(fresh) == sorted(p.name for p in VIZ.glob("*.html"))
    for name, page in fresh.items():
        committed = (VIZ / name).read_bytes()
        assert committed == page.encode("utf-8"), f"viz/{name} is stale: run .venv/bin/python viz/build_examples.py"


def test_readme_documents_the_command_and_every_map():
    readme = (VIZ / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/python viz/build_examples.py" in readme
    for name in _builder().EXAMPLES:
        assert f"`{name}`" in readme

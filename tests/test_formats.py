"""The format registry: every layout declares its reader (and writer); the vocabulary is a leaf."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from orggraph.errors import IngestError
from orggraph.generate import FORMATS, suffix_of
from orggraph.ingest.formats import FORMATS as REGISTRY
from orggraph.ingest.formats import SUPPORTED_SUFFIXES, format_named, formats_for
from orggraph.ingest.reader import read_table

PACKAGE = Path(__file__).resolve().parent.parent / "orggraph"


@pytest.mark.parametrize("fmt", REGISTRY, ids=lambda f: f.name)
def test_every_format_resolves_its_reader_and_writer(fmt):
    assert callable(fmt.read())
    assert fmt.writer is None or callable(fmt.write())
    for suffix in fmt.suffixes:
        assert fmt in formats_for(suffix) and suffix in SUPPORTED_SUFFIXES


def test_generator_layouts_and_suffixes_come_from_the_registry():
    assert FORMATS == tuple(f.name for f in REGISTRY if f.writer)
    assert {fmt: suffix_of(fmt) for fmt in FORMATS} == {f.name: f.suffixes[0] for f in REGISTRY if f.writer}
    with pytest.raises(ValueError, match="prose-docx"):
        format_named("pdf")


def test_vocabulary_is_a_leaf_module():
    tree = ast.parse((PACKAGE / "ingest" / "vocabulary.py").read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [name for name in imported if name and name.startswith("orggraph")]


@pytest.mark.parametrize("first", ["orggraph.units", "orggraph.ingest.txt", "orggraph.ingest.reader"])
def test_no_import_cycle_whatever_is_imported_first(first):
    code = f"import {first}, orggraph.units, orggraph.ingest.txt, orggraph.ingest.reader"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_zip_that_is_no_word_document_keeps_its_error(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(IngestError, match="damaged"):
        read_table(path)

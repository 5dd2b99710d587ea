"""``orggraph.diff``: the changes found are exactly the changes made, in any layout."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE, EXAMPLE_REGISTRY

from orggraph import model as m
from orggraph import read_documents, read_registry
from orggraph.diff import (
    DocumentDiff,
    diff_documents,
    joined_graph,
    match_texts,
    split_documents,
)
from orggraph.diff.write import DIFF_FILES, diff_tables, render_html, render_markdown, write_diff, write_xlsx
from orggraph.generate import FORMATS, generate_result, suffix_of, write_table
from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
from orggraph.revise import revise_result

REVISED = EXAMPLE.parent / "licheng-2026-revised.txt"


def read_pair(old: Path, new: Path, registry=None) -> tuple[IngestResult, IngestResult]:
    names = registry.names() if registry else ()
    pair = split_documents(read_documents([old, new], known_units=names))
    return pair[0], pair[1]


def found_changes(d: DocumentDiff) -> dict:
    """The diff in the shape of the generator's truth."""

    def names(field: str) -> dict:
        return {c.old.no: (getattr(c, field).added, getattr(c, field).removed) for c in d.matched if getattr(c, field)}

    return {
        "pairs": {c.old.no: c.new.no for c in d.matched},
        "removed": tuple(t.no for t in d.removed),
        "added": tuple(t.no for t in d.added),
        "reworded": tuple(sorted(c.old.no for c in d.matched if c.text_changed)),
        "moved": tuple(sorted(c.old.no for c in d.matched if c.section_changed)),
        "lead_units": names("lead_units"),
        "responsible_units": names("responsible_units"),
        "leaders": names("leaders"),
    }


def truth_of(revision) -> dict:
    t = revision.truth
    return {
        "pairs": t.pairs, "removed": t.removed, "added": t.added, "reworded": tuple(sorted(t.reworded)),
        "moved": t.moved, "lead_units": t.lead_units, "responsible_units": t.responsible_units, "leaders": t.leaders,
    }


def table(tasks: int, seed: int) -> IngestResult:
    return generate_result(
        tasks=tasks, units=max(20, tasks // 8), leaders=max(4, tasks // 50), sections=max(1, min(12, tasks // 25)), seed=seed
    )


@pytest.mark.parametrize(("tasks", "seed"), [(40, 0), (150, 1), (600, 2), (2500, 3)])
def test_finds_exactly_the_changes_made(tasks, seed):
    old = table(tasks, seed)
    revision = revise_result(old, seed=seed + 10, drops=0.08, additions=0.08, rewordings=0.08, lead_changes=0.06,
                             leader_changes=0.06, responsible_changes=0.04, moves=0.05)
    truth = truth_of(revision)
    assert truth["removed"] and truth["added"] and truth["reworded"] and truth["lead_units"] and truth["leaders"]
    if tasks >= 100:
        assert truth["moved"]
    assert found_changes(diff_documents(old, revision.result)) == truth


@pytest.mark.parametrize(("old_fmt", "new_fmt", "seed"), [("txt", "docx", 4), ("xlsx", "md", 5), ("csv", "labelled", 6)])
def test_finds_the_changes_through_files_of_other_layouts(tmp_path, old_fmt, new_fmt, seed):
    old = table(120, seed)
    revision = revise_result(old, seed=seed)
    old_path = write_table(old, tmp_path / f"old{suffix_of(old_fmt)}", old_fmt)
    new_path = write_table(revision.result, tmp_path / f"new{suffix_of(new_fmt)}", new_fmt)
    assert found_changes(diff_documents(*read_pair(old_path, new_path))) == truth_of(revision)


@pytest.fixture(scope="module")
def registry():
    return read_registry(EXAMPLE_REGISTRY)


@pytest.fixture(scope="module")
def example_diff(registry):
    return diff_documents(*read_pair(EXAMPLE, REVISED, registry), registry=registry)


def test_example_against_its_revised_copy(example_diff):
    """data/licheng-2026-revised.txt: the changes made by hand to the bundled example."""
    found = found_changes(example_diff)
    assert found["removed"] == (4, 82)
    assert found["added"] == (10, 84)
    assert found["reworded"] == (1, 70)
    assert found["moved"] == (79,)
    assert found["lead_units"] == {66: (("区市场监管局",), ("区发改局",))}
    assert found["responsible_units"] == {70: (("区财政局",), ())}
    assert found["leaders"] == {68: (("曾国志",), ("余经伟",))}
    # Renumbered: 1–3 keep their numbers, 5–10 move up one, 11 onwards shift by the insertion at 10.
    assert [found["pairs"][n] for n in (1, 3, 5, 10, 11, 68, 79, 84)] == [1, 3, 4, 9, 11, 69, 68, 83]
    assert len(found["pairs"]) == 82
    assert example_diff.old_tasks == example_diff.new_tasks == 84


def test_example_changed_spans_and_similarity(example_diff):
    by_old = {c.old.no: c for c in example_diff.matched}
    assert [(s.old, s.new) for s in by_old[1].text_spans] == [("5.5", "6")]
    assert [(s.old, s.new) for s in by_old[70].text_spans] == [("", "障性"), ("", "赁住"), ("200", "300")]
    assert 0.5 <= by_old[70].similarity < by_old[1].similarity < 1.0
    assert all(c.similarity == 1.0 for c in example_diff.matched if not c.text_changed)


@pytest.mark.parametrize(("lang", "wording"), [("zh", "增“障性”；增“赁住”；“200”→“300”"),
                                               ("en", "added “障性”; added “赁住”; “200” → “300”")])
def test_wording_column_names_insertions_as_such(example_diff, lang, wording):
    reworded = next(table for table in diff_tables(example_diff, lang=lang) if table.key == "reworded")
    assert any(wording in cell for row in reworded.rows for cell in row if isinstance(cell, str))


def test_renamed_units_are_no_change_with_the_registry(registry):
    """The revised copy writes 区工业和信息化局 and 区住房和城乡建设局, aliases the registry knows."""
    without = found_changes(diff_documents(*read_pair(EXAMPLE, REVISED)))
    assert without["lead_units"][3] == (("区工业和信息化局",), ("区工信局",))
    assert without["lead_units"][28] == (("区住房和城乡建设局",), ("区住建局",))
    with_registry = found_changes(diff_documents(*read_pair(EXAMPLE, REVISED, registry), registry=registry))
    assert set(with_registry["lead_units"]) == {66}


def test_unit_and_leader_shifts(example_diff):
    units = {u.name: u for u in example_diff.units}
    assert units["区统计局"].disappeared and units["区统计局"].new.lead == 0 and units["区统计局"].old.lead == 1
    assert (units["区市场监管局"].old.lead, units["区市场监管局"].new.lead) == (3, 4)
    assert (units["区财政局"].old.responsible, units["区财政局"].new.responsible) == (0, 1)
    assert units["区直有关单位"].old.burden is None  # placeholders have no burden score
    shifts = [abs(u.burden_change) for u in example_diff.units]
    assert shifts == sorted(shifts, reverse=True)
    leaders = {s.name: (s.old_tasks, s.new_tasks) for s in example_diff.leaders}
    assert leaders["余经伟"] == (11, 9) and leaders["曾国志"] == (19, 20)
    assert example_diff.leaders[0].name == "余经伟"


def test_a_table_against_itself_is_no_change(example_result):
    same = IngestResult([DocumentInfo(**{**vars(example_result.documents[0]), "id": "copy"})],
                        [TaskRecord(**{**vars(t), "document": "copy"}) for t in example_result.tasks])
    d = diff_documents(example_result, same)
    assert d.is_empty and len(d.matched) == 84
    assert all(u.old == u.new for u in d.units) and all(s.old_tasks == s.new_tasks for s in d.leaders)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "txt"])
def test_the_same_table_in_another_layout_is_no_change(tmp_path, fmt):
    original = table(80, 7)
    txt = write_table(original, tmp_path / "a.txt", "txt")
    other = write_table(original, tmp_path / f"b{suffix_of(fmt)}", fmt)
    d = diff_documents(*read_pair(txt, other))
    assert d.is_empty and [c.old.no for c in d.matched] == list(range(1, 81))


def test_example_as_docx_is_no_change(tmp_path, example_result):
    docx = write_table(example_result, tmp_path / "licheng.docx", "docx")
    assert diff_documents(*read_pair(EXAMPLE, docx)).is_empty


def test_matching_is_one_to_one_and_deterministic():
    old = ["推进城市更新", "推进城市更新", "建设智慧城市"]
    new = ["推进城市更新", "建设智慧城市。", "推进城市更新"]
    pairs = [(p.old, p.new) for p in match_texts(old, new)]
    assert pairs == [(0, 0), (2, 1), (1, 2)]
    assert match_texts(old, new) == match_texts(list(old), list(new))
    with pytest.raises(ValueError, match="threshold"):
        match_texts(old, new, threshold=0)


def test_dissimilar_tasks_are_added_and_removed():
    old = IngestResult([DocumentInfo("a", "", "txt", "", 1, "甲区")],
                       [TaskRecord("a", 1, 0, "", "推进城市更新行动", ["区住建局"], [], ["张三"], None, {})])
    new = IngestResult([DocumentInfo("b", "", "txt", "", 1, "甲区")],
                       [TaskRecord("b", 1, 0, "", "新建体育公园两座", ["区体育局"], [], ["李四"], None, {})])
    d = diff_documents(old, new)
    assert not d.matched and [t.no for t in d.added] == [1] and [t.no for t in d.removed] == [1]
    assert {(u.name, u.appeared, u.disappeared) for u in d.units} == {("区住建局", False, True), ("区体育局", True, False)}


def test_ties_prefer_the_same_units():
    """Two tasks of the same wording: the pair with the same lead unit wins, whatever the order."""
    texts = ["开展安全生产检查", "开展安全生产检查"]
    old = IngestResult([DocumentInfo("a", "", "txt", "", 2, "甲区")],
                       [TaskRecord("a", i + 1, 0, "", t, [u], [], [], None, {}) for i, (t, u) in enumerate(zip(texts, ["区应急局", "区城管局"]))])
    new = IngestResult([DocumentInfo("b", "", "txt", "", 2, "甲区")],
                       [TaskRecord("b", i + 1, 0, "", t, [u], [], [], None, {}) for i, (t, u) in enumerate(zip(texts, ["区城管局", "区应急局"]))])
    d = diff_documents(old, new)
    assert [(c.old.no, c.new.no) for c in d.matched] == [(2, 1), (1, 2)] and d.is_empty


def test_one_document_each():
    with pytest.raises(ValueError, match="one document"):
        diff_documents(IngestResult(), IngestResult())


# ---------------------------------------------------------------- graph


def test_joined_graph_links_each_old_task_to_its_match(registry, example_diff):
    old, new = read_pair(EXAMPLE, REVISED, registry)
    G = joined_graph(old, new, example_diff, registry=registry)
    continues = [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == m.CrossRelType.CONTINUES]
    assert len(continues) == len(example_diff.matched) == 82
    assert all(G.nodes[u][m.DOCUMENT] == old.documents[0].id and G.nodes[v][m.DOCUMENT] == new.documents[0].id
               for u, v, _ in continues)
    assert {d[m.SIMILARITY] for _, _, d in continues} >= {1.0, 0.666667}
    # Units are shared by the two documents: one 区发改局 node leads tasks of both years.
    docs = {G.nodes[t][m.DOCUMENT] for _, t, k in G.out_edges("Unit:licheng/区发改局", keys=True) if k == "LEADS"}
    assert docs == {old.documents[0].id, new.documents[0].id}


def test_the_embedded_engine_follows_a_task_across_years(registry, example_diff):
    from orggraph.store.embedded import EmbeddedStore

    old, new = read_pair(EXAMPLE, REVISED, registry)
    G = joined_graph(old, new, example_diff, registry=registry)
    with EmbeddedStore() as store:
        summary = store.load(G)
        found = store.run(
            "MATCH (a:Task)-[c:CONTINUES]->(b:Task)<-[:LEADS]-(u:Unit) WHERE a.no = 66 "
            "RETURN b.no AS no, u.name AS lead, c.similarity > 0.5 AS close"
        ).records()
    assert summary.relationships[m.CrossRelType.CONTINUES.value] == len(example_diff.matched)
    assert found == [{"no": 66, "lead": "区市场监管局", "close": True}]


# ---------------------------------------------------------------- reports


def hostile_pair() -> tuple[IngestResult, IngestResult]:
    text = "=HYPERLINK(\"x\")<script>alert(1)</script>|*粗*_下_ [链接](http://x) #标题"
    old = IngestResult([DocumentInfo("a", "", "txt", "<b>旧</b>", 1, "甲区")],
                       [TaskRecord("a", 1, 0, "", "推进城市更新行动", ["区住建局"], [], ["张三"], None, {})])
    new = IngestResult([DocumentInfo("b", "", "txt", "新|表", 1, "甲区")],
                       [TaskRecord("b", 1, 0, "", text, ["=区局"], [], ["李四"], None, {})])
    return old, new


def test_markdown_escapes_table_text():
    md = render_markdown(diff_documents(*hostile_pair()))
    row = next(line for line in md.splitlines() if "script" in line)
    assert row.count(" | ") == 5  # the | inside the text does not open a column
    assert "\\<script\\>" in row and "\\[链接\\]" in row and "\\*粗\\*" in row and "\\_下\\_" in row and "\\#标题" in row


def test_html_escapes_and_loads_nothing():
    page = render_html(diff_documents(*hostile_pair()))
    assert "<script" not in page and "&lt;script&gt;" in page and "&lt;b&gt;旧&lt;/b&gt;" in page
    assert "http" not in page.replace("http://x", "")  # no link, font or script from outside
    assert "<link" not in page and "src=" not in page


def test_workbook_text_cells_are_strings_never_formulas(tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(diff_documents(*hostile_pair()), tmp_path / "d.xlsx")
    book = load_workbook(path)
    added = book["新增任务"]
    cells = [c for row in added.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=HYPER") for c in cells) and any(c.value == "=区局" for c in cells)
    assert all(c.data_type == "s" for c in cells)
    assert added.freeze_panes == "A2"
    assert added.column_dimensions["B"].width > added.column_dimensions["A"].width


def test_report_files_list_every_change(tmp_path, example_diff):
    written = write_diff(example_diff, tmp_path)
    assert [p.name for p in written] == list(DIFF_FILES)
    md = (tmp_path / "diff.md").read_text(encoding="utf-8")
    for heading in ("## 新增任务 (2)", "## 删除任务 (2)", "## 调整分工 (3)", "## 表述调整 (2)", "## 板块调整 (1)"):
        assert heading in md
    assert "| 4 | 建筑业增加值增长3%。 |" in md and "全区生产总值增长**5.5**%左右。" in md
    assert "增：区市场监管局；减：区发改局" in md
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "diff.xlsx")
    assert book.sheetnames == ["新增任务", "删除任务", "调整分工", "表述调整", "板块调整", "单位负担变化", "分管领导任务变化"]
    assert book["删除任务"]["B2"].value == "建筑业增加值增长3%。"
    english = render_markdown(example_diff, lang="en")
    assert "## New tasks (2)" in english and "added: 区市场监管局; removed: 区发改局" in english


def test_report_bytes_repeat(tmp_path, example_diff):
    first, second = tmp_path / "1", tmp_path / "2"
    write_diff(example_diff, first)
    write_diff(example_diff, second)
    for name in DIFF_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert zipfile.is_zipfile(first / "diff.xlsx")


@pytest.mark.browser
def test_report_renders_offline_in_chromium(tmp_path, example_diff, browser, screenshot_dir):
    html = write_diff(example_diff, tmp_path)[0]
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else (requests.append(route.request.url), route.abort()))
    page.goto(html.as_uri())
    tables = page.evaluate("document.querySelectorAll('table').length")
    marks = page.evaluate("[...document.querySelectorAll('mark.new')].map(m => m.textContent)")
    h1_width = page.evaluate("document.querySelector('h1').getBoundingClientRect().width")
    shot = screenshot_dir / "diff.zh.png"
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    assert requests == []
    assert tables == 7
    assert marks == ["6", "障性", "赁住", "300"]
    assert h1_width > 300
    assert shot.stat().st_size > 10_000

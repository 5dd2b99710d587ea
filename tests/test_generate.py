"""The seeded table generator: determinism, realistic texture, and round trips through every layout."""

from __future__ import annotations

from collections import Counter
from statistics import median

import pytest

from orggraph import read_documents
from orggraph.generate import COLLECTIVES, FORMATS, chinese_numeral, generate_result, suffix_of, write_table
from orggraph.ingest.names import is_person_name, split_units
from orggraph.units import is_collective_name

FIELDS = ("no", "section_index", "section", "text", "lead_units", "responsible_units", "leaders")


def _records(result) -> list[tuple]:
    return [tuple(getattr(task, name) for name in FIELDS) for task in result.tasks]


@pytest.fixture(scope="module")
def generated():
    return generate_result(tasks=300, units=80, leaders=15, sections=6, seed=7)


def test_same_seed_same_records_other_seed_other_records():
    first = generate_result(tasks=120, units=40, leaders=8, sections=4, seed=3)
    again = generate_result(tasks=120, units=40, leaders=8, sections=4, seed=3)
    other = generate_result(tasks=120, units=40, leaders=8, sections=4, seed=4)
    assert _records(first) == _records(again)
    assert _records(first) != _records(other)
    assert [t.text for t in first.tasks] != [t.text for t in other.tasks]


def test_sizes_numbering_and_sections(generated):
    tasks = generated.tasks
    assert len(tasks) == 300
    assert [t.no for t in tasks] == list(range(1, 301))
    indices = [t.section_index for t in tasks]
    assert indices == sorted(indices) and set(indices) == set(range(6))
    titles = {t.section_index: t.section for t in tasks}
    assert len(set(titles.values())) == 6 and all(titles.values())
    assert len({u for t in tasks for u in t.lead_units + t.responsible_units}) <= 80
    assert len({p for t in tasks for p in t.leaders}) <= 15


def test_names_are_unique_realistic_and_survive_the_normalizer(generated):
    units = {u for t in generated.tasks for u in t.lead_units + t.responsible_units}
    leaders = {p for t in generated.tasks for p in t.leaders}
    assert all(split_units(u, units) == [u] for u in units)
    assert all(2 <= len(p) <= 3 and is_person_name(p) for p in leaders)
    assert not units & leaders
    kinds = {suffix for u in units for suffix in ("局", "街道办事处", "集团", "指挥部") if u.endswith(suffix)}
    assert kinds == {"局", "街道办事处", "集团", "指挥部"}
    assert any(is_collective_name(u) for u in units)
    for task in generated.tasks:
        assert task.lead_units and task.leaders
        assert not set(task.lead_units) & set(task.responsible_units)
        assert not any(u in COLLECTIVES for u in task.lead_units)  # a placeholder never leads


def test_popularity_is_skewed_and_cells_hold_several_units(generated):
    counts = Counter(u for t in generated.tasks for u in t.lead_units + t.responsible_units)
    assert counts.most_common(1)[0][1] > 10 * median(counts.values())
    assert sum(len(t.lead_units) > 1 for t in generated.tasks) > 30
    assert sum(len(t.responsible_units) > 1 for t in generated.tasks) > 60


def test_chinese_numerals_and_limits():
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 99)] == ["一", "九", "十", "十一", "二十", "九十九"]
    with pytest.raises(ValueError):
        chinese_numeral(100)
    with pytest.raises(ValueError):
        generate_result(sections=0)
    with pytest.raises(ValueError):
        write_table(generate_result(tasks=2), "x.pdf", "pdf")


@pytest.mark.parametrize(
    ("fmt", "encoding"),
    [(fmt, "utf-8") for fmt in FORMATS] + [("csv", "utf-8-sig"), ("csv", "gbk"), ("labelled", "gbk")],
)
def test_generate_write_read_round_trip(generated, tmp_path, fmt, encoding):
    path = write_table(generated, tmp_path / f"table-{fmt}{suffix_of(fmt)}", fmt, encoding=encoding)
    back = read_documents([path])
    assert back.documents[0].format == fmt
    # A prose notice's preamble, closing, signature and date are skipped lines, each reported.
    skipped = [w for w in back.warnings if w.slug == "row-skipped"]
    assert len(skipped) == (4 if fmt.startswith("prose") else 0)
    assert back.documents[0].rows_read == 300 + len(skipped)
    assert back.documents[0].title == generated.documents[0].title
    assert _records(back) == _records(generated)
    # Only the rows generated without responsible units are warned about.
    empty = sum(not t.responsible_units for t in generated.tasks)
    assert len(back.warnings) - len(skipped) == empty



def test_density_knob_names_one_to_eleven_units_and_large_pools_have_distinct_names():
    dense = generate_result(tasks=2000, units=300, leaders=20, sections=4, seed=5, units_per_task=11)
    sizes = Counter(len(t.lead_units) + len(t.responsible_units) for t in dense.tasks)
    assert min(sizes) == 1 and max(sizes) == 11
    assert median(len(t.lead_units) + len(t.responsible_units) for t in dense.tasks) >= 5
    assert all(t.lead_units and not set(t.lead_units) & set(t.responsible_units) for t in dense.tasks)
    large = generate_result(tasks=50, units=5000, leaders=800, sections=2, seed=0)
    units = {u for t in large.tasks for u in t.lead_units + t.responsible_units}
    assert all(split_units(u, units) == [u] for u in units)
    with pytest.raises(ValueError):
        generate_result(tasks=5, units_per_task=0)

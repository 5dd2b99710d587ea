"""Row-by-row checks of the bundled 鲤城区 2026 table, one test per damage the extraction shows.

Expected values were read off data/licheng-2026-task-breakdown.txt by eye; the line numbers
in comments point at the place in that file.
"""

from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def rows(example_result):
    return {t.no: t for t in example_result.tasks}


@pytest.fixture(scope="module")
def warnings_by_no(example_result):
    out: dict[int | None, list] = {}
    for w in example_result.warnings:
        out.setdefault(w.no, []).append(w)
    return out


def test_every_numbered_row_is_a_task_in_order(example_result):
    numbers = [t.no for t in example_result.tasks]
    assert numbers == list(range(1, 85))
    doc = example_result.documents[0]
    assert doc.rows_read == len(example_result.tasks) == 84
    assert doc.title == "2026年度区《政府工作报告》目标任务责任分解表"
    assert doc.format == "txt"


def test_sections(example_result):
    sections = {}
    for t in example_result.tasks:
        sections.setdefault(t.section_index, set()).add(t.section)
    assert {k: sorted(v) for k, v in sections.items()} == {
        0: [""],
        1: ["向新而进，以产业升级激活发展动能"],
        2: ["向精而行，以城市提质勾勒宜居画卷"],
        3: ["向外而兴，以文旅融合栖息诗和远方"],
        4: ["向优而求，以改革攻坚破解发展难题"],
        5: ["向暖而生，以惠民实事厚植幸福根基"],
    }
    firsts = {}
    for t in example_result.tasks:
        firsts.setdefault(t.section_index, t.no)
    assert firsts == {0: 1, 1: 13, 2: 24, 3: 40, 4: 56, 5: 68}


def test_simple_row_and_source_line(rows):
    row = rows[1]  # line 11
    assert row.text == "全区生产总值增长5.5%左右。"
    assert row.lead_units == ["区发改局"]
    assert row.responsible_units == ["区直有关单位", "各街道办事处"]
    assert row.leaders == ["曾国志"]
    assert row.source == {"line": 11}
    assert row.deadline is None
    assert rows[13].source == {"line": 121}


def test_values_on_separate_lines_keep_source_order(rows):
    assert rows[2].lead_units == ["区自然资源局", "区农水局"]
    assert rows[2].leaders == ["余经伟", "吴超鹏"]
    assert rows[14].lead_units == ["高新区管委会", "区发改局", "区工信局", "区卫健局"]
    assert rows[14].leaders == ["曾国志", "张剑辉", "吴超鹏", "张志强"]


def test_padded_two_character_names(rows):
    assert rows[4].leaders == ["王伟"]  # "王  伟", line 44
    assert rows[36].leaders == ["陈颖", "王伟"]  # "陈  颖" then "王  伟"
    assert rows[34].leaders == ["王伟", "李超端", "卓鸿杰"]  # last two on adjacent lines


def test_glued_unit_names_are_split(rows):
    assert rows[17].responsible_units == ["常泰街道办事处", "江南城建集团"]  # line 180
    assert rows[23].responsible_units == ["区发改局", "区科技局", "鲤城生态环境局", "各街道办事处"]  # line 254
    assert rows[26].responsible_units[-2:] == ["常泰街道办事处", "江南城建集团"]
    assert rows[49].responsible_units == ["各相关街道办事处", "区文投集团"]  # line 555


def test_names_broken_over_lines_are_joined(rows):
    assert rows[24].lead_units == ["古城保护发展指挥部"]  # lines 263-265
    assert rows[26].lead_units == ["江南片区建设指挥部"]
    assert rows[29].lead_units == ["古城保护发展指挥部", "区自然资源局"]
    assert rows[16].responsible_units == ["各重点项目承办单位"]  # lines 170-172
    assert rows[77].responsible_units == ["各街道社区卫生服务中心"]  # lines 808-810


def test_parenthesised_line_belongs_to_the_unit_before(rows):
    assert rows[18].lead_units == ["区委组织部（人才办）", "区科技局", "区人社局", "团区委"]  # line 189
    assert rows[63].responsible_units == ["区政府办（外事办）", "各街道办事处"]  # line 700


def test_rows_that_lost_their_number_are_numbered_by_sequence_and_warned(rows, warnings_by_no):
    lost = [58, 60, 68, 70, 71, 72, 73, 75, 79, 80, 81, 82]
    for no in lost:
        messages = [w.message for w in warnings_by_no.get(no, []) if w.column == "序号"]
        assert messages and "row number missing" in messages[0], no
    numbered_by_warning = sorted(
        w.no for w in sum(warnings_by_no.values(), []) if w.column == "序号"
    )
    assert numbered_by_warning == lost
    assert rows[58].text.startswith("全面建设“智慧鲤城”")
    assert rows[58].source == {"line": 642}
    assert rows[58].lead_units == ["区工信局", "区“一网统管”专班"]
    assert rows[79].text.startswith("收官安全生产治本攻坚三年行动")


def test_row_without_leader_is_kept_and_warned(rows, warnings_by_no):
    row = rows[69]  # lines 753-756: 区人社局 / 各街道办事处, no leader cell
    assert row.lead_units == ["区人社局"]
    assert row.responsible_units == ["各街道办事处"]
    assert row.leaders == []
    assert [(w.column, "empty" in w.message) for w in warnings_by_no[69]] == [("分管领导", True)]


def test_row_without_lead_unit_is_kept_and_warned(rows, warnings_by_no):
    row = rows[71]  # lines 761-765: no lead cell; the one unit cell holds placeholders
    assert row.lead_units == []
    assert row.responsible_units == ["区直有关单位", "各街道办事处"]
    assert row.leaders == ["张剑辉"]
    assert ("牵头单位", True) in [(w.column, "empty" in w.message) for w in warnings_by_no[71]]


def test_no_name_keeps_whitespace_and_none_is_empty(example_result):
    for task in example_result.tasks:
        for name in task.lead_units + task.responsible_units + task.leaders:
            assert name and not re.search(r"\s", name), (task.no, name)


def test_leaders_are_people_and_units_are_units(example_result):
    leaders = {n for t in example_result.tasks for n in t.leaders}
    assert leaders == {
        "曾国志", "余经伟", "吴超鹏", "王伟", "李超端", "张剑辉", "张志强", "王江涛",
        "吴飞凌", "陈颖", "卓鸿杰", "陈楚亮",
    }
    units = {n for t in example_result.tasks for n in t.lead_units + t.responsible_units}
    assert not units & leaders
    assert "区文投集团" in units and "交警鲤城大队" in units


def test_only_expected_warnings(example_result):
    # 12 lost numbers + 1 missing leader + 1 missing lead unit; nothing else was guessed.
    assert len(example_result.warnings) == 14

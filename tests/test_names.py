"""Name repairs inside one cell, on plain strings."""

from __future__ import annotations

import pytest

from orggraph.ingest.names import is_person_name, split_leaders, split_units
from orggraph.ingest.normalize import match_header, section_title
from orggraph.ingest.normalize import Column


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("区发改局、区财政局", ["区发改局", "区财政局"]),
        ("区发改局，区财政局,区商务局", ["区发改局", "区财政局", "区商务局"]),
        ("区发改局；区财政局;区商务局/区统计局", ["区发改局", "区财政局", "区商务局", "区统计局"]),
        ("区发改局 区财政局", ["区发改局", "区财政局"]),
        ("区发改局\n\n区财政局", ["区发改局", "区财政局"]),
        ("江南片区建设\n\n指挥部\n区住建局", ["江南片区建设指挥部", "区住建局"]),
        ("区政府办\n\n（外事办）", ["区政府办（外事办）"]),
        ("常泰街道办事处江南城建集团", ["常泰街道办事处", "江南城建集团"]),
        ("区直有关单位各街道办事处", ["区直有关单位", "各街道办事处"]),
        ("区委组织部", ["区委组织部"]),
        ("区行政服务中心管委会", ["区行政服务中心管委会"]),
        ("★区发改局、区财政局", ["★区发改局", "区财政局"]),
        ("", []),
    ],
)
def test_split_units(cell, names):
    assert split_units(cell, {"江南城建集团"}) == names


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("王  伟", ["王伟"]),
        ("陈　颖", ["陈颖"]),  # full-width space
        ("曾国志、张剑辉", ["曾国志", "张剑辉"]),
        ("曾国志 张剑辉", ["曾国志", "张剑辉"]),
        ("王 伟 李超端", ["王伟", "李超端"]),
        ("李超端\n卓鸿杰", ["李超端", "卓鸿杰"]),
    ],
)
def test_split_leaders(cell, names):
    assert split_leaders(cell) == names


def test_person_names_are_told_from_units():
    assert all(is_person_name(n) for n in ("曾国志", "王  伟", "欧阳晓明"))
    assert not any(is_person_name(n) for n in ("区侨联", "团区委", "区委台办", "各街道办事处", "交警鲤城大队"))


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("（一）向新而进，以产业升级激活发展动能。", "向新而进，以产业升级激活发展动能"),
        ("二、向精而行", "向精而行"),
        ("**三、向外而兴。**", "向外而兴"),
        ("第四部分 改革攻坚", "改革攻坚"),
    ],
)
def test_section_titles(heading, title):
    assert section_title(heading) == title


@pytest.mark.parametrize(
    ("header", "column"),
    [("重点工作目标任务", Column.TASK), ("牵头责任单位", Column.LEAD), ("主要配合部门", Column.RESPONSIBLE),
     ("分管区领导", Column.LEADERS), ("时间节点", Column.DEADLINE), ("板块", Column.SECTION), ("备注", None)],
)
def test_header_synonyms(header, column):
    assert match_header(header) == column

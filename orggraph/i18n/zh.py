"""中文文本目录（默认语言）。键按前缀分组；每个键在 en.py 中都必须有对应的英文。"""

MESSAGES: dict[str, str] = {
    "lang.name": "中文",
}

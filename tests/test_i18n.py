"""The language catalogues: every key in every language, with the same placeholders."""

from __future__ import annotations

import pytest

from orggraph.i18n import CATALOGUES, DEFAULT_LANG, LANGS, placeholders, translator


def test_chinese_is_the_default():
    assert DEFAULT_LANG == "zh"
    assert set(LANGS) == {"zh", "en"}


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "zh"])
def test_every_key_exists_in_every_language(lang):
    reference, other = set(CATALOGUES["zh"]), set(CATALOGUES[lang])
    assert sorted(reference - other) == [], f"missing in {lang}"
    assert sorted(other - reference) == [], f"missing in zh"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "zh"])
def test_placeholders_agree(lang):
    differing = [
        key
        for key, text in CATALOGUES["zh"].items()
        if key in CATALOGUES[lang] and placeholders(text) != placeholders(CATALOGUES[lang][key])
    ]
    assert differing == []


def test_unknown_key_and_language_are_errors():
    with pytest.raises(KeyError):
        translator("zh")("no.such.key")
    with pytest.raises(ValueError, match="zh, en"):
        translator("fr")

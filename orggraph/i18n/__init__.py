"""Text meant for people, in Chinese (the default) or English: one catalogue per language.

Every string a report, summary, map title or diff shows is a key in :mod:`orggraph.i18n.zh`
and :mod:`orggraph.i18n.en`; writers ask for it with :func:`translator`. Keys are grouped by a
dotted prefix (``report.``, ``diff.``, ``viz.``, ``units.``, ``kind.``…). JSON outputs are a
contract and never pass through here.

>>> t = translator("en")
>>> t("lang.name")
'English'
>>> translator("zh")("lang.name")
'中文'
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping

from orggraph.i18n import en, zh

__all__ = ["LANGS", "DEFAULT_LANG", "CATALOGUES", "translator", "check_lang", "placeholders"]

CATALOGUES: dict[str, Mapping[str, str]] = {"zh": zh.MESSAGES, "en": en.MESSAGES}
LANGS: tuple[str, ...] = tuple(CATALOGUES)
DEFAULT_LANG = "zh"

Translator = Callable[..., str]


def check_lang(lang: str) -> str:
    """Return ``lang`` when orggraph speaks it; raise ``ValueError`` naming the choices otherwise."""
    if lang not in CATALOGUES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


def translator(lang: str = DEFAULT_LANG) -> Translator:
    """Return ``t(key, **values)``: the catalogue's text for ``key`` with ``values`` filled in.

    An unknown key raises ``KeyError``: a missing string is a defect, not something to hide.
    """
    messages = CATALOGUES[check_lang(lang)]

    def t(key: str, **values: object) -> str:
        text = messages[key]
        return text.format(**values) if values else text

    return t


def placeholders(text: str) -> set[str]:
    """Return the names a catalogue string fills in, e.g. ``{'n'}`` for ``'{n} 项'``.

    >>> sorted(placeholders("{unit}牵头{led}项"))
    ['led', 'unit']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}

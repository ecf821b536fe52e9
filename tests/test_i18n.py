"""The message catalogues: every key in every language, with the same placeholders."""

from __future__ import annotations

import re

import pytest

from crawler.i18n import LANGS, catalogue, default_lang, messages, placeholders


def test_every_key_exists_in_every_language() -> None:
    keys = {lang: set(catalogue(lang)) for lang in LANGS}
    every = set().union(*keys.values())
    missing = {lang: sorted(every - found) for lang, found in keys.items() if every - found}
    assert not missing, f"keys missing from a catalogue: {missing}"


def test_translations_fill_in_the_same_values() -> None:
    en, zh = catalogue("en"), catalogue("zh")
    differ = {key: (sorted(placeholders(en[key])), sorted(placeholders(zh[key])))
              for key in en if key in zh and placeholders(en[key]) != placeholders(zh[key])}
    assert not differ


def test_no_message_is_empty_and_chinese_is_chinese() -> None:
    for lang in LANGS:
        assert all(text.strip() for text in catalogue(lang).values()), lang
    # A Chinese catalogue that silently kept the English text would pass the key test.
    zh, en = catalogue("zh"), catalogue("en")
    untranslated = [key for key, text in zh.items()
                    if text == en[key] and re.search(r"[a-z]{3,}", text)
                    and not key.startswith(_SAME_IN_BOTH)]
    assert not untranslated


# Names of brands read the same in both languages; acronyms (PID, ID) are not words.
_SAME_IN_BOTH = ("network.", "same.")


def test_messages_format_their_values() -> None:
    assert messages("en")("sheet.summary") == "Summary"
    assert messages("zh")("sheet.summary") == "概览"
    assert messages("zh").get("no.such.key") is None
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        messages("fr")


@pytest.mark.parametrize(("environ", "lang"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ({"LC_ALL": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL overrides LANG
    ({"LC_MESSAGES": "zh_HK", "LANG": "en_GB"}, "zh"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({}, "en"),
])
def test_default_language_follows_the_locale(environ: dict[str, str], lang: str) -> None:
    assert default_lang(environ) == lang

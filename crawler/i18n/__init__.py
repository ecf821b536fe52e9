"""What linkaudit says, in the creator's language: message catalogues as data.

Each language is a folder of TOML files (``en/``, ``zh/``) read into one flat
catalogue of dotted keys (``[sheet] summary = "Summary"`` → ``sheet.summary``).
The files of a language split it by topic only: a key is defined once across
them, and every key exists in every language (``tests/test_i18n.py``).

Pure: no Scrapy, no I/O beyond reading the package's own files.
"""

from __future__ import annotations

import os
import string
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["LANGS", "Messages", "catalogue", "default_lang", "messages", "lang_of"]

LANGS = ("zh", "en")
"""The languages linkaudit speaks; Chinese first: most of its users are Chinese creators."""
FALLBACK = "en"
_LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")


class CatalogueError(ValueError):
    """A catalogue file is broken: a key defined twice, or a value that is not text."""


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Every message of ``lang`` by dotted key, read from the package's TOML files."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    found: dict[str, str] = {}
    folder = resources.files(__package__).joinpath(lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        where = f"{lang}/{entry.name}"
        try:
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise CatalogueError(f"{where}: {exc}") from None
        for key, value in _flat(data, where):
            if key in found:
                raise CatalogueError(f"{where}: {key!r} is already defined in another file")
            found[key] = value
    return found


def _flat(data: Mapping[str, Any], where: str, prefix: str = "") -> Iterator[tuple[str, str]]:
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            yield from _flat(value, where, f"{key}.")
        elif isinstance(value, str):
            yield key, value
        else:
            raise CatalogueError(f"{where}: {key!r} is {type(value).__name__}, expected text")


def placeholders(text: str) -> frozenset[str]:
    """The ``{names}`` a message fills in.

    >>> sorted(placeholders("{links:,} links on {pages} pages"))
    ['links', 'pages']
    """
    return frozenset(name for _lit, name, _spec, _conv in string.Formatter().parse(text)
                     if name)


@dataclass(frozen=True, slots=True)
class Messages:
    """The messages of one language: ``msg("verdict.clean")``, ``msg("x", n=3)``."""

    lang: str

    def __call__(self, key: str, /, **values: Any) -> str:
        text = catalogue(self.lang)[key]
        return text.format(**values) if values or "{" in text else text

    def get(self, key: str, default: str | None = None, /, **values: Any) -> str | None:
        """The message, or ``default`` when there is none (e.g. a kind a user rule added)."""
        text = catalogue(self.lang).get(key)
        if text is None:
            return default
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in catalogue(self.lang)


@cache
def messages(lang: str) -> Messages:
    """The :class:`Messages` of ``lang`` (one of :data:`LANGS`)."""
    catalogue(lang)  # fail now on an unknown language, not at the first message
    return Messages(lang)


def lang_of(tag: str | None) -> str | None:
    """The language a locale name or tag speaks, when linkaudit speaks it.

    >>> lang_of("zh_CN.UTF-8"), lang_of("zh-Hant-TW"), lang_of("en_GB"), lang_of("C"), lang_of("fr")
    ('zh', 'zh', 'en', None, None)
    >>> lang_of("Chinese (Simplified)_China.936")  # Windows' locale names
    'zh'
    """
    if not tag:
        return None
    head = tag.replace("-", "_").split(".")[0].split("_")[0].split(" ")[0].lower()
    if head in ("zh", "chinese"):
        return "zh"
    if head in ("en", "english"):
        return "en"
    return None


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The user's language: Chinese when the locale says so, else English.

    The first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides (the
    POSIX order); with none set (Windows sets none), the system's locale does.

    >>> default_lang({"LANG": "zh_CN.UTF-8"}), default_lang({"LC_ALL": "C", "LANG": "zh_CN"})
    ('zh', 'en')
    """
    env = os.environ if environ is None else environ
    for var in _LOCALE_VARS:
        if env.get(var):
            return lang_of(env[var]) or FALLBACK
    if environ is None:
        import locale

        try:
            tag = locale.getlocale()[0]
        except ValueError:  # an unknown locale name
            tag = None
        return lang_of(tag) or FALLBACK
    return FALLBACK

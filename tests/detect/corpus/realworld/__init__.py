"""Real published affiliate links and their look-alikes (issue 15), read from ``*.toml``.

Unlike the constructed corpus beside it, every case here is a string someone
published: a link in a README, a theme's ad slot, a blog post's buy link, a
product feed in a demo app. One TOML file per network or family holds
``[[case]]`` tables::

    [[case]]
    source = "gh-index:30795108571"      # where it was seen (repo:path, index id or page URL)
    place = "markdown"                   # where it was published (see PLACES)
    text = "[Circuit Playground](https://amzn.to/2tMr8Iw)"   # as published, trimmed
    expect = [{network = "amazon"}]      # what the detector should report; [] = look-alike
    note = "hardware README, buy link"
    gap = "why the detector gets it wrong today"   # optional: runs as a strict xfail

``expect`` is a list of ``{network, id}``; ``id`` is the finding's ``pid`` (the
Taobao PID, Amazon tag, JD union id …) and is left out when the link hides it.
A case is judged as the crawl would judge it: markup through
``find_affiliate_links`` (what ``audit_page`` does with a fetched page), other
text through ``find_in_text`` (what a text, Markdown or source file gets). A
text is markup when its place is (``MARKUP_PLACES``) or when it holds a tag,
unless it comes from a source file (``SOURCE_PLACES``), which a crawl reads as
text whatever its strings hold.

``source`` names a file of the public code index as ``gh-index:<id>`` (the id
``read_file`` takes), a repository file as ``github:owner/repo:path``, or a URL.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from crawler.detect import Finding, find_affiliate_links, find_in_text

HERE = Path(__file__).resolve().parent

PAGE_URL = "https://creator.example.net/post/1.html"
"""The page every case is read as published on: no case's own host."""

#: Where a case's text was published.
PLACES = frozenset({
    "markdown", "readme", "html-a", "html", "template", "js-string", "json", "yaml-config",
    "toml-config", "php-string", "python-string", "java-string", "go-string", "csharp-string",
    "comment", "text", "sql", "xml",
})

#: Places whose text is markup even when it starts with no tag.
MARKUP_PLACES = frozenset({"html-a", "html", "template", "xml"})

#: Source files a crawl fetches as plain text, even when a string in them holds a tag.
SOURCE_PLACES = frozenset({
    "php-string", "python-string", "java-string", "go-string", "csharp-string",
    "yaml-config", "toml-config", "sql",
})

_MARKUP = re.compile(r"<\s*[a-zA-Z!/]")
_SOURCE = re.compile(r"^(gh-index:\d+|github:[\w.-]+/[\w.-]+:\S+|https?://\S+)$")

Pair = tuple[str, "str | None"]


@dataclass(frozen=True)
class RealCase:
    file: str
    index: int
    source: str
    place: str
    text: str
    expect: frozenset[Pair]
    note: str
    gap: str | None = None

    @property
    def id(self) -> str:
        return f"{self.file}-{self.index:03d}"

    @property
    def look_alike(self) -> bool:
        return not self.expect

    @property
    def as_markup(self) -> bool:
        if self.place in MARKUP_PLACES:
            return True
        return self.place not in SOURCE_PLACES and bool(_MARKUP.search(self.text))

    def findings(self) -> list[Finding]:
        """What the detector reports on the text, through the crawl's entry point for it."""
        if self.as_markup:
            return find_affiliate_links(self.text, PAGE_URL)
        return find_in_text(self.text, PAGE_URL)

    def found(self) -> set[Pair]:
        return {(f.network, f.pid) for f in self.findings()}


def _case(file: str, index: int, table: dict) -> RealCase:
    where = f"{file}.toml case {index}"
    unknown = set(table) - {"source", "place", "text", "expect", "note", "gap"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("source", "place", "text", "expect", "note"):
        if key not in table:
            raise ValueError(f"{where}: missing {key!r}")
    if not _SOURCE.match(table["source"]):
        raise ValueError(f"{where}: source is not gh-index:<id>, github:owner/repo:path or a URL")
    if table["place"] not in PLACES:
        raise ValueError(f"{where}: unknown place {table['place']!r}")
    if not table["text"].strip() or not table["note"].strip():
        raise ValueError(f"{where}: empty text or note")
    expect = set()
    for e in table["expect"]:
        if set(e) - {"network", "id"} or "network" not in e:
            raise ValueError(f"{where}: an expectation is {{network, id}}, got {e!r}")
        pid = e.get("id") or None
        if pid is not None and pid.removeprefix("mm_") not in table["text"]:
            raise ValueError(f"{where}: expected id {pid!r} is not in the text")
        expect.add((e["network"], pid))
    gap = table.get("gap")
    if gap is not None and not gap.strip():
        raise ValueError(f"{where}: an empty gap")
    return RealCase(file, index, table["source"], table["place"], table["text"],
                    frozenset(expect), table["note"], gap)


def load(paths: Iterable[Path] | None = None) -> list[RealCase]:
    """Every case of every ``*.toml`` here (or of ``paths``), in file order."""
    cases = []
    for path in sorted(paths if paths is not None else HERE.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        if set(data) - {"case"}:
            raise ValueError(f"{path.name}: only [[case]] tables, got {sorted(data)}")
        cases += [_case(path.stem, i, t) for i, t in enumerate(data.get("case", []), 1)]
    seen: dict[tuple[str, str], str] = {}
    for c in cases:
        if (c.source, c.text) in seen:
            raise ValueError(f"{c.id}: the same text from the same source as {seen[c.source, c.text]}")
        seen[c.source, c.text] = c.id
    return cases


CASES = load()

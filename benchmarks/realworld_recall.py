#!/usr/bin/env python3
"""Recall and false positives of the detector on the real-world corpus (issue 15).

Reads every case of ``tests/detect/corpus/realworld/*.toml`` through the entry
point the crawl uses for it and prints: cases, expected findings, found,
recall (found/expected), also over the networks some rule knows, false
positives (findings on look-alikes, and findings on a positive case that it
does not expect), the same per network, the misses and false positives counted
by the gap the corpus names for them, then every one with its case id.

    .venv/bin/python benchmarks/realworld_recall.py
    .venv/bin/python benchmarks/realworld_recall.py --quiet     # totals only

A finding counts as found when its ``(network, id)`` equals an expected pair.
Exit status 0. No network.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.detect import default_rules  # noqa: E402
from tests.detect.corpus.realworld import CASES, RealCase  # noqa: E402


def _pair(network: str, pid: str | None) -> str:
    return f"{network}:{pid}" if pid else network


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="totals and per network only")
    args = parser.parse_args(argv)

    expected: Counter[str] = Counter()
    found: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    misses: list[tuple[RealCase, str]] = []
    extras: list[tuple[RealCase, str]] = []
    positives = look_alikes = 0
    for case in CASES:
        got = case.found()
        if case.look_alike:
            look_alikes += 1
        else:
            positives += 1
        for network, pid in sorted(case.expect, key=str):
            expected[network] += 1
            if (network, pid) in got:
                found[network] += 1
            else:
                misses.append((case, _pair(network, pid)))
        for network, pid in sorted(got - case.expect, key=str):
            false_pos[network] += 1
            extras.append((case, _pair(network, pid)))

    total_e, total_f = sum(expected.values()), sum(found.values())
    print(f"cases: {len(CASES)} ({positives} positive, {look_alikes} look-alike)")
    print(f"expected findings: {total_e}  found: {total_f}  "
          f"recall: {total_f / total_e:.1%}" if total_e else "expected findings: 0")
    known = {rule.network for rule in default_rules()}
    known_e = sum(n for network, n in expected.items() if network in known)
    known_f = sum(n for network, n in found.items() if network in known)
    if known_e:
        print(f"  on networks the rules know: {known_f}/{known_e} = {known_f / known_e:.1%}; "
              f"{total_e - known_e} expected on networks with no rule "
              f"({', '.join(sorted(set(expected) - known))})")
    on_look_alikes = sum(1 for c, _ in extras if c.look_alike)
    print(f"false positives: {len(extras)} ({on_look_alikes} on look-alikes, "
          f"{len(extras) - on_look_alikes} extra on positives)")
    print()
    print(f"{'network':<14}{'expected':>9}{'found':>7}{'recall':>8}{'false+':>8}")
    for network in sorted(set(expected) | set(false_pos)):
        e, f = expected[network], found[network]
        recall = f"{f / e:.0%}" if e else "-"
        print(f"{network:<14}{e:>9}{f:>7}{recall:>8}{false_pos[network]:>8}")
    print()
    print("misses and false positives by gap:")
    by_gap = Counter(case.gap or "(no gap named)" for case, _ in misses + extras)
    for gap, n in by_gap.most_common():
        print(f"  {n:>3}  {gap}")
    if args.quiet:
        return 0
    print()
    print(f"misses ({len(misses)}):")
    for case, pair in misses:
        print(f"  {case.id:<22} {pair:<36} {case.gap or '(no gap named)'}")
    print()
    print(f"false positives ({len(extras)}):")
    for case, pair in extras:
        print(f"  {case.id:<22} {pair:<36} {case.gap or '(no gap named)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

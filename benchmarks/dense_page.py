#!/usr/bin/env python3
"""One page of many affiliate anchors, just under the download cap (issue 12, section 5).

Builds a page of ``--anchors`` Taobao affiliate anchors (default 160,000, about
8 MB; the crawl refuses bodies over 16 MiB), one a line or ``--one-line``, each
with its own PID so no memo helps, and prints the CPU seconds
``find_affiliate_links`` takes on it and the findings it returns, beside those
of the raw lxml parse of the same bytes (the floor). Before the fix that came
with this script the time grew as the square of the anchors (measured on a
loaded 2-core machine: 10,000 anchors 91.5 CPU s, 20,000 over 900 s); after it,
10,000 took 3.4 s, 20,000 6.6 s and 160,000 47 s. ``--shape`` puts the links in
one string instead (a JSON array in a script, a paragraph of URLs), which grew
as the square of the links until the "dense page" change (benchmarks/README.md).

    .venv/bin/python benchmarks/dense_page.py
    .venv/bin/python benchmarks/dense_page.py --anchors 20000 --one-line
    .venv/bin/python benchmarks/dense_page.py --shape script

Exit status: 0, or 1 when the findings are not one per anchor.
No network, no files.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from crawler.detect import find_affiliate_links  # noqa: E402

CAP = 16 * 1024 * 1024  # crawler/settings.py DOWNLOAD_MAXSIZE


def _link(i: int) -> str:
    return f"https://s.click.taobao.com/t?pid=mm_{10000 + i % 9000}_{i % 97 + 1}_{i + 1}"


def dense_page(anchors: int, separator: str, shape: str = "anchors") -> str:
    if shape == "script":
        body = "<script>var links = [" + ",".join(f'"{_link(i)}"' for i in range(anchors)) + "];</script>"
    elif shape == "text":
        body = "<p>" + "\n".join(_link(i) for i in range(anchors)) + "</p>"
    else:
        body = separator.join(f'<a href="{_link(i)}">go</a>' for i in range(anchors))
    return "<html><body>\n" + body + "\n</body></html>\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchors", type=int, default=160_000)
    parser.add_argument("--one-line", action="store_true", help="no line breaks between anchors")
    parser.add_argument("--shape", choices=("anchors", "script", "text"), default="anchors",
                        help="the links as anchors, as one JSON array in a script, or as "
                             "one paragraph of URLs (default: anchors)")
    args = parser.parse_args()
    page = dense_page(args.anchors, "" if args.one_line else "\n", args.shape)
    data = page.encode("utf-8")
    started = time.process_time()
    etree.fromstring(data, etree.HTMLParser(encoding="utf-8"))
    parse = time.process_time() - started
    started = time.process_time()
    findings = find_affiliate_links(page, "https://blog.example/", utf8=data)
    seconds = time.process_time() - started
    print(f"{args.anchors} links ({args.shape}), {len(data) / 1e6:.1f} MB ({len(data) / CAP:.0%} "
          f"of the cap): {len(findings)} findings in {seconds:.1f} CPU s "
          f"(raw lxml parse {parse:.3f} CPU s)")
    return 0 if len(findings) == args.anchors else 1


if __name__ == "__main__":
    sys.exit(main())

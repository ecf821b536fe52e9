#!/usr/bin/env python3
"""One page of many affiliate anchors, just under the download cap (issue 12, section 5).

Builds a page of ``--anchors`` Taobao affiliate anchors (default 160,000, about
8 MB; the crawl refuses bodies over 16 MiB), one a line or ``--one-line``, each
with its own PID so no memo helps, and prints the CPU seconds
``find_affiliate_links`` takes on it and the findings it returns. Before the
fix that came with this script the time grew as the square of the anchors
(measured on a loaded 2-core machine: 10,000 anchors 91.5 CPU s, 20,000 over
900 s); after it, 10,000 took 3.4 s, 20,000 6.6 s and 160,000 47 s: linear, the
rest being the detection of 160,000 distinct links.

    .venv/bin/python benchmarks/dense_page.py
    .venv/bin/python benchmarks/dense_page.py --anchors 20000 --one-line

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

from crawler.detect import find_affiliate_links  # noqa: E402

CAP = 16 * 1024 * 1024  # crawler/settings.py DOWNLOAD_MAXSIZE


def dense_page(anchors: int, separator: str) -> str:
    return "<html><body>\n" + separator.join(
        f'<a href="https://s.click.taobao.com/t?pid=mm_{10000 + i % 9000}_{i % 97 + 1}_{i + 1}">'
        "go</a>" for i in range(anchors)) + "\n</body></html>\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchors", type=int, default=160_000)
    parser.add_argument("--one-line", action="store_true", help="no line breaks between anchors")
    args = parser.parse_args()
    page = dense_page(args.anchors, "" if args.one_line else "\n")
    size = len(page.encode("utf-8"))
    started = time.process_time()
    findings = find_affiliate_links(page, "https://blog.example/")
    seconds = time.process_time() - started
    print(f"{args.anchors} anchors, {size / 1e6:.1f} MB ({size / CAP:.0%} of the cap): "
          f"{len(findings)} findings in {seconds:.1f} CPU s")
    return 0 if len(findings) == args.anchors else 1


if __name__ == "__main__":
    sys.exit(main())

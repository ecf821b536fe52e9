#!/usr/bin/env python3
"""Time of the "To remove" work list (reports/worklist.py) over N synthetic findings.

    .venv/bin/python benchmarks/worklist_bench.py               # 100,000 findings, 3 repeats
    .venv/bin/python benchmarks/worklist_bench.py --findings 1000000 --repeats 1

The findings are shaped like a blog's record: a footer widget (config plus loader) on
every page, and per page a few in-article links of every kind, some repeated. Prints
the median wall and CPU time (CPU is steadier on a shared machine), the CPU time as a
multiple of copying every finding (a reference that scales with the machine), and the
peak memory the grouping allocates (tracemalloc), not counting the findings themselves.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reports.worklist import work_list  # noqa: E402

PID = "mm_28765431_45872103_110234567890"
_PER_PAGE = 8  # findings per page: 2 of the footer widget, 6 of the article


def _row(page: str, link: str, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "page_url": page, "link": link, "network": "taobao", "kind": "click link",
        "rule": "taobao-click", "confidence": "id visible", "location": "a[href]",
        "pid": None, "member_id": None, "site_id": None, "adzone_id": None, "unwrapped": None,
        "context": "去淘宝看看", "line": None, "path": None, "mine": None, "extra": {},
        "status": "remaining",
    }
    row.update(fields)
    return row


def synthetic(n: int) -> list[dict[str, Any]]:
    """``n`` findings: the footer widget on every page, the sidebar's form on every other,
    then article links (one twice); a tenth of the pages had a link removed since."""
    rows: list[dict[str, Any]] = []
    page_no = 0
    while len(rows) < n:
        page = f"https://blog.example/posts/{page_no:06d}.html"
        footer = f"html>body.postid-{page_no}>footer.site-footer>div.footer-ad>script"
        article = f"html>body>div.wrap>article#post-{page_no}>p>a"
        own = f"mm_28765431_45872103_{page_no + 1000}"
        rows += [
            _row(page, f'alimama_pid="{PID}', kind="ad-slot code", rule="alimama-inf-pid",
                 location="script", pid=PID, line=200, path=footer),
            _row(page, "http://a.alimama.cn/inf.js", kind="ad-slot code",
                 rule="alimama-ad-script", location="script[src]", line=200, path=footer),
            _row(page, f"https://ai.taobao.com/?pid={own}&unid=p{page_no}", kind="pid link",
                 rule="taobao-pid-link", pid=own, line=20, path=article,
                 extra={"unid": f"p{page_no}"}),
            _row(page, f"https://s.click.taobao.com/{page_no:07d}", kind="short link",
                 rule="taobao-short-click", line=30, path=article),
            _row(page, f"https://s.click.taobao.com/{page_no:07d}", kind="short link",
                 rule="taobao-short-click", line=60, path=article),
            _row(page, f"￥Kx7pQ{page_no:06d}￥", kind="token", rule="taobao-token",
                 location="text", line=40, path="html>body>div.wrap>article>div.tip",
                 status="new" if page_no % 7 == 0 else "remaining"),
            _row(page, f"https://www.amazon.com/dp/B0{page_no:08d}?tag=lens{page_no % 50}-20",
                 network="amazon", kind="pid link", rule="amazon-tag",
                 pid=f"lens{page_no % 50}-20", line=50 + page_no % 3, path=article),
            # The sidebar's search form on every other page (a template of half the pages),
            # a hidden click link on the others, gone from every fifth.
            _row(page, f"https://ai.taobao.com/search/index.htm?pid={PID}", kind="search form",
                 rule="taobao-search-form", location="form", pid=PID, line=90,
                 path="html>body>aside.sidebar>section#custom_html-2>form")
            if page_no % 2 == 0 else
            _row(page, f"https://s.click.taobao.com/t?e=m%3D2%26s%3D{page_no}", line=70,
                 path=article, status="removed" if page_no % 5 == 1 else "remaining"),
        ][: n - len(rows)]
        page_no += 1
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    rows = synthetic(args.findings)
    walls, cpus, copies = [], [], []
    for _ in range(args.repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        items = work_list(rows)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        # The reference: a shallow copy of every finding, the least any pass over them costs.
        cpu = time.process_time()
        [dict(row) for row in rows]
        copies.append(time.process_time() - cpu)
    tracemalloc.start()
    work_list(rows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{args.findings:,} findings -> {len(items):,} rows "
          f"({sum(i.template for i in items)} template): median of {args.repeats}: "
          f"{statistics.median(walls):.3f} s wall ({', '.join(f'{t:.3f}' for t in walls)}), "
          f"{statistics.median(cpus):.3f} s CPU "
          f"({statistics.median(cpus) / statistics.median(copies):.1f}x copying the findings); "
          f"peak {peak / 2**20:.1f} MiB allocated while grouping")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

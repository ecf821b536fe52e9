"""Scrapy settings for linkaudit: polite towards real sites, quick on 127.0.0.1.

The CLI overrides some of these from its flags (see ``crawler.cli``); Scrapy
users get the same defaults with ``scrapy crawl audit``.
"""

from __future__ import annotations

BOT_NAME = "linkaudit"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# A clear identity: site owners reading their logs see what fetched their pages.
USER_AGENT = "linkaudit/0.1 (affiliate-link audit of the owner's own pages)"
ROBOTSTXT_OBEY = True

# Politeness for real sites: a few requests per host at a time, a delay, and
# AutoThrottle backing off when a host slows down.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# Loopback hosts (the demo, tests, a local preview of your site) need no delay.
DOWNLOAD_SLOTS = {
    host: {"concurrency": 16, "delay": 0.0, "jitter": 0.0}
    for host in ("127.0.0.1", "localhost", "::1")
}

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_TIMES = 2
# The spider follows redirects itself so that a hop out of scope (to an
# affiliate host, say) is recorded, never requested.
REDIRECT_ENABLED = False
METAREFRESH_ENABLED = False
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# No listening ports: the crawl is driven from the command line only.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
}

ITEM_PIPELINES = {
    "crawler.pipelines.RecordPipeline": 800,
}

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# linkaudit's own settings (read once by crawler.config.AuditConfig).
LINKAUDIT_REPORT = "output/linkaudit-report.xlsx"
LINKAUDIT_MAX_PAGES = 10000
LINKAUDIT_RENDER_WORKBOOK = True
LINKAUDIT_RULES = []
LINKAUDIT_MAX_DEPTH = 50
# Depth is enforced by the spider, which reports what it did not follow;
# Scrapy's own limit would drop those requests silently.
DEPTH_LIMIT = 0

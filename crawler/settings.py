"""Scrapy settings for linkaudit: polite towards real sites, quick on 127.0.0.1.

The CLI overrides some of these from its flags (see ``crawler.cli``); Scrapy
users get the same defaults with ``scrapy crawl audit``.
"""

from __future__ import annotations

import warnings

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

DOWNLOAD_TIMEOUT = 30  # --timeout
# A creator's page is well under a megabyte of HTML; 16 MiB leaves room for bloated
# ones and bounds memory. Scrapy applies the same cap to the *decompressed* size,
# so a gzip or brotli bomb is cut off there too. Larger pages are listed as not audited.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_TIMES = 2
# Scrapy's RetryMiddleware retries at once and ignores Retry-After; ours waits
# (without blocking the crawl) and backs off. See crawler.middlewares.retry.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.RetryAfterMiddleware": 550,
    # After CookiesMiddleware (700): the user's login joins the cookies sites set.
    "crawler.middlewares.auth.AuthMiddleware": 720,
}
# Certificates are verified for the hosts that get the user's login (--cookies,
# --header), for those alone (crawler.middlewares.tls). Scrapy 2.19 deprecates choosing the
# factory, but its replacement (DOWNLOAD_VERIFY_CERTIFICATES) is all hosts or none.
DOWNLOADER_CLIENTCONTEXTFACTORY = "crawler.middlewares.tls.LoginTLSPolicy"
warnings.filterwarnings("ignore", message="The 'DOWNLOADER_CLIENTCONTEXTFACTORY' setting is deprecated")
LINKAUDIT_RETRY_AFTER_MAX = 120  # longer Retry-After: the page is reported as not audited
LINKAUDIT_RETRY_BACKOFF = 1.0  # first wait without Retry-After, doubled per retry
LINKAUDIT_RETRY_BACKOFF_MAX = 30.0
# The spider follows redirects itself so that a hop out of scope (to an
# affiliate host, say) is recorded, never requested.
REDIRECT_ENABLED = False
REDIRECT_MAX_TIMES = 10  # the spider's bound on a redirect chain (Scrapy's is 20)
METAREFRESH_ENABLED = False
DEPTH_PRIORITY = 1
# The job folder (--resume) holds JSON only: Scrapy's pickle queue and SpiderState
# would run whatever a planted file says when it is read back (crawler.jobdir.queue).
SCHEDULER_DISK_QUEUE = "crawler.jobdir.queue.JsonFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# No listening ports: the crawl is driven from the command line only.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
    "scrapy.extensions.spiderstate.SpiderState": None,
    "crawler.jobdir.queue.JsonSpiderState": 0,
}

ITEM_PIPELINES = {
    "crawler.pipelines.RecordPipeline": 800,
}

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# linkaudit's own settings (read once by crawler.config.AuditConfig).
LINKAUDIT_REPORT = "output/linkaudit-report.xlsx"
LINKAUDIT_MAX_PAGES = 10000
LINKAUDIT_RULES = []
LINKAUDIT_MAX_DEPTH = 50
# --resolve: follow affiliate short links to their landing URL (crawler.resolve).
# LINKAUDIT_RESOLVE_VIA sends those requests to a loopback stand-in instead of the
# real hosts; it exists for the tests.
LINKAUDIT_RESOLVE = False
LINKAUDIT_RESOLVE_VIA = None
# Logins (crawler.middlewares.auth): cookie files' paths (--cookies), never their contents, and
# per-host headers (--header 'HOST: Name: value'), whose values no repr shows.
LINKAUDIT_COOKIES = []
LINKAUDIT_HEADERS = []
# Site scope beyond the seed's registered domain (--allow-domain) and filters
# on the URLs to crawl (--include/--exclude, regular expressions).
LINKAUDIT_ALLOW_DOMAINS = []
LINKAUDIT_INCLUDE = []
LINKAUDIT_EXCLUDE = []
# Crawl-trap caps (crawler.site.traps); what they stop is counted in run.json's not_followed.
LINKAUDIT_MAX_URL_LENGTH = 2000
LINKAUDIT_MAX_QUERY_VARIANTS = 50  # distinct query strings per path (--max-query-variants)
LINKAUDIT_MAX_SEGMENT_REPEATS = 3  # /a/b/a/b/a/b
# Sitemaps and feeds (crawler.site.discover): entries read per file, and how deep
# sitemap indexes may nest.
LINKAUDIT_MAX_SITEMAP_ENTRIES = 50000
LINKAUDIT_MAX_SITEMAP_NESTING = 3
# Depth is enforced by the spider, which reports what it did not follow;
# Scrapy's own limit would drop those requests silently.
DEPTH_LIMIT = 0

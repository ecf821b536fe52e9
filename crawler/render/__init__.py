"""Running a page's JavaScript in Chromium: the pure request guard, which pages need it, and the scrapy-playwright glue."""

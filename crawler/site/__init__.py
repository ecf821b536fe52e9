"""Pure crawl policy: which URLs belong to a site, canonical URLs, traps, discovery, walls, and reading a response's bytes as a browser does. No Scrapy."""

"""Scrapy glue, one job per file: retries, logins (cookies and headers), certificate checks for logins."""

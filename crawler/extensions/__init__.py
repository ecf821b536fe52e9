"""Scrapy extensions: glue between a running crawl and linkaudit's pure parts."""

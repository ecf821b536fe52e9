"""What the user hands linkaudit: seed lines, URL lists in text, CSV or workbooks, and the text-file decoder they share. No Scrapy."""

"""Auditing files instead of URLs: folders, Markdown, WordPress exports; linkaudit's own outputs; re-scans for verify."""

"""Affiliate-link detection: a pure function of (text, url); never imports Scrapy."""

from __future__ import annotations

from ..model import Finding
from .confidence import AD_SLOT_CODE, CONFIDENCES, HOST_ID_HIDDEN, ID_VISIBLE, TOKEN
from .ownership import Mine, mark_mine
from .page import PageAudit, audit_page, find_affiliate_links, find_in_text, find_in_url
from .rules import RuleError, RuleSet, default_rules, load_rules

__all__ = [
    "AD_SLOT_CODE",
    "CONFIDENCES",
    "HOST_ID_HIDDEN",
    "ID_VISIBLE",
    "TOKEN",
    "Finding",
    "Mine",
    "PageAudit",
    "RuleError",
    "RuleSet",
    "audit_page",
    "default_rules",
    "find_affiliate_links",
    "find_in_text",
    "find_in_url",
    "load_rules",
    "mark_mine",
]

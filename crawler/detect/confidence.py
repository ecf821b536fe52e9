"""How sure a finding is (:attr:`crawler.model.Finding.confidence`), from the most to the least explicit."""

from __future__ import annotations

__all__ = ["AD_SLOT_CODE", "CONFIDENCES", "HOST_ID_HIDDEN", "ID_VISIBLE", "TOKEN"]

ID_VISIBLE = "id visible"
HOST_ID_HIDDEN = "affiliate host, id hidden"
TOKEN = "token"
AD_SLOT_CODE = "ad-slot code"
CONFIDENCES = (ID_VISIBLE, HOST_ID_HIDDEN, TOKEN, AD_SLOT_CODE)

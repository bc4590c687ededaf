"""Header fields every form writes the same way: 事業番号 and 実施区分."""

from __future__ import annotations

import re
from typing import Final

from kpi_workbook.domain.labels import normalize_text
from kpi_workbook.domain.model import Scope

_NUMBER_RE: Final = re.compile(r"^(?:No\.?|第)?(\d{1,3})(?:\.|号|番)?$", re.IGNORECASE)


def project_number(raw: object) -> int | None:
    """1 of ``1``, ``①``, ``1.``, ``No.1``, ``第1号``; None when it is no number."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return int(raw) if float(raw).is_integer() and raw > 0 else None
    if not isinstance(raw, str):
        return None
    m = _NUMBER_RE.match(normalize_text(raw))  # NFKC turns ① into 1
    return int(m.group(1)) if m and int(m.group(1)) > 0 else None


def parse_scope(raw: object) -> Scope | None:
    """単市 or 広域 (also 単市で実施事業, 広域で実施事業)."""
    text = normalize_text(str(raw)) if raw is not None else ""
    if "単市" in text and "広域" not in text:
        return Scope.CITY
    if "広域" in text and "単市" not in text:
        return Scope.REGIONAL
    return None

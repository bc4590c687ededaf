"""The marks a department types for "there is no value" (spec §1.3), and the one the city
publishes.

Departments type the dash their keyboard gives: the ASCII hyphen, the full-width `－`,
`―`, the long vowel mark `ー`, an em dash. The reader takes each as a deliberate "not
applicable"; the page and kpi.csv write every one of them as the seed page does, `-`
(spec §5.2), so a department's choice of key never shows on the city's web page.
"""

from typing import Final

#: A cell holding only one of these is a deliberate "not applicable". NFKC maps － to "-"
#: and ｰ to "ー"; the others survive NFKC and are listed as they are.
DASHES: Final = frozenset({"-", "―", "ー", "—", "−", "‐", "–", "─", "ｰ", "－"})

#: What the page and kpi.csv write where there is no value.
NO_VALUE: Final = "-"


def is_dash(text: str) -> bool:
    """Whether ``text`` (surrounding spaces aside) is only a no-value mark."""
    return text.strip() in DASHES

"""Text folding: the one form in which the rules (and the model backend's checks) compare words."""
from __future__ import annotations

import functools
import unicodedata

# letters NFKD leaves alone but a reader treats as accented forms
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ħ": "h", "æ": "ae", "œ": "oe"})


@functools.lru_cache(maxsize=8192)
def fold(s: str) -> str:
    """Lower case without accents: "Łódź Ørsted" -> "lodz orsted", "März" -> "marz"."""
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c)).translate(_LETTERS)

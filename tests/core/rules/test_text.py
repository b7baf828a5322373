"""core.rules.text: the one folding of text for comparisons."""
from __future__ import annotations

from core.rules.text import fold


def test_fold_drops_case_and_accents_and_treats_stroked_letters_as_accented():
    assert fold("Łódź Ørsted") == "lodz orsted"
    assert fold("MÄRZ Résumé") == "marz resume"

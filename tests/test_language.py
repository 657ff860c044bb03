from __future__ import annotations

import pytest

from newsaudit.article import Article
from newsaudit.components.language import LanguageGate, detect_language
from newsaudit.errors import NotEnglishError
from newsaudit.settings import Settings

ENGLISH = "The council voted on Tuesday to approve the new budget, the mayor's office said in a statement."
OTHERS = {
    "de": "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen, teilte das Büro des Bürgermeisters mit.",
    "es": "El consejo municipal aprobó el martes el nuevo presupuesto, según un comunicado de la alcaldía.",
    "tr": "Belediye meclisi salı günü yeni bütçeyi onayladı, belediye başkanlığı yaptığı açıklamada belirtti.",
}


def test_detect_language_english_is_confident() -> None:
    code, english = detect_language(ENGLISH)
    assert code == "en" and english > 0.9


@pytest.mark.parametrize(("code", "text"), sorted(OTHERS.items()))
def test_detect_language_other_languages(code: str, text: str) -> None:
    found, english = detect_language(text)
    assert found == code and english < 0.5


@pytest.mark.parametrize("text", sorted(OTHERS.values()))
def test_language_gate_refuses_non_english(text: str) -> None:
    with pytest.raises(NotEnglishError, match="--any-language"):
        LanguageGate(Settings())(Article.from_text(text))


def test_language_gate_any_language_warns_instead() -> None:
    out = LanguageGate(Settings(any_language=True))(Article.from_text(OTHERS["de"]))
    assert out.meta.language == "de" and out.warnings


def test_language_gate_short_text_is_a_limit_not_a_refusal() -> None:
    out = LanguageGate(Settings())(Article.from_text("Ja."))
    assert out.limits and out.meta.language is None


def test_language_gate_sets_english() -> None:
    assert LanguageGate(Settings())(Article.from_text(ENGLISH)).meta.language == "en"

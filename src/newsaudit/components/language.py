"""Refuse non-English text, or flag it under ``any_language``."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..article import Article
from ..errors import NotEnglishError
from . import BaseComponent

# Characters sampled from the text; detection cost grows with length.
_SAMPLE_CHARS = 900


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from lingua import LanguageDetectorBuilder

    # Low-accuracy mode loads small n-gram models lazily: fast start, fine on paragraphs.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str, detector: Any = None) -> tuple[str, float]:
    """Return ``(ISO 639-1 code of the likeliest language, confidence that it is English)``."""
    values = (detector or _detector()).compute_language_confidence_values(_sample(text))
    if not values:
        return "und", 0.0
    english = next((float(v.value) for v in values if v.language.iso_code_639_1.name == "EN"), 0.0)
    return values[0].language.iso_code_639_1.name.lower(), english


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS:
        return text
    mid = len(text) // 2
    third = _SAMPLE_CHARS // 3
    return " ".join((text[:third], text[mid : mid + third], text[-third:]))


class LanguageGate(BaseComponent):
    """Set ``meta.language``; refuse text that is not English."""

    name = "language"
    requires = ("text",)
    # meta.language is set; a short text gets a limit, a non-English one a warning.
    assigns = ("meta", "limits", "warnings")
    distributions = ("lingua-language-detector",)
    detector_: Any = None

    def load(self) -> None:
        """Build the language detector once (its n-gram models load lazily inside lingua)."""
        if self.detector_ is None:
            self.detector_ = _detector()

    def __call__(self, article: Article) -> Article:
        self.load()
        letters = sum(ch.isalpha() for ch in article.text)
        if letters < self.settings.min_letters_for_language:
            note = "text too short to check its language; assumed English"
            return replace(article, limits=(*article.limits, note))
        code, share = detect_language(article.text, self.detector_)
        meta = replace(article.meta, language=code)
        if share >= self.settings.min_english_confidence:
            return replace(article, meta=replace(meta, language="en"))
        message = (
            f"the text looks like {code!r}, not English (English confidence {share:.2f}); "
            "newsaudit's models are English-only"
        )
        if not self.settings.any_language:
            raise NotEnglishError(message + "; use --any-language to audit it anyway")
        return replace(article, meta=meta, warnings=(*article.warnings, message + "; results are unreliable"))

"""Label sets: source types, removal reasons, score labels."""

from __future__ import annotations

# Who an attribution's source is. Order: most to least accountable.
SOURCE_TYPES: tuple[str, ...] = (
    "named_person",
    "named_organization",
    "media_outlet",
    "document",
    "unnamed_official",
    "anonymous",
)
# On the record: the reader can tell who said it and hold them to it.
ON_RECORD_TYPES = frozenset({"named_person", "named_organization", "document"})
UNNAMED_TYPES = frozenset({"unnamed_official", "anonymous"})

# Why the cleaner removed a stretch of raw input.
REMOVAL_REASONS: dict[str, str] = {
    "counter": "view, share or comment counter",
    "advertisement": "advertisement marker",
    "prompt": "newsletter, subscribe, follow, share or donate prompt",
    "navigation": "tag, breadcrumb or menu line",
    "related": "related-content or read-more link line",
    "copyright": "copyright or legal line",
    "comments": "comment count or comment-section text",
    "byline": "byline (moved to meta)",
    "dateline": "date line (moved to meta)",
    "boilerplate": "other page furniture",
}

# Score bands: (lowest value, label), highest band first.
SCORE_LABELS: tuple[tuple[int, str], ...] = (
    (75, "well sourced"),
    (55, "adequately sourced"),
    (35, "weakly sourced"),
    (0, "poorly sourced"),
)

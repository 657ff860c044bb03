"""The shared encoder pass: one run per sentence, batched across sentences and articles.

Runs after ``parse`` and stores the encoder's per-sentence outputs on ``Article.encoded``;
``denials``, ``claims`` and ``techniques`` read their heads there instead of running their own
encoders (``newsaudit.encoder``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice

from ..article import Article
from ..encoder import SharedEncoder
from . import BaseComponent


class SharedEncoderComponent(BaseComponent):
    """Attach the shared encoder's outputs for every sentence."""

    name = "encoder"
    requires = ("text", "sentences")
    assigns = ("encoded",)
    distributions = ("onnxruntime", "tokenizers")
    model_: SharedEncoder | None = None

    def load(self) -> None:
        """Load the ONNX encoder, tokenizer and heads once."""
        if self.model_ is None:
            self.model_ = SharedEncoder()

    def __call__(self, article: Article) -> Article:
        self.load()
        assert self.model_ is not None
        return replace(article, encoded=self.model_.encode(article.text, article.sentences))

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Article]:
        """Encode ``batch_size`` articles at a time in one batched pass over all their sentences."""
        self.load()
        assert self.model_ is not None
        it = iter(articles)
        while chunk := list(islice(it, batch_size)):
            encoded = self.model_.encode_many([(a.text, a.sentences) for a in chunk])
            yield from (replace(a, encoded=e) for a, e in zip(chunk, encoded, strict=True))

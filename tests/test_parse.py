from __future__ import annotations

import pickle

import pytest

from newsaudit.article import Article
from newsaudit.components.parse import Parser, load_spacy
from newsaudit.errors import ModelError
from newsaudit.settings import Settings

pytestmark = pytest.mark.slow


def test_parser_assigns_sentences_and_entities() -> None:
    text = "Angela Merkel spoke in Boston on Monday. She said the bridge would reopen."
    out = Parser(Settings())(Article.from_text(text))
    assert [text[s.start : s.end] for s in out.sentences] == [
        "Angela Merkel spoke in Boston on Monday.",
        "She said the bridge would reopen.",
    ]
    assert ("Angela Merkel", "PERSON") in [(text[e.start : e.end], e.label) for e in out.entities]
    assert out.doc is not None


def test_parser_pickles_without_the_pipeline() -> None:
    parser = Parser(Settings())
    parser.load()
    clone = pickle.loads(pickle.dumps(parser))
    assert clone(Article.from_text("It rained.")).sentences


def test_load_spacy_missing_model_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="not installed"):
        load_spacy("no_such_pipeline_xyz")

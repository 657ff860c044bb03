"""The component contract, run over every registered component (STYLE.md, house rule 1).

Each component is fed the articles as they reach it in the default pipeline and must: change
only the layers it assigns, read only the layers it declares, give spans that slice (claims,
claim hedges and ``removed`` against ``raw`` included), pickle without its loaded state and
give the same output after the round trip, give the same output twice, and give through its
batched ``pipe()`` hook what ``__call__`` gives.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from dataclasses import MISSING, fields, replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from newsaudit import Settings, audit
from newsaudit.article import Article, Span
from newsaudit.component import Component, loaded_state
from newsaudit.pipeline import BASE_LAYERS, Pipeline
from newsaudit.registry import COMPONENTS, create, factory
from newsaudit.report.build import schema
from newsaudit.settings import DEFAULT_COMPONENTS
from newsaudit.versions import PACKAGE, version_inputs

pytestmark = pytest.mark.slow

NAMES = sorted(COMPONENTS)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ODD_QUOTES = 'He said: "It is over." Then — "Unpaired quote runs on\n\nand on," she added. ‘Mixed” marks.\n'


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "articles").glob("*.txt"))]
    # Page furniture for the cleaner (removed spans, offsets), odd quote marks, a text too short
    # for the language check.
    furniture = sorted((FIXTURES / "clean").glob("*.txt"))[:2]
    return [*texts, *(p.read_text(encoding="utf-8") for p in furniture), ODD_QUOTES, "Rain fell."]


@pytest.fixture(scope="module")
def stages() -> dict[str, tuple[Component, list[Article]]]:
    """Return, per component name, the loaded component and the articles as they reach it."""
    pipeline = Pipeline.from_settings(Settings()).load()
    before: dict[str, tuple[Component, list[Article]]] = {c.name: (c, []) for c in pipeline.components}
    for text in _texts():
        article = Article(raw=text, text=text)
        for comp in pipeline.components:
            before[comp.name][1].append(article)
            article = comp(article)
    return before


def _changed(before: Article, after: Article) -> set[str]:
    changed = set()
    for f in fields(Article):
        old, new = getattr(before, f.name), getattr(after, f.name)
        if (old is not new) if f.name == "doc" else (old != new):
            changed.add(f.name)
    return changed


def _value(article: Article, layer: str) -> Any:
    """Return a comparable value of ``layer`` (a spaCy Doc compares by its annotations)."""
    value = getattr(article, layer)
    if layer == "doc" and value is not None:
        return [(t.text, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start) for t in value]
    return value


def _default(name: str) -> Any:
    f = next(f for f in fields(Article) if f.name == name)
    return f.default_factory() if f.default_factory is not MISSING else f.default


def span_problems(article: Article) -> list[str]:
    """Return what breaks the span invariants of ``article`` (empty when all hold)."""
    text, raw = article.text, article.raw
    spans: list[tuple[str, Span]] = [("sentence", s) for s in article.sentences]
    spans += [("entity", s) for s in article.entities] + [("hedge", s) for s in article.hedges]
    for a in article.attributions:
        spans += [
            (f"attribution {a.id} {k}", s) for k in ("source", "cue", "content") if (s := getattr(a, k))
        ]
    for d in article.denials:
        spans += [(f"denial {d.id} {k}", s) for k in ("span", "cue") if (s := getattr(d, k))]
    for c in article.claims:
        spans += [(f"claim {c.id}", c.span)] + [(f"claim {c.id} hedge", h) for h in c.hedges]
    spans += [("technique", t.span) for t in article.techniques]
    if article.score is not None:
        spans += [(f"reason {r.text!r}", s) for r in article.score.reasons for s in r.spans]
    problems = [
        f"{what} {s.start}:{s.end} does not slice text"
        for what, s in spans
        if not s.start < s.end <= len(text)
    ]
    problems += _id_problems(article) + _encoded_problems(article)
    for removal in article.removed:
        if not removal.span.start < removal.span.end <= len(raw):
            problems.append(f"removed {removal.span.start}:{removal.span.end} does not slice raw")
    for t, r, n in article.offsets.segments:
        if text[t : t + n] != raw[r : r + n]:
            problems.append(f"offset segment {t}->{r} ({n}) is not verbatim raw")
        if any(x.span.start < r + n and r < x.span.end for x in article.removed):
            problems.append(f"offset segment {t}->{r} ({n}) overlaps a removed span")
    return problems


def _encoded_problems(article: Article) -> list[str]:
    """Return the shared encoder's sentence spans and word-piece offsets that do not slice text."""
    n = len(article.text)
    problems = []
    for e in getattr(article, "encoded", ()):
        if not 0 <= e.sentence.start < e.sentence.end <= n:
            problems.append(f"encoded sentence {e.sentence.start}:{e.sentence.end} does not slice text")
        bad = [(a, b) for w in e.windows for a, b in w.offsets if not 0 <= a <= b <= n]
        problems += [f"encoded piece {a}:{b} does not slice text" for a, b in bad]
    return problems


def _id_problems(article: Article) -> list[str]:
    attributions = {a.id for a in article.attributions}
    denials = {d.id for d in article.denials}
    refs = [a.parent for a in article.attributions] + [d.source for d in article.denials]
    refs += [d.target for d in article.denials] + [i for c in article.claims for i in c.attributions]
    problems = [f"unknown attribution id {i}" for i in refs if i is not None and i not in attributions]
    return problems + [
        f"unknown denial id {i}" for c in article.claims for i in c.denials if i not in denials
    ]


def test_contract_every_registered_component_is_in_the_default_pipeline() -> None:
    assert set(NAMES) == set(DEFAULT_COMPONENTS)


@pytest.mark.parametrize("name", NAMES)
def test_contract_only_declared_layers_change(name: str, stages: dict[str, Any]) -> None:
    comp, inputs = stages[name]
    for article in inputs:
        parse = _value(article, "doc")  # the Doc is mutable: a component must not annotate it
        changed = _changed(article, comp(article))
        if "doc" not in comp.assigns:
            assert _value(article, "doc") == parse, f"{name} changed the spaCy Doc in place"
        assert changed <= set(comp.assigns), (
            f"{name} changed undeclared {sorted(changed - set(comp.assigns))}"
        )


@pytest.mark.parametrize("name", NAMES)
def test_contract_reads_only_declared_layers(name: str, stages: dict[str, Any]) -> None:
    comp, inputs = stages[name]
    declared = set(comp.requires) | set(comp.optional) | set(comp.assigns) | BASE_LAYERS
    for article in inputs:
        bare = replace(
            article, **{f.name: _default(f.name) for f in fields(Article) if f.name not in declared}
        )
        full, alone = comp(article), comp(bare)
        for layer in comp.assigns:
            assert _value(alone, layer) == _value(full, layer), (
                f"{name} reads an undeclared layer for {layer}"
            )


@pytest.mark.parametrize("name", NAMES)
def test_contract_every_span_slices(name: str, stages: dict[str, Any]) -> None:
    comp, inputs = stages[name]
    for article in inputs:
        assert span_problems(comp(article)) == []


@pytest.mark.parametrize("name", NAMES)
def test_contract_pickling_round_trips(name: str, stages: dict[str, Any]) -> None:
    comp, inputs = stages[name]
    clone = pickle.loads(pickle.dumps(comp))
    assert loaded_state(clone) == {}, f"{name} pickled its loaded state"
    assert clone.settings == comp.settings
    assert [clone(a) for a in inputs] == [comp(a) for a in inputs]
    fresh = pickle.loads(pickle.dumps(create(name, Settings())))
    assert fresh(inputs[0]) == comp(inputs[0])


@pytest.mark.parametrize("name", NAMES)
def test_contract_output_is_deterministic(name: str, stages: dict[str, Any]) -> None:
    comp, inputs = stages[name]
    other = create(name, Settings())
    assert [comp(a) for a in inputs] == [other(a) for a in inputs]


@pytest.mark.parametrize("name", NAMES)
def test_contract_pipe_hook_equals_call(name: str, stages: dict[str, Any]) -> None:
    comp, inputs = stages[name]
    refused = [a for a in inputs if a.raw == "Rain fell."]
    assert refused or name != "language"
    assert list(comp.pipe(inputs, batch_size=3)) == [comp(a) for a in inputs]


@pytest.mark.parametrize("name", NAMES)
def test_contract_declares_loaded_state_on_the_class(name: str) -> None:
    cls = factory(name)
    # The loaded state is declared on the class, None until load() fills it (component.py).
    assert all(getattr(cls, k) is None for k in vars(cls) if k.endswith("_") and not k.startswith("_"))


_TRACE = """
import json, sys
from newsaudit.versions import PACKAGE
current = ["(import)"]
opened = {}
roots = (str(PACKAGE / "models"), str(PACKAGE / "lexicons"))
def hook(event, args):
    path = args[0] if event == "open" and args else None
    if isinstance(path, str) and path.startswith(roots) and not path.endswith((".py", ".pyc")):
        opened.setdefault(current[0], set()).add(path)
sys.addaudithook(hook)
from newsaudit.article import Article
from newsaudit.pipeline import Pipeline
from newsaudit.settings import Settings
pipeline = Pipeline.from_settings(Settings())
article = Article(raw=sys.argv[1], text=sys.argv[1])
for comp in pipeline.components:
    current[0] = comp.name
    comp.load()
    article = comp(article)
print(json.dumps({k: sorted(v) for k, v in opened.items()}))
"""


def test_contract_versions_cover_every_data_file_a_component_reads() -> None:
    text = (FIXTURES / "articles" / "anonymous_denied.txt").read_text(encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _TRACE, text], capture_output=True, text=True, check=True)
    opened: dict[str, list[str]] = json.loads(run.stdout.strip().splitlines()[-1])
    assert opened, "no model or lexicon file was opened: the trace is broken"
    for name, paths in opened.items():
        if name == "(import)":
            continue
        module = factory(name).__module__
        inputs = {str(p) for p in version_inputs(module)}
        missing = [str(Path(p).relative_to(PACKAGE)) for p in paths if p not in inputs]
        assert missing == [], f"{name} reads {missing}, which its version does not hash"


def _report_spans(report: dict[str, Any]) -> list[dict[str, Any]]:
    spans = [a[k] for a in report["attributions"] for k in ("source", "cue", "content") if a[k]]
    spans += report["claims"] + [h for c in report["claims"] for h in c["hedges"]]
    return spans + report["denials"] + report["techniques"] + report["hedges"]


def test_contract_every_report_span_is_a_slice_and_schema_holds() -> None:
    for text in _texts():
        report = audit(text).to_dict()
        jsonschema.validate(report, schema())
        for span in _report_spans(report):
            assert report["text"][span["start"] : span["end"]] == span["text"]
        for removed in report["removed"]:
            assert text[removed["start"] : removed["end"]] == removed["text"]
        for reason in report["score"]["reasons"]:
            for s in reason["spans"]:
                assert 0 <= s["start"] <= s["end"] <= len(report["text"])


def test_contract_same_input_same_report(articles_dir: Path) -> None:
    text = (articles_dir / "anonymous_denied.txt").read_text(encoding="utf-8")
    assert audit(text).to_json() == audit(text).to_json()


def test_contract_settings_components_are_recorded(articles_dir: Path) -> None:
    text = (articles_dir / "careful_named.txt").read_text(encoding="utf-8")
    report = audit(text, Settings()).to_dict()
    assert set(report["components"]) == set(Settings().components)

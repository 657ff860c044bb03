"""The one Jinja2 environment over ``newsaudit/templates``, shared by every HTML view.

Autoescaping is on for every template, so article text, titles and URLs are escaped wherever
they are printed; only ``asset()`` (our own CSS and JavaScript, read verbatim) is marked safe.
The report file, the service pages and the corpus dashboard all render from this set.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

TEMPLATES = "templates"


@cache
def asset(name: str) -> str:
    """Return the text of a static file of the template set (CSS or JavaScript)."""
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"not an asset name: {name!r}")
    return resources.files("newsaudit").joinpath(TEMPLATES, name).read_text(encoding="utf-8")


def _inline(name: str) -> Markup:
    # Our own files, never user input: inlined verbatim into the self-contained report.
    return Markup(asset(name))


@cache
def environment() -> Environment:
    """Return the shared environment (autoescape on, undefined names are errors)."""
    env = Environment(
        loader=PackageLoader("newsaudit", TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["inline_asset"] = _inline
    return env


def render_template(name: str, **context: Any) -> str:
    """Render template ``name`` of the shared set with ``context``."""
    return environment().get_template(name).render(**context)

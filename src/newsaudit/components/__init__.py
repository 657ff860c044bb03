"""Pipeline components, one module (or sub-package) per stage; see ``newsaudit.registry``.

The contract every component follows (Protocol, base class, loading, pickling, batching) lives in
:mod:`newsaudit.component`; ``BaseComponent`` is re-exported here for the components' imports.
"""

from __future__ import annotations

from ..component import BaseComponent, Component

__all__ = ["BaseComponent", "Component"]

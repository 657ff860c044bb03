"""Component versions, derived from what defines a component: its code and its data files.

A version is the first 12 hex digits of a SHA-256 over the component's *inputs*:

- code: the module holding the component class and every ``newsaudit`` module it imports,
  transitively (read from the source with :mod:`ast`, function-level imports included);
- data: the files under ``models/`` and ``lexicons/`` that this code names in a string
  literal: a folder name under ``models/`` joined into a path (``... / "models" / "techniques"``)
  stands for every file in it, a file name that occurs once (``"hedges.txt"``) for that file,
  and an f-string such as ``f"attribution_{name}.txt"`` for every file its fixed parts match.

So the version changes whenever the code or the weights change, and batch caches keyed on it
never serve results of older code. ``tests/test_contract.py`` checks that every data file a
component opens while it runs is among its inputs. Hand-kept numbers went stale (D16).
"""

from __future__ import annotations

import ast
import fnmatch
import hashlib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT_NAME = "newsaudit"
DATA_DIRS = ("models", "lexicons")
# Folder names that are parts of every data path, not the name of one model.
_GENERIC = frozenset(DATA_DIRS)


@cache
def _nodes(path: Path) -> tuple[ast.AST, ...]:
    """Return every node of the source file ``path``, parsed and walked once."""
    return tuple(ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


@cache
def _digest(path: Path, mtime_ns: int, size: int) -> bytes:
    # Keyed on the file's stat too, so an edited file is read again.
    return hashlib.sha256(path.read_bytes()).digest()


@cache
def module_path(name: str) -> Path | None:
    """Return the source file of module ``name`` in this package, or None if it has none."""
    parts = name.split(".")
    if parts[0] != ROOT_NAME:
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join((ROOT_NAME, *parts))


@cache
def _imports(path: Path) -> frozenset[str]:
    """Return the names of the ``newsaudit`` modules the source file ``path`` imports."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _nodes(path):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, package)
            found.add(base)
            # "from . import BaseComponent" names an attribute; "from . import parse" a module.
            found.update(f"{base}.{a.name}" for a in node.names if module_path(f"{base}.{a.name}"))
    return frozenset(m for m in found if module_path(m) is not None)


def _resolve(module: str, level: int, package: str) -> str:
    if level == 0:
        return module
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - (level - 1)])
    return f"{base}.{module}" if module else base


def code_closure(module: str) -> tuple[Path, ...]:
    """Return the source files of ``module`` and every package module it imports, sorted."""
    seen: dict[str, Path] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        path = module_path(name)
        if name in seen or path is None:
            continue
        seen[name] = path
        todo.extend(_imports(path))
    return tuple(sorted(set(seen.values())))


def _path_parts(nodes: tuple[ast.AST, ...]) -> set[str]:
    """Return the string literals joined into a path with ``/`` (``MODELS / "techniques"``)."""
    return {
        side.value
        for node in nodes
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
        for side in (node.left, node.right)
        if isinstance(side, ast.Constant) and isinstance(side.value, str)
    }


def _literals(nodes: tuple[ast.AST, ...]) -> tuple[set[str], set[str]]:
    """Return (plain string literals, f-string globs) among ``nodes``, docstrings left out."""
    docstrings = {
        id(n.body[0].value)
        for n in nodes
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    plain: set[str] = set()
    globs: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else "*" for v in node.values]
            globs.add("".join(str(p) for p in parts))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            plain.add(node.value)
    return plain, globs


@cache
def _data_index() -> tuple[dict[str, tuple[Path, ...]], dict[str, list[Path]]]:
    """Return ({model folder name: its files}, {data file name: paths with that name})."""
    folders: dict[str, tuple[Path, ...]] = {}
    names: dict[str, list[Path]] = {}
    for top in DATA_DIRS:
        for path in sorted((PACKAGE / top).rglob("*")):
            if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts:
                names.setdefault(path.name, []).append(path)
    for folder in sorted((PACKAGE / "models").iterdir()):
        if folder.is_dir() and folder.name not in _GENERIC and folder.name != "__pycache__":
            folders[folder.name] = tuple(p for p in sorted(folder.rglob("*")) if p.is_file())
    return folders, names


def data_files(code: tuple[Path, ...]) -> tuple[Path, ...]:
    """Return the model and lexicon files that the source files ``code`` name."""
    found: set[Path] = set()
    for path in code:
        found.update(_named_data(path))
    return tuple(sorted(found))


@cache
def _named_data(path: Path) -> frozenset[Path]:
    """Return the model and lexicon files the source file ``path`` names."""
    folders, names = _data_index()
    plain, globs = _literals(_nodes(path))
    found: set[Path] = set()
    for literal in _path_parts(_nodes(path)):
        found.update(folders.get(literal, ()))
    for literal in plain:
        if len(names.get(literal, ())) == 1:
            found.update(names[literal])
    for pattern in globs:
        if len(pattern.replace("*", "")) >= 4:
            found.update(p for n, ps in names.items() if fnmatch.fnmatchcase(n, pattern) for p in ps)
    return frozenset(found)


def version_inputs(module: str) -> tuple[Path, ...]:
    """Return every file whose bytes define the component of ``module``: code, then data."""
    code = code_closure(module)
    return code + data_files(code)


def _installed(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def version_of(module: str, distributions: tuple[str, ...] = ()) -> str:
    """Return the derived version of the component defined in ``module``.

    ``distributions`` are third-party packages whose models the component runs (spaCy's
    pipeline, lingua's n-grams); their installed versions are hashed in too.
    """
    return fingerprint(version_inputs(module), PACKAGE, {d: _installed(d) for d in distributions})


def fingerprint(paths: Iterable[Path], root: Path, packages: Mapping[str, str] | None = None) -> str:
    """Return 12 hex digits of a SHA-256 over the files (path under ``root`` and bytes) and packages."""
    digest = hashlib.sha256()
    for path in paths:
        stat = path.stat()
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(_digest(path, stat.st_mtime_ns, stat.st_size))
    for name, installed in sorted((packages or {}).items()):
        digest.update(f"{name}=={installed}\0".encode())
    return digest.hexdigest()[:12]

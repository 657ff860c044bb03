"""Shipped model weights and the one loader of their ONNX encoders.

Each transformer model folder holds ``encoder.onnx.xz`` (an int8 ONNX graph, xz-compressed
so the repository and wheel stay light), ``tokenizer.json``, ``heads.npz`` and
``config.json``. The encoder is decompressed once into a cache folder
(``$NEWSAUDIT_CACHE`` or ``~/.cache/newsaudit``, named by the archive's hash) and read
from there afterwards; where no cache can be written it is decompressed into memory.
A plain ``encoder.onnx`` (what the training scripts write) is used as is.
"""

from __future__ import annotations

import hashlib
import lzma
import os
from pathlib import Path
from typing import Any

from ..errors import ModelError

ENCODER = "encoder.onnx"
PACKED = "encoder.onnx.xz"


def encoder_path(model_dir: Path) -> Path | None:
    """Return the packed or plain encoder file of ``model_dir``, or None."""
    for name in (ENCODER, PACKED):
        if (model_dir / name).is_file():
            return model_dir / name
    return None


def _cache_dir() -> Path:
    return Path(os.environ.get("NEWSAUDIT_CACHE") or Path.home() / ".cache" / "newsaudit")


def _unpacked(packed: Path) -> Path | bytes:
    """Return a cached decompressed copy of ``packed`` (or its bytes when none can be written)."""
    digest = hashlib.sha256(packed.read_bytes()).hexdigest()[:16]
    target = _cache_dir() / f"{packed.parent.name}-{digest}.onnx"
    if target.is_file():
        return target
    data = lzma.decompress(packed.read_bytes())
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)  # atomic: parallel workers never read a half-written file
    except OSError:
        return data
    return target


def open_encoder(model_dir: Path, threads: int = 1, *, who: str = "model") -> tuple[Any, Any]:
    """Return an ONNX Runtime session of the encoder in ``model_dir`` and its tokenizer."""
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelError(f"{who} needs onnxruntime and tokenizers installed: {exc}") from exc
    path = encoder_path(model_dir)
    if path is None:
        raise ModelError(f"{who} encoder missing in {model_dir}; run its training script (docs/models.md)")
    source = _unpacked(path) if path.name == PACKED else path
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    # ONNX Runtime's default memory arena is kept: turning it (and memory patterns) off made a
    # 371-article batch peak higher (910 MB against 781 MB), through allocator fragmentation.
    model = str(source) if isinstance(source, Path) else source
    session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return session, tokenizer


def pack_encoder(model_dir: Path) -> Path:
    """Compress ``encoder.onnx`` of ``model_dir`` to ``encoder.onnx.xz`` and remove the original."""
    plain = model_dir / ENCODER
    packed = model_dir / PACKED
    packed.write_bytes(lzma.compress(plain.read_bytes(), preset=6))
    plain.unlink()
    return packed

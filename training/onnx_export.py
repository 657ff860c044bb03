"""Export a fine-tuned encoder to int8 ONNX: shared by the techniques and claims trainers.

``torch.onnx.export(dynamo=True)`` (the legacy exporter fails on BertModel), then per-channel
dynamic int8 quantisation of MatMul and Gather weights (23 MB for MiniLM-L6; MatMul only would be
59 MB). Writes ``out/encoder.onnx``; the fp32 intermediate is removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export_int8(module: Any, sample_ids: Any, out: Path, keep_fp32: bool = False) -> Path:
    """Export ``module`` (called as module(input_ids, attention_mask, token_type_ids)) to int8 ONNX.

    ``keep_fp32`` keeps the fp32 graph as ``encoder.fp32.onnx`` (to measure what quantisation costs).
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    batch, seq = torch.export.Dim("batch"), torch.export.Dim("seq")
    fp32 = out / "encoder.fp32.onnx"
    torch.onnx.export(
        module,
        (sample_ids, torch.ones_like(sample_ids), torch.zeros_like(sample_ids)),
        str(fp32),
        dynamo=True,
        input_names=list(INPUTS),
        output_names=["last_hidden_state"],
        # Positional, so the wrapper may name its forward arguments as it likes.
        dynamic_shapes=tuple({0: batch, 1: seq} for _ in INPUTS),
        external_data=False,
    )
    target = out / "encoder.onnx"
    quantize_dynamic(
        str(fp32),
        str(target),
        per_channel=True,
        op_types_to_quantize=["MatMul", "Gather"],
        weight_type=QuantType.QInt8,
    )
    for extra in out.glob("encoder.fp32.onnx*"):
        if not keep_fp32:
            extra.unlink()
    return target

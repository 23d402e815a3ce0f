"""Export the embedder to ONNX per docs/model-contract.md and check the file it wrote.

There is no ONNX Runtime in Python here: the checks are structural (onnx.checker, shape
inference, the op set, dynamic N, inference-form BatchNorm, metadata); numerical parity of the
written graph with the torch module is checked by the export with the NumPy interpreter of
onnx_reference.py on the test vectors, and by the C# side with ONNX Runtime.
"""
from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import onnx
import torch

from ..model.network import PrVipe
from ..skeleton import JOINTS_2D, NUM_JOINTS_2D

OPSET = 17
# The frame rate the training mocap was resampled to (docs/data.md); a temporal model's window
# spans window_stride / TRAINING_FRAME_RATE seconds per step.
TRAINING_FRAME_RATE = 30.0
FORMAT_VERSION = 1
# Ops the exported graph may contain: all are ONNX Runtime CPU kernels since long before 1.31.
ALLOWED_OPS = frozenset({
    "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Sqrt", "Relu", "Elu", "Max", "Min", "Clip",
    "ReduceSum", "ReduceMax", "ReduceMean", "Greater", "Cast", "Where", "Gather", "Concat",
    "Reshape", "Unsqueeze", "Squeeze", "Shape", "Constant", "ConstantOfShape", "Expand",
    "BatchNormalization", "Identity", "Slice", "Equal", "Not", "Pow", "Transpose", "Flatten",
})


class _GraphModule(torch.nn.Module):
    """Only the embedder goes into the graph; the match probability is metadata."""

    def __init__(self, model: PrVipe) -> None:
        super().__init__()
        self.embedder = model.embedder

    def forward(self, keypoints: torch.Tensor, visibility: torch.Tensor):
        return self.embedder(keypoints, visibility)


def export_onnx(model: PrVipe, path: Path | str, metadata: dict[str, str]) -> onnx.ModelProto:
    """Write model.onnx (eval mode, opset 17, dynamic N) with metadata_props; returns the proto."""
    model = model.eval()
    graph_module = _GraphModule(model).eval()
    frames = (model.config.window,) if model.config.temporal else ()
    example = (torch.rand(3, *frames, NUM_JOINTS_2D, 2) * 500.0, torch.ones(3, *frames, NUM_JOINTS_2D))
    buffer = io.BytesIO()
    with torch.no_grad(), warnings.catch_warnings():
        # torch 1.13 warns about its own constant folding and the traced constant joint masks
        warnings.simplefilter("ignore", category=UserWarning)
        warnings.simplefilter("ignore", category=torch.jit.TracerWarning)
        torch.onnx.export(
            graph_module, example, buffer, opset_version=OPSET, do_constant_folding=True,
            input_names=["keypoints", "visibility"], output_names=["mean", "stddev"],
            dynamic_axes={"keypoints": {0: "N"}, "visibility": {0: "N"}, "mean": {0: "N"}, "stddev": {0: "N"}},
            training=torch.onnx.TrainingMode.EVAL,
        )
    proto = onnx.load_model_from_string(buffer.getvalue())
    for key, value in metadata.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, str(value)
    check_exported(proto, model.config.embedding_dim, model.config.window if model.config.temporal else None)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    onnx.save(proto, str(path))
    return proto


def contract_metadata(model: PrVipe, name: str, kappa: float, training_data: str, license_text: str,
                      metrics: dict) -> dict[str, str]:
    """The metadata_props table of docs/model-contract.md (a temporal model adds its window keys)."""
    eps = model.serving_eps.detach().cpu().tolist()
    window = {}
    if model.config.temporal:
        window = {"posesearch.window": str(model.config.window),
                  "posesearch.window_stride": str(model.config.window_stride),
                  "posesearch.frame_rate": repr(float(TRAINING_FRAME_RATE))}
    return {
        "posesearch.format_version": str(FORMAT_VERSION),
        "posesearch.keypoints": ",".join(JOINTS_2D),
        "posesearch.embedding_dim": str(model.config.embedding_dim),
        "posesearch.num_samples": str(model.config.num_samples),
        "posesearch.sigmoid_a": repr(float(model.match.a.detach())),
        "posesearch.sigmoid_b": repr(float(model.match.b.detach())),
        "posesearch.smoothing": repr(float(model.match.smoothing)),
        "posesearch.kappa": repr(float(kappa)),
        "posesearch.eps": json.dumps(eps),
        "posesearch.variant": model.config.variant,
        "posesearch.training_data": training_data,
        "posesearch.license": license_text,
        "posesearch.metrics": json.dumps(metrics, sort_keys=True),
        "posesearch.model_name": name,
        **window,
    }


def _dims(value_info) -> list:
    return [d.dim_param if d.dim_param else d.dim_value for d in value_info.type.tensor_type.shape.dim]


def check_exported(proto: onnx.ModelProto, embedding_dim: int, window: int | None = None) -> None:
    """Raise ValueError naming the first way the graph breaks the contract (`window`: the temporal
    contract, keypoints [N,T,13,2] and visibility [N,T,13])."""
    onnx.checker.check_model(proto)
    inferred = onnx.shape_inference.infer_shapes(proto)
    opsets = {o.domain: o.version for o in proto.opset_import}
    if opsets.get("", 0) < 13:
        raise ValueError(f"opset {opsets.get('', 0)} < 13")
    graph = inferred.graph
    inputs = {i.name: i for i in graph.input}
    outputs = {o.name: o for o in graph.output}
    if set(inputs) != {"keypoints", "visibility"}:
        raise ValueError(f"inputs must be keypoints and visibility, got {sorted(inputs)}")
    if set(outputs) != {"mean", "stddev"}:
        raise ValueError(f"outputs must be mean and stddev, got {sorted(outputs)}")
    frames = [window] if window is not None else []
    expected = {"keypoints": frames + [NUM_JOINTS_2D, 2], "visibility": frames + [NUM_JOINTS_2D],
                "mean": [embedding_dim], "stddev": [embedding_dim]}
    for name, value in {**inputs, **outputs}.items():
        dims = _dims(value)
        if value.type.tensor_type.elem_type != onnx.TensorProto.FLOAT:
            raise ValueError(f"{name} must be float32")
        if not isinstance(dims[0], str) or not dims[0]:
            raise ValueError(f"{name}: first dimension must be dynamic, got {dims}")
        if dims[1:] != expected[name]:
            raise ValueError(f"{name}: shape must be [N, {expected[name]}], got {dims}")
    used = {node.op_type for node in graph.node}
    unexpected = used - ALLOWED_OPS
    if unexpected:
        raise ValueError(f"graph uses ops outside the allowed set: {sorted(unexpected)}")
    for node in graph.node:
        if node.op_type == "BatchNormalization":
            for attr in node.attribute:
                if attr.name == "training_mode" and attr.i != 0:
                    raise ValueError(f"BatchNormalization {node.name} is in training mode")
            if len(node.output) != 1:
                raise ValueError(f"BatchNormalization {node.name} outputs running statistics (training form)")
        if node.op_type == "Dropout":
            raise ValueError("graph contains Dropout")


def graph_op_types(proto: onnx.ModelProto) -> list[str]:
    return sorted({node.op_type for node in proto.graph.node})

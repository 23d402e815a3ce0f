"""A small NumPy interpreter for the ops the exported graph uses, so the written model.onnx itself is
run in Python (there is no ONNX Runtime here, and onnx 1.12 has no reference evaluator): the export
checks the file it wrote against the torch module's test vectors, and the tests do the same.

Only the ops of `onnx_graph.ALLOWED_OPS` that the exporter emits (and those of
`quantize_int8.QUANTIZATION_OPS`), with the attribute forms of opset 13-17; anything else raises, so a
new op in the graph is noticed rather than mis-evaluated.
"""
from __future__ import annotations

import functools

import numpy as np
import onnx
from onnx import helper, numpy_helper


def _attrs(node) -> dict:
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _reduce(fn, x, axes, keepdims):
    axes = None if axes is None or len(axes) == 0 else tuple(int(a) for a in axes)
    return fn(x, axis=axes, keepdims=bool(keepdims))


def _run_node(op: str, inputs: list, attrs: dict) -> list:
    x = inputs[0] if inputs else None
    if op == "Add":
        return [inputs[0] + inputs[1]]
    if op == "Sub":
        return [inputs[0] - inputs[1]]
    if op == "Mul":
        return [inputs[0] * inputs[1]]
    if op == "Div":
        return [inputs[0] / inputs[1]]
    if op == "Identity":
        return [x]
    if op == "MatMul":
        return [inputs[0] @ inputs[1]]
    if op == "Max":
        return [functools.reduce(np.maximum, inputs)]
    if op == "Min":
        return [functools.reduce(np.minimum, inputs)]
    if op == "Pow":
        return [np.power(inputs[0], inputs[1]).astype(x.dtype)]
    if op == "Equal":
        return [inputs[0] == inputs[1]]
    if op == "Not":
        return [np.logical_not(x)]
    if op == "Transpose":
        return [np.transpose(x, attrs.get("perm"))]
    if op == "Expand":
        return [x * np.ones(tuple(int(d) for d in inputs[1]), dtype=x.dtype)]
    if op == "Squeeze":
        axes = tuple(int(a) for a in inputs[1]) if len(inputs) > 1 else None
        return [np.squeeze(x, axis=axes)]
    if op == "Slice":
        starts, ends = inputs[1], inputs[2]
        axes = inputs[3] if len(inputs) > 3 and inputs[3] is not None else range(len(starts))
        steps = inputs[4] if len(inputs) > 4 and inputs[4] is not None else [1] * len(starts)
        index = [slice(None)] * x.ndim
        for start, end, axis, step in zip(starts, ends, axes, steps):
            index[int(axis)] = slice(int(start), int(end), int(step))
        return [x[tuple(index)]]
    if op == "ReduceMean":
        return [_reduce(np.mean, x, attrs.get("axes"), attrs.get("keepdims", 1)).astype(x.dtype)]
    if op == "Sqrt":
        return [np.sqrt(x)]
    if op == "Relu":
        return [np.maximum(x, 0).astype(x.dtype)]
    if op == "Elu":
        alpha = attrs.get("alpha", 1.0)
        return [np.where(x > 0, x, alpha * (np.exp(np.minimum(x, 0)) - 1)).astype(x.dtype)]
    if op == "Greater":
        return [inputs[0] > inputs[1]]
    if op == "Where":
        return [np.where(inputs[0], inputs[1], inputs[2])]
    if op == "Cast":
        return [x.astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[attrs["to"]])]
    if op == "Clip":
        low = inputs[1] if len(inputs) > 1 and inputs[1] is not None else None
        high = inputs[2] if len(inputs) > 2 and inputs[2] is not None else None
        return [np.clip(x, low, high).astype(x.dtype)]
    if op == "Concat":
        return [np.concatenate(inputs, axis=attrs["axis"])]
    if op == "Constant":
        return [numpy_helper.to_array(attrs["value"])]
    if op == "ConstantOfShape":
        value = numpy_helper.to_array(attrs["value"]) if "value" in attrs else np.zeros(1, np.float32)
        return [np.full(tuple(int(d) for d in x), value.reshape(-1)[0], dtype=value.dtype)]
    if op == "Shape":
        shape = np.array(x.shape, dtype=np.int64)
        return [shape[attrs.get("start", 0):attrs.get("end", len(shape))]]
    if op == "Gather":
        return [np.take(x, inputs[1].astype(np.int64), axis=attrs.get("axis", 0))]
    if op == "Unsqueeze":
        out = x
        for axis in sorted(int(a) % (x.ndim + len(inputs[1])) for a in inputs[1]):
            out = np.expand_dims(out, axis)
        return [out]
    if op == "Reshape":
        shape = [int(d) for d in inputs[1]]
        shape = [x.shape[i] if d == 0 and not attrs.get("allowzero", 0) else d for i, d in enumerate(shape)]
        return [x.reshape(shape)]
    if op == "Flatten":
        axis = attrs.get("axis", 1)
        return [x.reshape(int(np.prod(x.shape[:axis])), -1)]
    if op == "ReduceSum":
        axes = inputs[1] if len(inputs) > 1 else None
        return [_reduce(np.sum, x, axes, attrs.get("keepdims", 1)).astype(x.dtype)]
    if op == "ReduceMax":
        return [_reduce(np.max, x, attrs.get("axes"), attrs.get("keepdims", 1))]
    if op == "Abs":
        return [np.abs(x)]
    if op == "Round":
        return [np.rint(x).astype(x.dtype)]  # half to even, as ONNX
    if op == "MatMulInteger":
        a = x.astype(np.int32) - (inputs[2].astype(np.int32) if len(inputs) > 2 and inputs[2] is not None else 0)
        b = inputs[1].astype(np.int32) - (inputs[3].astype(np.int32) if len(inputs) > 3 and inputs[3] is not None else 0)
        return [a @ b]
    if op == "Gemm":
        a = x.T if attrs.get("transA", 0) else x
        b = inputs[1].T if attrs.get("transB", 0) else inputs[1]
        out = attrs.get("alpha", 1.0) * (a @ b)
        if len(inputs) > 2:
            out = out + attrs.get("beta", 1.0) * inputs[2]
        return [out.astype(x.dtype)]
    if op == "BatchNormalization":
        scale, bias, mean, var = inputs[1:5]
        shape = (1, -1) + (1,) * (x.ndim - 2)
        eps = attrs.get("epsilon", 1e-5)
        out = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * scale.reshape(shape) + bias.reshape(shape)
        return [out.astype(x.dtype)]
    raise NotImplementedError(f"onnx_reference: op {op} is not implemented")


def run_onnx(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Evaluate the graph on float32 inputs; returns every graph output by name."""
    values: dict[str, np.ndarray] = {init.name: numpy_helper.to_array(init) for init in model.graph.initializer}
    values.update({name: np.asarray(v) for name, v in feeds.items()})
    for node in model.graph.node:
        inputs = [values[name] if name else None for name in node.input]
        for name, value in zip(node.output, _run_node(node.op_type, inputs, _attrs(node))):
            values[name] = value
    return {o.name: values[o.name] for o in model.graph.output}


def graph_parity_on_test_vectors(model: onnx.ModelProto, vectors: dict, tolerance: float = 1e-4) -> float:
    """The graph run on the test vectors' inputs against their torch outputs: the largest absolute
    difference of mean and stddev; ValueError beyond `tolerance` (the contract's 1e-4 for C#)."""
    keypoints = np.array([c["keypoints"] for c in vectors["cases"]], dtype=np.float32)
    visibility = np.array([c["visibility"] for c in vectors["cases"]], dtype=np.float32)
    out = run_onnx(model, {"keypoints": keypoints, "visibility": visibility})
    worst = max(float(np.abs(out[name] - np.array([c[name] for c in vectors["cases"]])).max())
                for name in ("mean", "stddev"))
    if not worst <= tolerance:
        raise ValueError(f"the exported graph differs from the torch module by {worst:.3g} on the test vectors")
    return worst

"""Dynamic int8 quantization of an exported model's large Gemm layers (issue 16: less CPU per search).

A search embeds one to a few poses per model run, so each run streams every weight from memory once:
the four 1024 x 1024 layers of the default model are 16 MB of float32 for a handful of poses. Stored
as int8 they are 4 MB, and ONNX Runtime multiplies int8 by int8 (VNNI on AVX-512 CPUs). Each large
Gemm (Y = X W^T + b, transB = 1) becomes

    s = max(max|X[row,:]|, tiny) / 127                       per row: one scale for each pose
    Xq = Cast uint8 (Clip (Round (X / s), -127, 127) + 128)  zero point 128: symmetric, but u8 x s8
    Y = Cast float (MatMulInteger (Xq, Wq int8 [K,N], 128)) * s * Ws[N] + b

Weights are quantized symmetrically per output channel (Ws[n] = max|W[n,:]| / 127), activations
symmetrically per row, shifted by 128 into uint8 (ONNX Runtime's fast kernel is u8 x s8; its s8 x s8
path ran 5x slower than float32 here). Per row, not per tensor (ONNX's DynamicQuantizeLinear): the service batches
concurrent requests into one model run, and a per-tensor scale would make a pose's embedding depend
on which other poses shared its batch. Nothing is calibrated on data. Small layers (the 39-wide input
layer, the 16-wide heads) stay float32: they cost little and the heads set the output's precision.
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# Ops the quantized graph adds to the exporter's ALLOWED_OPS (ONNX Runtime CPU kernels since 1.x).
QUANTIZATION_OPS = frozenset({"MatMulInteger", "Abs", "Round"})


def quantize_weights(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """W [N,K] float -> (Wq [K,N] int8, scale [N] float32), symmetric per output channel."""
    if weight.ndim != 2:
        raise ValueError(f"expected a 2-D Gemm weight, got shape {weight.shape}")
    largest = np.abs(weight).max(axis=1)
    scale = np.where(largest > 0, largest / 127.0, 1.0).astype(np.float32)
    quantized = np.clip(np.rint(weight / scale[:, None]), -127, 127).astype(np.int8)
    return np.ascontiguousarray(quantized.T), scale


def _is_large_gemm(node, initializers: dict[str, np.ndarray], min_inner: int, min_outer: int) -> bool:
    if node.op_type != "Gemm" or len(node.input) < 2 or node.input[1] not in initializers:
        return False
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    if attrs.get("transA", 0) != 0 or attrs.get("transB", 0) != 1:
        return False
    if attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0:
        return False
    n, k = initializers[node.input[1]].shape
    return k >= min_inner and n >= min_outer


def quantize_dynamic_int8(model: onnx.ModelProto, min_inner: int = 256, min_outer: int = 256) -> tuple[onnx.ModelProto, int]:
    """A copy of `model` whose Gemm layers of at least min_inner inputs and min_outer outputs run in
    int8; returns it and the number of layers converted (ValueError when there are none)."""
    quantized = onnx.ModelProto()
    quantized.CopyFrom(model)
    graph = quantized.graph
    initializers = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    new_nodes, new_initializers, dropped, converted = [], [], set(), 0
    for node in graph.node:
        if not _is_large_gemm(node, initializers, min_inner, min_outer):
            new_nodes.append(node)
            continue
        x, w_name = node.input[0], node.input[1]
        prefix = f"{node.name or w_name}_int8"
        wq, w_scale = quantize_weights(initializers[w_name])
        new_initializers += [
            numpy_helper.from_array(wq, f"{prefix}/weight"),
            numpy_helper.from_array(w_scale, f"{prefix}/weight_scale"),
        ]
        dropped.add(w_name)
        new_initializers += [numpy_helper.from_array(np.array(1e-30, np.float32), f"{prefix}/tiny"),
                             numpy_helper.from_array(np.array(127.0, np.float32), f"{prefix}/int8_max"),
                             numpy_helper.from_array(np.array(-127.0, np.float32), f"{prefix}/int8_min"),
                             numpy_helper.from_array(np.array(128.0, np.float32), f"{prefix}/offset"),
                             numpy_helper.from_array(np.array(128, np.uint8), f"{prefix}/x_zero_point")]
        names = {step: f"{prefix}/{step}" for step in (
            "abs", "row_max", "row_max_safe", "x_scale", "x_scaled", "x_rounded", "x_clipped", "x_shifted", "x_q", "y_int32",
            "y_unscaled", "y_row_scaled", "y")}
        new_nodes += [
            helper.make_node("Abs", [x], [names["abs"]], name=names["abs"]),
            helper.make_node("ReduceMax", [names["abs"]], [names["row_max"]], axes=[1], keepdims=1, name=names["row_max"]),
            helper.make_node("Max", [names["row_max"], f"{prefix}/tiny"], [names["row_max_safe"]], name=names["row_max_safe"]),
            helper.make_node("Div", [names["row_max_safe"], f"{prefix}/int8_max"], [names["x_scale"]], name=names["x_scale"]),
            helper.make_node("Div", [x, names["x_scale"]], [names["x_scaled"]], name=names["x_scaled"]),
            helper.make_node("Round", [names["x_scaled"]], [names["x_rounded"]], name=names["x_rounded"]),
            helper.make_node("Clip", [names["x_rounded"], f"{prefix}/int8_min", f"{prefix}/int8_max"], [names["x_clipped"]],
                             name=names["x_clipped"]),
            helper.make_node("Add", [names["x_clipped"], f"{prefix}/offset"], [names["x_shifted"]], name=names["x_shifted"]),
            helper.make_node("Cast", [names["x_shifted"]], [names["x_q"]], to=TensorProto.UINT8, name=names["x_q"]),
            helper.make_node("MatMulInteger", [names["x_q"], f"{prefix}/weight", f"{prefix}/x_zero_point"], [names["y_int32"]],
                             name=names["y_int32"]),
            helper.make_node("Cast", [names["y_int32"]], [names["y_unscaled"]], to=TensorProto.FLOAT, name=names["y_unscaled"]),
            helper.make_node("Mul", [names["y_unscaled"], names["x_scale"]], [names["y_row_scaled"]], name=names["y_row_scaled"]),
            helper.make_node("Mul", [names["y_row_scaled"], f"{prefix}/weight_scale"],
                             [names["y"] if len(node.input) > 2 else node.output[0]], name=names["y"]),
        ]
        if len(node.input) > 2:
            new_nodes.append(helper.make_node("Add", [names["y"], node.input[2]], [node.output[0]], name=f"{prefix}/bias"))
        converted += 1
    if converted == 0:
        raise ValueError(f"no Gemm layer with >= {min_inner} inputs and >= {min_outer} outputs to quantize")
    still_used = {name for n in new_nodes for name in n.input}
    kept = [init for init in graph.initializer if init.name not in dropped or init.name in still_used]
    del graph.node[:]
    graph.node.extend(new_nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + new_initializers)
    onnx.checker.check_model(quantized)
    return quantized, converted

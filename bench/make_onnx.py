#!/usr/bin/env python3
"""Writes the benchmark actors as ONNX models: actor-<shape>.onnx in the given directory.

Each is Gemm(transB=1) + Relu per hidden layer and Gemm + Tanh at the output, input "obs" [1, in],
output "act" [1, out], float32 weights uniform in +-1/sqrt(in) from a fixed seed (PyTorch's
nn.Linear layout, [out, in]). Needs python3-onnx (Debian) and numpy.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SHAPES = ["3-64-64-1", "3-256-256-1", "17-400-300-6"]


def actor(shape: str) -> onnx.ModelProto:
    sizes = [int(s) for s in shape.split("-")]
    rng = np.random.default_rng(7)
    nodes, inits = [], []
    x = "obs"
    for l in range(len(sizes) - 1):
        fan_in, fan_out = sizes[l], sizes[l + 1]
        bound = 1 / np.sqrt(fan_in)
        w = rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32)
        b = rng.uniform(-bound, bound, (fan_out,)).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{l}"), numpy_helper.from_array(b, f"b{l}")]
        z = f"z{l}"
        nodes.append(helper.make_node("Gemm", [x, f"w{l}", f"b{l}"], [z], transB=1))
        last = l == len(sizes) - 2
        y = "act" if last else f"h{l}"
        nodes.append(helper.make_node("Tanh" if last else "Relu", [z], [y]))
        x = y
    graph = helper.make_graph(
        nodes,
        f"actor_{shape}",
        [helper.make_tensor_value_info("obs", TensorProto.FLOAT, [1, sizes[0]])],
        [helper.make_tensor_value_info("act", TensorProto.FLOAT, [1, sizes[-1]])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main() -> None:
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "bench/target/models"
    import os

    os.makedirs(out_dir, exist_ok=True)
    for shape in SHAPES:
        path = os.path.join(out_dir, f"actor-{shape}.onnx")
        onnx.save(actor(shape), path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

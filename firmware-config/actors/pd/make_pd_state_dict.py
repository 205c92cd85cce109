#!/usr/bin/env python3
"""Writes a one-layer state_dict (safetensors, float32) holding a PD law y = tanh(W·obs + b).

Used for the starting actors of the two Raspberry Pi reference controllers: a classical PD
controller written as a network, which on-board fine-tuning then improves. Needs no PyTorch.
Usage: make_pd_state_dict.py OUT W1,W2,... BIAS
"""
import json
import struct
import sys

out, weights, bias = sys.argv[1], [float(w) for w in sys.argv[2].split(",")], float(sys.argv[3])
data = struct.pack("<%df" % len(weights), *weights) + struct.pack("<f", bias)
header = {
    "0.weight": {"dtype": "F32", "shape": [1, len(weights)], "data_offsets": [0, 4 * len(weights)]},
    "0.bias": {"dtype": "F32", "shape": [1], "data_offsets": [4 * len(weights), 4 * len(weights) + 4]},
}
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * (-len(text) % 8)
with open(out, "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + data)

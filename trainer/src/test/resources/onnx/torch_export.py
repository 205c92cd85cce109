"""Exports small PyTorch policies with torch.onnx.export, the way Isaac Lab / RSL-RL, CleanRL and
Stable-Baselines3 users do, for OnnxTorchImportTest: for every case NAME it writes NAME.onnx and
NAME.json holding the import options, observations and PyTorch's actions for them.

Usage: python3 torch_export.py OUT_DIR
"""
import json
import os
import sys

import torch
from torch import nn

OBS, HIDDEN, ACT = 5, 32, 3


class Normaliser(nn.Module):
    """(x - mean) / std, optionally clamped: RSL-RL's EmpiricalNormalization, SB3's VecNormalize."""

    def __init__(self, mean, std, clip=None):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("std", torch.tensor(std))
        self.clip = clip

    def forward(self, x):
        x = (x - self.mean) / self.std
        return x if self.clip is None else torch.clamp(x, -self.clip, self.clip)


class Scaled(nn.Module):
    """CleanRL's TD3/DDPG actor head: tanh(x) * action_scale + action_bias."""

    def __init__(self, low, high):
        super().__init__()
        low, high = torch.tensor(low), torch.tensor(high)
        self.register_buffer("action_scale", (high - low) / 2)
        self.register_buffer("action_bias", (high + low) / 2)

    def forward(self, x):
        return torch.tanh(x) * self.action_scale + self.action_bias


class Clamped(nn.Module):
    def __init__(self, low, high):
        super().__init__()
        self.low, self.high = low, high

    def forward(self, x):
        return torch.clamp(x, self.low, self.high)


class Bounded(nn.Module):
    """Stable-Baselines3 PPO clips its actions to the action space: per-action Min and Max."""

    def __init__(self, low, high):
        super().__init__()
        self.register_buffer("low", torch.tensor(low))
        self.register_buffer("high", torch.tensor(high))

    def forward(self, x):
        return torch.maximum(torch.minimum(x, self.high), self.low)


ACTS = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "elu": nn.ELU,
    "leaky_relu": nn.LeakyReLU,
    "sigmoid": nn.Sigmoid,
    "identity": nn.Identity,
}


def mlp(hidden_act, out_act=None, sizes=(OBS, HIDDEN, HIDDEN, ACT)):
    layers = []
    for k in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[k], sizes[k + 1]))
        if k < len(sizes) - 2:
            layers.append(ACTS[hidden_act]())
    if out_act is not None:
        layers.append(ACTS[out_act]())
    return layers


def normaliser(clip=None):
    g = torch.Generator().manual_seed(99)
    mean = (torch.randn(OBS, generator=g) * 2).tolist()
    std = (0.5 + torch.rand(OBS, generator=g) * 3).tolist()
    return Normaliser(mean, std, clip), mean, std


def export(out_dir, name, model, options=None, opset=14, one_d=False, bounds=None, obs_scale=3.0):
    model.eval()
    g = torch.Generator().manual_seed(len(name))
    obs = torch.randn(64, OBS, generator=g) * obs_scale
    with torch.no_grad():
        if one_d:
            actions = torch.stack([model(o) for o in obs])
        else:
            actions = model(obs)
        if bounds is not None:  # what Reflex adds for --action-low/--action-high
            low, high = torch.tensor(bounds[0]), torch.tensor(bounds[1])
            actions = torch.minimum(torch.maximum(low + (actions + 1) * (high - low) / 2, low), high)
    dummy = torch.zeros(OBS) if one_d else torch.zeros(1, OBS)
    kwargs = {} if one_d else {"dynamic_axes": {"obs": {0: "batch"}, "actions": {0: "batch"}}}
    torch.onnx.export(
        model,
        dummy,
        os.path.join(out_dir, name + ".onnx"),
        input_names=["obs"],
        output_names=["actions"],
        opset_version=opset,
        **kwargs,
    )
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(
            {
                "options": options or {},
                "obs": obs.double().tolist(),
                "actions": actions.double().tolist(),
            },
            f,
        )


def main(out_dir):
    torch.manual_seed(1)
    os.makedirs(out_dir, exist_ok=True)
    # Each hidden activation, tanh output, no normaliser (SB3's TD3 actor.mu; its [-1, 1] output
    # is mapped to the bounds by --action-low/--action-high).
    for act in ACTS:
        torch.manual_seed(2)
        export(out_dir, "hidden_" + act, nn.Sequential(*mlp(act, "tanh")))
    # Each activation again behind a normaliser, with a clamp (VecNormalize-like) or without.
    for act in ACTS:
        torch.manual_seed(3)
        norm, _, _ = normaliser(clip=5.0 if act in ("relu", "elu", "sigmoid") else None)
        export(out_dir, "normalised_" + act, nn.Sequential(norm, *mlp(act, "tanh")))
    # Isaac Lab / RSL-RL: normaliser, ELU MLP, linear output; the bounds come from the command line.
    torch.manual_seed(4)
    norm, _, _ = normaliser()
    bounds = ([-1.0, -2.0, 0.0], [1.0, 2.0, 0.5])
    export(
        out_dir,
        "isaac_elu_linear",
        nn.Sequential(norm, *mlp("elu", None, (OBS, 64, 64, 32, ACT))),
        options={"actionLow": bounds[0], "actionHigh": bounds[1]},
        bounds=bounds,
    )
    # CleanRL's TD3 actor: ReLU MLP, tanh * action_scale + action_bias.
    torch.manual_seed(5)
    export(
        out_dir,
        "cleanrl_scaled_tanh",
        nn.Sequential(*mlp("relu", None), Scaled([-2.0, 0.0, -0.5], [2.0, 10.0, 1.5])),
    )
    # A linear output clamped in the graph; sigmoid and leaky ReLU outputs; 1-D input (MatMul +
    # Add); an old opset (Clip bounds as attributes).
    torch.manual_seed(6)
    export(out_dir, "clamped_linear", nn.Sequential(*mlp("leaky_relu", None), Clamped(-0.5, 0.75)))
    torch.manual_seed(7)
    export(out_dir, "sigmoid_output", nn.Sequential(*mlp("tanh", "sigmoid")))
    torch.manual_seed(8)
    export(out_dir, "one_d_matmul_add", nn.Sequential(*mlp("relu", "tanh")), one_d=True)
    torch.manual_seed(9)
    norm, _, _ = normaliser(clip=4.0)
    export(out_dir, "opset9_clip", nn.Sequential(norm, *mlp("relu", None), Clamped(-1.0, 1.0)), opset=9)
    # Stable-Baselines3 PPO: policy_net (Tanh MLP) + action_net, clipped to the action space.
    torch.manual_seed(10)
    export(
        out_dir,
        "sb3_ppo_bounded",
        nn.Sequential(*mlp("tanh", None), Bounded([-1.0, -0.5, 0.0], [1.0, 0.25, 2.0])),
    )
    print("exported to", out_dir)


if __name__ == "__main__":
    main(sys.argv[1])

#!/usr/bin/env python3
"""PyTorch peers on one CPU thread, same shapes and batch sizes as the JMH benchmarks.

Forward: single-observation actor (ReLU hidden, tanh output) in eager mode under no_grad and as a
frozen TorchScript module. Updates: DDPG and TD3 steps written as in CleanRL (DDPG's critic takes
the action at its second layer and has L2 weight decay 1e-2, as the runtime's DDPG defaults; TD3:
twin critics, target smoothing, policy delay 2, reported per critic update). Prints one JSON object
per line: {"peer": ..., "bench": ..., "shape": ..., "us": median microseconds per call}.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
torch.manual_seed(0)
OBS, ACT = 3, 1
CPU_TOO = False  # also time the updates by CPU time (td3-updates mode)


def timed(fn, min_seconds):
    """Median of per-call means over repeated runs of a calibrated number of calls."""
    for _ in range(50):
        fn()
    calls, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 0.2:
        fn()
        calls += 1
    per_run = max(1, calls)
    samples, start = [], time.perf_counter()
    while time.perf_counter() - start < min_seconds or len(samples) < 5:
        t = time.perf_counter()
        for _ in range(per_run):
            fn()
        samples.append((time.perf_counter() - t) / per_run * 1e6)
    return statistics.median(samples)


def timed_cpu(fn, min_seconds):
    """As timed(), by the process's CPU time (a shared machine: the wall clock counts waiting)."""
    for _ in range(50):
        fn()
    samples, start = [], time.perf_counter()
    while time.perf_counter() - start < min_seconds or len(samples) < 5:
        t = time.process_time()
        for _ in range(20):
            fn()
        samples.append((time.process_time() - t) / 20 * 1e6)
    return statistics.median(samples)


def mlp(sizes, out_act):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        layers.append(nn.ReLU() if i < len(sizes) - 2 else out_act)
    return nn.Sequential(*layers)


def forward_benches(seconds):
    for shape in ["3-64-64-1", "3-256-256-1", "17-400-300-6"]:
        sizes = [int(s) for s in shape.split("-")]
        model = mlp(sizes, nn.Tanh()).eval()
        x = torch.rand(1, sizes[0])

        def eager():
            with torch.no_grad():
                return model(x)

        emit("torch-eager", "forward", shape, timed(eager, seconds))
        frozen = torch.jit.freeze(torch.jit.script(model))

        def jit():
            with torch.no_grad():
                return frozen(x)

        emit("torch-jit-freeze", "forward", shape, timed(jit, seconds))


class DdpgCritic(nn.Module):
    """Q(s, a) with the action entering at the second layer (DDPG paper)."""

    def __init__(self, hidden):
        super().__init__()
        self.l1 = nn.Linear(OBS, hidden[0])
        self.l2 = nn.Linear(hidden[0] + ACT, hidden[1])
        self.l3 = nn.Linear(hidden[1], 1)

    def forward(self, s, a):
        h = torch.relu(self.l1(s))
        h = torch.relu(self.l2(torch.cat([h, a], 1)))
        return self.l3(h)


class Td3Critic(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.net = mlp([OBS + ACT] + hidden + [1], nn.Identity())

    def forward(self, s, a):
        return self.net(torch.cat([s, a], 1))


def soft_update(src, dst, tau):
    with torch.no_grad():
        for p, tp in zip(src.parameters(), dst.parameters()):
            tp.mul_(1 - tau).add_(p, alpha=tau)


def update_bench(algo, hidden, batch, seconds):
    td3 = algo == "td3"
    n = 10_000
    obs, act = torch.rand(n, OBS) * 2 - 1, torch.rand(n, ACT) * 2 - 1
    rew, nobs = torch.rand(n, 1) * -16, torch.rand(n, OBS) * 2 - 1
    done = torch.zeros(n, 1)
    actor = mlp([OBS] + hidden + [ACT], nn.Tanh())
    actor_t = mlp([OBS] + hidden + [ACT], nn.Tanh())
    actor_t.load_state_dict(actor.state_dict())
    make = (lambda: Td3Critic(hidden)) if td3 else (lambda: DdpgCritic(hidden))
    critics = [make() for _ in range(2 if td3 else 1)]
    targets = [make() for _ in critics]
    for c, t in zip(critics, targets):
        t.load_state_dict(c.state_dict())
    params = [p for c in critics for p in c.parameters()]
    c_opt = torch.optim.Adam(params, lr=1e-3, weight_decay=0 if td3 else 1e-2)
    a_opt = torch.optim.Adam(actor.parameters(), lr=1e-3 if td3 else 1e-4)
    gamma, tau, delay = 0.99, 0.005 if td3 else 0.001, 2 if td3 else 1
    step = [0]

    def update():
        idx = torch.randint(0, n, (batch,))
        s, a, r, s2, d = obs[idx], act[idx], rew[idx], nobs[idx], done[idx]
        with torch.no_grad():
            a2 = actor_t(s2)
            if td3:
                a2 = (a2 + (torch.randn_like(a2) * 0.2).clamp(-0.5, 0.5)).clamp(-1, 1)
            q2 = torch.min(*[t(s2, a2) for t in targets]) if td3 else targets[0](s2, a2)
            y = r + gamma * (1 - d) * q2
        loss = sum(((c(s, a) - y) ** 2).mean() for c in critics)
        c_opt.zero_grad()
        loss.backward()
        c_opt.step()
        step[0] += 1
        if step[0] % delay == 0:
            a_loss = -critics[0](s, actor(s)).mean()
            a_opt.zero_grad()
            a_loss.backward()
            a_opt.step()
            soft_update(actor, actor_t, tau)
            for c, t in zip(critics, targets):
                soft_update(c, t, tau)

    shape = "-".join(map(str, hidden)) + f"/{batch}"
    emit("torch", algo, shape, timed(update, seconds))
    if CPU_TOO:
        emit("torch-cpu-time", algo, shape, timed_cpu(update, seconds))


def emit(peer, bench, shape, us):
    print(json.dumps({"peer": peer, "bench": bench, "shape": shape, "us": round(us, 3)}), flush=True)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    if len(sys.argv) > 2 and sys.argv[2] == "td3-updates":  # the side-by-side pairs of run.sh
        global CPU_TOO
        CPU_TOO = True
        for hidden, batch in [([64, 64], 64), ([256, 256], 256)]:
            update_bench("td3", hidden, batch, seconds)
        return
    forward_benches(seconds)
    for algo in ["ddpg", "td3"]:
        for hidden, batch in [([64, 64], 64), ([256, 256], 256), ([400, 300], 64)]:
            update_bench(algo, hidden, batch, seconds)


if __name__ == "__main__":
    main()

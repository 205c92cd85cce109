#!/usr/bin/env python3
"""The PyTorch whole-process peer: a minimal TD3 on the pendulum, one CPU thread, the settings of
Reflex's `trainer.jar train --env pendulum --algo td3` preset as bench/peers.sh runs it (20,000
steps, 64-64 actor and twin critics with the action at the input, batch 100, 100 warm-up steps of
uniform actions, Gaussian exploration sigma 0.1, gamma 0.98, tau 0.005, Adam 1e-3, policy delay 2,
target noise 0.2 clipped at 0.5, a replay buffer holding the whole run, 100 deterministic evaluation
episodes every 1,000 steps).

The pendulum is Gymnasium's Pendulum-v1 (as dev.reflex.plant.sim.Pendulum), stepped in Python for
the one training episode and as one batch of 100 environments in torch for the evaluations (the
fastest way to write it in PyTorch: 200 batched actor passes per evaluation instead of 20,000
single ones). Prints one JSON line: {"peer": "pytorch", "eval_mean_return": ..., "seconds": ...}.
Usage: OMP_NUM_THREADS=1 python3 bench/torch_td3_pendulum.py [steps] [seed]
"""
import json
import math
import random
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

OBS, ACT, HID = 3, 1, 64
MAX_TORQUE, MAX_SPEED, DT, G, M, L, EP_STEPS = 2.0, 8.0, 0.05, 10.0, 1.0, 1.0, 200


def angle_normalize(x):
    return ((x + math.pi) % (2 * math.pi)) - math.pi


class Pendulum:
    def reset(self, rng):
        self.th = rng.uniform(-math.pi, math.pi)
        self.thdot = rng.uniform(-1, 1)
        self.t = 0
        return self.obs()

    def obs(self):
        return [math.cos(self.th), math.sin(self.th), self.thdot]

    def step(self, u):
        u = max(-MAX_TORQUE, min(MAX_TORQUE, u))
        cost = angle_normalize(self.th) ** 2 + 0.1 * self.thdot ** 2 + 0.001 * u * u
        thdot = self.thdot + (3 * G / (2 * L) * math.sin(self.th) + 3.0 / (M * L * L) * u) * DT
        self.thdot = max(-MAX_SPEED, min(MAX_SPEED, thdot))
        self.th = self.th + self.thdot * DT
        self.t += 1
        return self.obs(), -cost, self.t >= EP_STEPS


def evaluate(actor, episodes, gen):
    """Deterministic returns of `episodes` pendulums stepped together as one batch."""
    th = (torch.rand(episodes, generator=gen, dtype=torch.float64) * 2 - 1) * math.pi
    thdot = torch.rand(episodes, generator=gen, dtype=torch.float64) * 2 - 1
    ret = torch.zeros(episodes, dtype=torch.float64)
    with torch.no_grad():
        for _ in range(EP_STEPS):
            o = torch.stack([torch.cos(th), torch.sin(th), thdot], 1).float()
            u = (actor(o)[:, 0].double() * MAX_TORQUE).clamp(-MAX_TORQUE, MAX_TORQUE)
            cost = angle_normalize_t(th) ** 2 + 0.1 * thdot ** 2 + 0.001 * u * u
            thdot = (thdot + (3 * G / (2 * L) * torch.sin(th) + 3.0 / (M * L * L) * u) * DT).clamp(
                -MAX_SPEED, MAX_SPEED)
            th = th + thdot * DT
            ret -= cost
    return ret.mean().item(), ret.std().item()


def angle_normalize_t(x):
    return torch.remainder(x + math.pi, 2 * math.pi) - math.pi


def mlp(sizes, out_act):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        layers.append(nn.ReLU() if i < len(sizes) - 2 else out_act)
    return nn.Sequential(*layers)


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    t0 = time.perf_counter()
    torch.manual_seed(seed)
    rng = random.Random(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    batch, warmup, sigma, gamma, tau, lr = 100, 100, 0.1, 0.98, 0.005, 1e-3
    delay, tnoise, tclip, eval_every, eval_eps = 2, 0.2, 0.5, 1000, 100
    actor = mlp([OBS, HID, HID, ACT], nn.Tanh())
    critics = [mlp([OBS + ACT, HID, HID, 1], nn.Identity()) for _ in range(2)]
    actor_t = mlp([OBS, HID, HID, ACT], nn.Tanh())
    actor_t.load_state_dict(actor.state_dict())
    critics_t = [mlp([OBS + ACT, HID, HID, 1], nn.Identity()) for _ in range(2)]
    for c, t in zip(critics, critics_t):
        t.load_state_dict(c.state_dict())
    a_opt = torch.optim.Adam(actor.parameters(), lr=lr)
    c_opt = torch.optim.Adam([p for c in critics for p in c.parameters()], lr=lr)
    cap = steps
    S = torch.zeros(cap, OBS)
    A = torch.zeros(cap, ACT)
    R = torch.zeros(cap, 1)
    S2 = torch.zeros(cap, OBS)
    ND = torch.zeros(cap, 1)
    env = Pendulum()
    o = env.reset(rng)
    size, updates, last = 0, 0, (float("nan"), float("nan"))
    for step in range(1, steps + 1):
        if step <= warmup:
            a = rng.uniform(-1, 1)
        else:
            with torch.no_grad():
                a = actor(torch.tensor([o], dtype=torch.float32))[0, 0].item()
            a = max(-1.0, min(1.0, a + rng.gauss(0, sigma)))
        o2, r, done = env.step(a * MAX_TORQUE)
        S[size] = torch.tensor(o)
        A[size, 0] = a
        R[size, 0] = r
        S2[size] = torch.tensor(o2)
        ND[size, 0] = 1.0  # time limit only: the pendulum never terminates
        size += 1
        o = env.reset(rng) if done else o2
        if step > warmup:
            idx = torch.randint(0, size, (batch,))
            s, act, rew, s2, nd = S[idx], A[idx], R[idx], S2[idx], ND[idx]
            with torch.no_grad():
                noise = (torch.randn_like(act) * tnoise).clamp(-tclip, tclip)
                a2 = (actor_t(s2) + noise).clamp(-1, 1)
                sa2 = torch.cat([s2, a2], 1)
                q_t = torch.min(critics_t[0](sa2), critics_t[1](sa2))
                y = rew + gamma * nd * q_t
            sa = torch.cat([s, act], 1)
            loss = sum(((c(sa) - y) ** 2).mean() for c in critics)
            c_opt.zero_grad()
            loss.backward()
            c_opt.step()
            updates += 1
            if updates % delay == 0:
                a_loss = -critics[0](torch.cat([s, actor(s)], 1)).mean()
                a_opt.zero_grad()
                a_loss.backward()
                a_opt.step()
                with torch.no_grad():
                    for net, tgt in [(actor, actor_t)] + list(zip(critics, critics_t)):
                        for p, pt in zip(net.parameters(), tgt.parameters()):
                            pt.mul_(1 - tau).add_(p, alpha=tau)
        if step % eval_every == 0 or step == steps:
            last = evaluate(actor, eval_eps, gen)
    print(json.dumps({"peer": "pytorch", "steps": steps, "eval_mean_return": last[0],
                      "eval_std_return": last[1], "seconds": time.perf_counter() - t0}))


if __name__ == "__main__":
    main()

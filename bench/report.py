#!/usr/bin/env python3
"""Turns one bench/run.sh result directory into the table of figures and ratios (markdown)."""
import json
import os
import re
import sys

D = sys.argv[1]
SHAPES = ["3-64-64-1", "3-256-256-1", "17-400-300-6"]
UPDATES = ["64-64/64", "256-256/256", "400-300/64"]


def read(name):
    p = os.path.join(D, name)
    return open(p).read() if os.path.exists(p) else ""


def jmh():
    txt = read("jmh.json")
    res = {}
    for r in json.loads(txt) if txt.strip() else []:
        name = r["benchmark"].split(".")[-2]
        p = r.get("params", {})
        alloc = None
        for k, v in r.get("secondaryMetrics", {}).items():
            if k.endswith("gc.alloc.rate.norm"):
                alloc = v["score"]
        key = (name, p.get("shape"), p.get("impl") or p.get("kernels"), p.get("algo"))
        res[key] = (r["primaryMetric"]["score"], alloc)
    return res


def torch():
    res = {}
    for line in read("torch.jsonl").splitlines():
        o = json.loads(line)
        if "peer" in o:
            res[(o["peer"], o["bench"], o["shape"])] = o["us"]
    return res


def peak():
    t = read("peak.txt")
    f = re.search(r"peak.f32.gflops=([\d.]+)", t)
    d = re.search(r"peak.f64.gflops=([\d.]+)", t)
    return (float(f.group(1)) if f else None, float(d.group(1)) if d else None)


def macs(sizes):
    return sum(a * b for a, b in zip(sizes, sizes[1:]))


def update_flops(algo, shape):
    hidden, batch = shape.split("/")
    h = [int(x) for x in hidden.split("-")]
    a = macs([3] + h + [1])
    if algo == "ddpg":  # action at the critic's second layer
        c = 3 * h[0] + (h[0] + 1) * h[1] + h[1]
        per_sample = 4 * a + 6 * c
    else:  # twin critics, policy delay 2 (actor terms halved)
        c = macs([4] + h + [1])
        per_sample = 2.5 * a + 9 * c
    return 2 * per_sample * int(batch)


def fmt(x, nd=2):
    return "n/a" if x is None else f"{x:.{nd}f}"


def ratio(theirs, ours):
    return None if theirs is None or ours is None or ours == 0 else theirs / ours


def mark(value, target):
    if value is None:
        return "n/a"
    return f"{value:.1f}x {'ok' if value >= target else 'MISS'} (target {target:g}x)"


def hist_percentile(counts, q):
    total = sum(c for _, c in counts)
    if total == 0:
        return None
    acc = 0
    for us, c in counts:
        acc += c
        if acc >= q / 100 * total:
            return us
    return counts[-1][0]


def main():
    j, t = jmh(), torch()
    pf, pd = peak()
    print(f"# Reflex performance run {os.path.basename(D)}\n")
    print("```\n" + read("machine.txt").strip() + "\n" + read("load.txt").strip() + "\n```\n")
    print(f"Single-core FMA peak (Java Vector API): float32 {fmt(pf, 1)} GFLOP/s, "
          f"double {fmt(pd, 1)} GFLOP/s.\n")

    print("## Actor forward, one observation (µs/call; speedup = their time / our time)\n")
    print("| shape | ours vector | B/call | scalar | EJML multAdd | ONNX RT | torch eager | "
          "torch jit | vs EJML | vs ONNX RT | vs eager | GFLOP/s (% f32 peak) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in SHAPES:
        v, va = j.get(("ActorForwardBench", s, "vector", None), (None, None))
        sc, _ = j.get(("ActorForwardBench", s, "scalar", None), (None, None))
        ej, _ = j.get(("ActorForwardBench", s, "ejml", None), (None, None))
        ox, _ = j.get(("OnnxForwardBench", s, None, None), (None, None))
        te, tj = t.get(("torch-eager", "forward", s)), t.get(("torch-jit-freeze", "forward", s))
        gf = None if v is None else 2 * macs([int(x) for x in s.split("-")]) / v / 1e3
        target_onnx = {"3-64-64-1": 5, "3-256-256-1": 1.5}.get(s)
        vs_onnx = ratio(ox, v)
        print(f"| {s} | {fmt(v, 3)} | {fmt(va, 1)} | {fmt(sc, 3)} | {fmt(ej, 3)} | {fmt(ox, 3)} | "
              f"{fmt(te)} | {fmt(tj)} | {fmt(ratio(ej, v), 1)}x | "
              f"{mark(vs_onnx, target_onnx) if target_onnx else fmt(vs_onnx, 1) + 'x'} | "
              f"{mark(ratio(te, v), 20)} | {fmt(gf, 1)} ({fmt(gf and pf and 100 * gf / pf, 0)}%) |")

    print("\n## Learner update (µs/update; speedup = their time / our time)\n")
    print("| algo | hidden/batch | ours vector | B/update | updates/s | scalar | torch 1 thread | "
          "vs scalar | vs torch | GFLOP/s (% f64 peak) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for algo in ["ddpg", "td3"]:
        for s in UPDATES:
            v, va = j.get(("LearnerUpdateBench", s, "vector", algo), (None, None))
            sc, _ = j.get(("LearnerUpdateBench", s, "scalar", algo), (None, None))
            to = t.get(("torch", algo, s))
            target = {"64-64/64": 5, "256-256/256": 1}.get(s)
            vs = ratio(to, v)
            gf = None if v is None else update_flops(algo, s) / v / 1e3
            print(f"| {algo} | {s} | {fmt(v, 1)} | {fmt(va, 1)} | {fmt(v and 1e6 / v, 0)} | "
                  f"{fmt(sc, 1)} | {fmt(to, 1)} | {fmt(ratio(sc, v), 1)}x | "
                  f"{mark(vs, target) if target else fmt(vs, 1) + 'x'} | "
                  f"{fmt(gf, 1)} ({fmt(gf and pd and 100 * gf / pd, 0)}%) |")

    print("\n## 1 kHz loop lateness beside cyclictest (µs, SCHED_OTHER, same period and duration)\n")
    counts = [(int(a), int(b)) for a, b in re.findall(r"^(\d+)\s+(\d+)\s*$", read("cyclictest.txt"), re.M)]
    cmax = re.search(r"# Max Latencies: *(\d+)", read("cyclictest.txt"))
    c50, c99 = hist_percentile(counts, 50), hist_percentile(counts, 99)
    loop = read("loop.txt")
    m = re.search(r"^idle.*?p50 ([\d.]+) p99 ([\d.]+) p99.9 ([\d.]+) max ([\d.]+)", loop, re.M)
    print("| source | p50 | p99 | max |")
    print("|---|---|---|---|")
    print(f"| cyclictest | {c50} | {c99} | {cmax.group(1) if cmax else 'n/a'} |")
    if m:
        print(f"| Reflex loop (idle) | {m.group(1)} | {m.group(2)} | {m.group(4)} |")
        r = float(m.group(2)) / max(1, c99 or 1)
        print(f"\nloop p99 / cyclictest p99 = {r:.2f} ({'ok' if r <= 2 else 'MISS'}, target <= 2)")
    else:
        print(f"| Reflex loop | {loop.strip()[:120]} | | |")

    print("\n## Pendulum TD3, 20 000 steps, 64-64, batch 100, 100-episode eval every 1000 steps\n")
    tr = read("trainer.txt")
    w = re.search(r"wall_s=([\d.]+)", tr)
    if w:
        secs = float(w.group(1))
        print(f"whole process {secs:.2f} s ({'ok' if secs <= 7 else 'MISS'}, target <= 7 s)")
    else:
        print(tr.strip()[:200])


if __name__ == "__main__":
    main()

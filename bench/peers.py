#!/usr/bin/env python3
"""Turns bench/peers.sh's results into the side-by-side table and writes it into
docs/performance.md between the markers <!-- peers:begin --> and <!-- peers:end -->.
Usage: bench/peers.py RESULTS_DIR docs/performance.md"""
import json
import re
import statistics
import sys
from pathlib import Path

out, doc = Path(sys.argv[1]), Path(sys.argv[2])
lines = []
load = (out / "peers-load.txt").read_text().strip().splitlines() if (out / "peers-load.txt").exists() else []
shown = out.resolve().relative_to(Path.cwd().resolve()) if out.resolve().is_relative_to(Path.cwd().resolve()) else out
lines.append(f"Results: `{shown}`. " + "; ".join(l.strip() for l in load))
lines.append("")

whole = {}
for row in (out / "whole.tsv").read_text().splitlines() if (out / "whole.tsv").exists() else []:
    f = row.split("\t")
    # name, pair, wall s, max RSS KiB, user s, sys s, final eval return, load
    whole.setdefault(f[0], []).append((float(f[2]), int(f[3]) / 1024, f[6], f[7], float(f[4]) + float(f[5])))
if whole:
    lines.append("| whole process, pendulum TD3 20k | runs (wall s, in order A B A B) | median wall s | median CPU s (user+sys, all threads) | median peak RSS MiB | final eval returns | load (1 min) |")
    lines.append("|---|---|---|---|---|---|---|")
    for name, runs in whole.items():
        lines.append(
            f"| {name} | {', '.join(f'{r[0]:.1f}' for r in runs)} | {statistics.median(r[0] for r in runs):.1f} | "
            f"{statistics.median(r[4] for r in runs):.1f} | "
            f"{statistics.median(r[1] for r in runs):.0f} | {', '.join(r[2] for r in runs)} | {', '.join(r[3] for r in runs)} |")
    for peer, label, target in (("rltools", "RLtools", " (target <= 1.0x)"), ("pytorch", "PyTorch", "")):
        if peer in whole and "reflex-f32" in whole:
            pairs = [b[0] / a[0] for a, b in zip(whole[peer], whole["reflex-f32"])]
            cpu = [b[4] / a[4] for a, b in zip(whole[peer], whole["reflex-f32"])]
            lines.append("")
            lines.append(
                f"Reflex / {label} wall time per pair: {', '.join(f'{p:.2f}x' for p in pairs)}; median "
                f"**{statistics.median(pairs):.2f}x**{target}; CPU time per pair "
                f"{', '.join(f'{p:.2f}x' for p in cpu)}, median {statistics.median(cpu):.2f}x.")
    lines.append("")

upd = {}
pat = re.compile(r"^(\S+) (\d+/\d+) (.*?)\s*round \d+: wall ([0-9.]+) us/update, cpu ([0-9.]+) us/update, ([0-9.]+) B/update")
for row in (out / "updates.txt").read_text().splitlines() if (out / "updates.txt").exists() else []:
    m = pat.match(row)
    if m:
        key = (m.group(2), "128-bit" if "MaxVectorSize=16" in m.group(3) else "native")
        upd.setdefault(key, []).append((float(m.group(4)), float(m.group(5)), float(m.group(6))))
torch = {}
tf = out / "torch-td3.jsonl"
for row in tf.read_text().splitlines() if tf.exists() else []:
    d = json.loads(row)
    if d.get("bench") == "td3":
        torch[(d["peer"], d["shape"])] = d["us"]
if upd:
    lines.append("| TD3 update (hidden/batch) | vectors | Reflex f32 wall us (A, A) | Reflex f32 CPU us | updates/s (CPU) | PyTorch 1 thread wall us (B) | PyTorch CPU us | PyTorch / Reflex (CPU time) | (wall) | B/update (max) |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for (shape, width), runs in sorted(upd.items()):
        h = shape.split("/")[0]
        tkey = f"{h}-{h}/{shape.split('/')[1]}"
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        native = width == "native"
        t = torch.get(("torch", tkey)) if native else None
        tc = torch.get(("torch-cpu-time", tkey)) if native else None
        lines.append(
            f"| {tkey} | {width} | {', '.join(f'{r[0]:.0f}' for r in runs)} | {cpu:.0f} | {1e6 / cpu:.0f} | "
            f"{t or ''} | {tc or ''} | {f'**{tc / cpu:.1f}x**' if tc else ''} | "
            f"{f'{t / wall:.1f}x' if t else ''} | {max(r[2] for r in runs):.1f} |")
    lines.append("")
    lines.append("Targets: 256-256/256 >= 1.5x PyTorch, 64-64/64 >= 8x.")

text = doc.read_text()
block = "<!-- peers:begin -->\n" + "\n".join(lines) + "\n<!-- peers:end -->"
if "<!-- peers:begin -->" in text:
    text = re.sub(r"<!-- peers:begin -->.*?<!-- peers:end -->", lambda _: block, text, flags=re.S)
else:
    text += "\n" + block + "\n"
doc.write_text(text)
print("\n".join(lines))

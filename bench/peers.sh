#!/usr/bin/env bash
# The peers side by side, interleaved A B A B in one script so that the ratios stay meaningful on a
# shared machine: (1) the whole process of pendulum TD3 20k steps, RLtools (its pendulum TD3
# standalone program, built by the user from their own rl-tools/rl-tools checkout with OpenBLAS; run
# with 1 thread), Reflex's trainer in float32 (bin/reflex train) and a minimal PyTorch TD3 on one
# thread (bench/torch_td3_pendulum.py), in turn;
# (2) the TD3 update 64-64/64 and 256-256/256, Reflex float32 against PyTorch on one thread;
# (3) Reflex's updates/s at a 128-bit vector width (-XX:MaxVectorSize=16, the Pi's NEON width).
# Writes results to OUT and the ratios into docs/performance.md (bench/peers.py).
# Usage: bench/peers.sh OUT [--rltools-bin FILE] [--pairs N]   (called by bench/run.sh; needs the
# trainer and benchmark jars built)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. bin/jdk.sh || exit 1  # the java on PATH may be older than 25
OUT=$1; shift
RLT=""; PAIRS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --rltools-bin) RLT=$2; shift 2 ;;
    --pairs) PAIRS=$2; shift 2 ;;
    *) echo "peers.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
JAVA_VEC="java --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp bench/target/benchmarks.jar"
# Reflex's side is the launcher's training JVM (bin/reflex train: serial collector, 64-512 MB heap,
# the network passes compiled once, JDK 25's AOT cache): the cache is recorded by one run before
# the pairs (not timed), in OUT/cache, so the figures do not depend on the user's own cache.
# --no-plot: the peers draw no learning curve either (Java2D's start alone is ~1 s of CPU).
TRAIN_ARGS=(train --env pendulum
  --algo td3 --steps 20000 --actor-hidden 64,64 --critic-hidden 64,64 --batch-size 100
  --warmup-steps 100 --eval-interval 1000 --eval-episodes 100 --seed 0 --quiet --precision f32
  --no-plot)
export XDG_CACHE_HOME="$OUT/cache"
echo "load at start: $(uptime)" | tee "$OUT/peers-load.txt"

# --- RLtools: a binary the user built (this project builds and ships none of RLtools) ----------
RLT_BIN=""
if [ -z "$RLT" ]; then
  echo "peers.sh: no RLtools binary given (--rltools-bin FILE, RLtools' pendulum TD3 standalone program built from your checkout); RLtools skipped"
elif [ ! -x "$RLT" ]; then
  echo "peers.sh: --rltools-bin $RLT is not an executable file; RLtools skipped"
else
  RLT_BIN=$RLT
fi

# --- (1) whole process, interleaved ------------------------------------------------------------
REFLEX_NO_BUILD=1 bin/reflex "${TRAIN_ARGS[@]}" --out "$OUT/reflex-record" > "$OUT/reflex-record.txt" 2>&1
grep '^reflex: ' "$OUT/reflex-record.txt" || true
TORCH=0
if "$PY" -c 'import torch' 2>/dev/null; then TORCH=1; else echo "peers.sh: no python3-torch; PyTorch peers skipped"; fi
if [ $TORCH = 1 ] && ! ls /usr/lib/*-linux-gnu/libopenblas.so.0 >/dev/null 2>&1; then
  echo "peers.sh: no OpenBLAS (libopenblas0-pthread): PyTorch runs on the reference BLAS here, ~15x slower than its usual self"
fi
: > "$OUT/whole.tsv"
for i in $(seq 1 "$PAIRS"); do
  if [ -n "$RLT_BIN" ]; then
    OPENBLAS_NUM_THREADS=1 /usr/bin/time -f "%e %M %U %S" -o "$OUT/t.txt" "$RLT_BIN" > "$OUT/rltools-$i.txt" 2>&1
    ret=$(grep -o 'Mean return: [-0-9.]*' "$OUT/rltools-$i.txt" | tail -1 | awk '{print $3}')
    echo -e "rltools\t$i\t$(cat "$OUT/t.txt" | tr ' ' '\t')\t$ret\t$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/whole.tsv"
  fi
  REFLEX_NO_BUILD=1 /usr/bin/time -f "%e %M %U %S" -o "$OUT/t.txt" bin/reflex "${TRAIN_ARGS[@]}" --out "$OUT/reflex-$i" > "$OUT/reflex-$i.txt" 2>&1
  ret=$(grep -o '"eval_mean_return":[-0-9.]*' "$OUT/reflex-$i.txt" | cut -d: -f2)
  echo -e "reflex-f32\t$i\t$(cat "$OUT/t.txt" | tr ' ' '\t')\t$ret\t$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/whole.tsv"
  if [ $TORCH = 1 ]; then
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/time -f "%e %M %U %S" -o "$OUT/t.txt" "$PY" bench/torch_td3_pendulum.py 20000 0 > "$OUT/pytorch-$i.txt" 2>&1
    ret=$(grep -o '"eval_mean_return": [-0-9.]*' "$OUT/pytorch-$i.txt" | awk '{print $2}')
    echo -e "pytorch\t$i\t$(cat "$OUT/t.txt" | tr ' ' '\t')\t$ret\t$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/whole.tsv"
  fi
done

# --- (2) TD3 updates: Reflex float32 (A), PyTorch 1 thread (B), Reflex again (A) ----------------
: > "$OUT/updates.txt"
reflex_updates() {
  for shape in "64 64 2 5" "256 256 3 6"; do
    $JAVA_VEC "$@" dev.reflex.bench.UpdateCpuTime td3 $shape f32 2>/dev/null | tail -1 |
      sed "s|^|reflex-f32 $(echo $shape | cut -d' ' -f1-2 | tr ' ' /) $* |" | tee -a "$OUT/updates.txt"
  done
}
reflex_updates
if [ $TORCH = 1 ]; then
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$PY" bench/torch_bench.py 3 td3-updates | tee "$OUT/torch-td3.jsonl"
fi
reflex_updates
# --- (3) 128-bit vectors ------------------------------------------------------------------------
reflex_updates -XX:MaxVectorSize=16
echo "load at end: $(uptime)" | tee -a "$OUT/peers-load.txt"
"$PY" bench/peers.py "$OUT" docs/performance.md

#!/usr/bin/env bash
# Reruns the DC-motor and cart-pole tables of docs/fine-tuning.md: one finetune-sim per change and
# seed, two at a time; appends "change | seed | command | JSON line" to fine-tuning-runs.out.
# Usage (from the repository root, jars built):
#   docs/fine-tuning-runs.sh [dc-motor|dc-motor-unattended|cartpole|pendulum-bc]
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/fine-tuning-runs.out
A=firmware-config/actors
DM=(--actor $A/nominal/dc-motor.safetensors --start-checkpoint $A/nominal/dc-motor.start.safetensors
  --env dc-motor --episodes 30 --eval-every 10 --eval-episodes 50 --eval-seed 1000
  --board-eval-every 3 --board-eval-episodes 3 --promote-level 0.1 --bc-weight 1)
CP=(--actor $A/cartpole-swingup.safetensors --env cartpole-swingup --episodes 100 --eval-every 20
  --eval-episodes 50 --eval-seed 1000 --board-eval-every 3 --board-eval-episodes 3
  --promote-level 0.1 --bc-weight 1)
PA=(--actor $A/nominal/pendulum.safetensors --env pendulum --param friction=0.3 --episodes 60
  --eval-every 10 --eval-episodes 50 --eval-seed 1000 --board-eval-every 3 --board-eval-episodes 3
  --promote-level 0.1)
one() { # label seed args...
  local label=$1 seed=$2; shift 2
  local json; json=$(bin/reflex finetune-sim "$@" --seed "$seed" 2>/dev/null)
  echo "$label | $seed | finetune-sim $* --seed $seed | $json" >>"$out"
}
seeds() { # label args...
  local label=$1; shift
  one "$label" 1 "$@" & one "$label" 2 "$@"; wait; one "$label" 3 "$@"
}
case "${1:-all}" in
  dc-motor | all)
    seeds delay1 "${DM[@]}" --param actuation_delay_steps=1 --actor-lr 3e-5
    seeds inductance40x "${DM[@]}" --param inductance_h=0.02 --actor-lr 3e-5
    seeds resistance3x "${DM[@]}" --param resistance_ohm=6 --actor-lr 3e-5
    seeds kt5x "${DM[@]}" --param kt_nm_per_a=0.1 --actor-lr 3e-5
    ;;&
  dc-motor-unattended | all)
    for change in actuation_delay_steps=1 inductance_h=0.02 resistance_ohm=6; do
      seeds "$change-lr1e-5" "${DM[@]}" --param "$change" --actor-lr 1e-5
    done
    ;;&
  cartpole | all)
    seeds pole1.5 "${CP[@]}" --param pole_length_m=1.5
    seeds cart2-pole1.5 "${CP[@]}" --param cart_mass_kg=2 --param pole_length_m=1.5
    seeds friction1 "${CP[@]}" --param friction=1
    ;;&
  pendulum-bc | all)
    seeds pendulum-alone-bc1 "${PA[@]}" --bc-weight 1
    seeds pendulum-alone-bc1-hl200 "${PA[@]}" --bc-weight 1 --bc-half-life 200
    ;;
esac

#!/bin/sh
# Remakes the shipped demo policy and demo reward model (resources/demo-policy, demo-rm) in
# OUT, the way they were made: deterministic for these thread counts (about 18 min on 2 cores).
#   1. the vision tower and projector alone: every image token names its grid cell's object;
#   2. SFT on the frozen tower, training captions carrying the co-occurrence prior;
#   3. more SFT from there, with questions answered no about a colour and a shape the scene
#      has apart (so that yes/no answers bind colour to shape);
#   4. the image-aware reward model, from the policy.
set -eu
OUT=${1:?usage: packaging/make-demo-models.sh OUT [PREFSTUDIO-CLI]}
CLI=${2:-build/ci/app/prefstudio-cli}
STAGES="$OUT/stages"
mkdir -p "$STAGES"
export PREFSTUDIO_THREADS=2
"$CLI" train-sft "$STAGES/tower" --vision-steps 5000 --steps 1
"$CLI" train-sft "$STAGES/prior" --vision-from "$STAGES/tower" --prior 1.0 --steps 4000
"$CLI" train-sft "$OUT/demo-policy" --init-from "$STAGES/prior" --seed 17 --prior 1.0 \
    --hard-negatives 0.5 --steps 2000 --lr 5e-4
PREFSTUDIO_THREADS=1 "$CLI" train-rm "$OUT/demo-rm" --policy "$OUT/demo-policy"

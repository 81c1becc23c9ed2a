#!/bin/sh
# On the CUDA machine: builds dpo_device_check against the PyTorch wheel's LibTorch, runs it,
# then hf_dpo_bench.py (PEFT loads our adapter; transformers + peft DPO steps on the same
# 7B-shaped model) in the same session, so both sides' figures come from one card.
# Usage: tests/golden/device/dpo_check.sh INCLUDE_DIR_WITH_NLOHMANN OUT_DIR [--cpu-only]
# With --cpu-only (where there is no GPU) it builds against the system LibTorch and runs the
# tiny checks on the CPU, to check the program itself.
set -eu
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
EXTRA_INCLUDE=$1
OUT=$2
MODE=${3:-}
BUILD=/tmp/prefstudio-dpo-device
mkdir -p "$BUILD" "$OUT"
if [ "$MODE" = "--cpu-only" ]; then
    TORCH_INCLUDE="-I/usr/include/torch/csrc/api/include"
    LINK="-ltorch -ltorch_cpu -lc10"
    DEFINES="-DUSE_C10D_GLOO"
else
    TORCH=$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))')
    ABI=$(python3 -c 'import torch; print(int(torch.compiled_with_cxx11_abi()))')
    # c10/cuda's headers need cuda_runtime.h: the toolkit's, or the wheel's nvidia package.
    CUDA_INCLUDE=$(dirname "$(dirname "$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)")")/include
    TORCH_INCLUDE="-I$TORCH/include -I$TORCH/include/torch/csrc/api/include -I$CUDA_INCLUDE -I$TORCH/../nvidia/cuda_runtime/include"
    LINK="-L$TORCH/lib -Wl,-rpath,$TORCH/lib -Wl,--no-as-needed -ltorch_cuda -lc10_cuda -Wl,--as-needed -ltorch -ltorch_cpu -lc10"
    DEFINES="-D_GLIBCXX_USE_CXX11_ABI=$ABI -DPREFSTUDIO_CUDA_STATS -DPREFSTUDIO_TORCH_CUDA -DUSE_C10D_GLOO"
fi
CXXFLAGS="-O2 -std=c++20 $DEFINES -I$ROOT/core -I$EXTRA_INCLUDE $TORCH_INCLUDE -w"
M=$ROOT/core/ml
SOURCES="$M/LlavaConfig.cpp $M/SafetensorsFile.cpp $M/model/Layers.cpp $M/model/LlavaModules.cpp
 $M/model/WeightLoader.cpp $M/model/LlavaLoader.cpp $M/model/Dpo.cpp $M/model/DpoTrainer.cpp
 $M/model/Lora.cpp $M/model/SftTrainer.cpp $M/model/DataParallel.cpp $ROOT/core/util/FileWrite.cpp
 $ROOT/core/util/JsonFile.cpp $ROOT/tests/golden/device/dpo_device_check.cpp"
start=$(date +%s)
for s in $SOURCES; do
    g++ $CXXFLAGS -c "$s" -o "$BUILD/$(basename "$s").o" &
done
wait
if [ ! -f "$BUILD/DataParallel.cpp.o" ]; then
    echo "DataParallel.cpp did not build here (no Gloo headers?): linking without data parallel"
    g++ $CXXFLAGS -c "$ROOT/tests/golden/device/no_data_parallel.cpp" -o "$BUILD/no_data_parallel.o"
fi
g++ -o "$BUILD/dpo_device_check" "$BUILD"/*.o $LINK
echo "built in $(( $(date +%s) - start )) s"
if [ "$MODE" = "--cpu-only" ]; then
    "$BUILD/dpo_device_check" "$ROOT/tests/data/ml/golden" "$OUT" --cpu-only
    exit
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
"$BUILD/dpo_device_check" "$ROOT/tests/data/ml/golden" "$OUT" ${DPO_CHECK_ARGS:-} 2>&1 | tee "$OUT/engine-dpo.log"
# DPO_CHECK_ARGS=--skip-7b SKIP_HF=1: the correctness checks alone.
[ -n "${SKIP_HF:-}" ] && exit 0
PYTHONUNBUFFERED=1 python3 "$ROOT/tests/golden/device/hf_dpo_bench.py" "$ROOT/tests/data/ml/golden" "$OUT" 2>&1 |
    grep -v Warning | tee "$OUT/hf-dpo.log"

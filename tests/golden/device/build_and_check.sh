#!/bin/sh
# On the CUDA machine: builds the engine against the PyTorch wheel's LibTorch, runs
# llava_device_check, then HF's 7B timing in the same session for a same-machine baseline.
# Usage: tests/golden/device/build_and_check.sh INCLUDE_DIR_WITH_NLOHMANN OUT_DIR
set -eu
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
EXTRA_INCLUDE=$1
OUT=$2
TORCH=$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))')
ABI=$(python3 -c 'import torch; print(int(torch.compiled_with_cxx11_abi()))')
BUILD=/tmp/prefstudio-device
mkdir -p "$BUILD"
CXXFLAGS="-O2 -std=c++20 -D_GLIBCXX_USE_CXX11_ABI=$ABI -I$ROOT/core -I$EXTRA_INCLUDE -I$TORCH/include -I$TORCH/include/torch/csrc/api/include -w"
SOURCES="$ROOT/core/ml/LlavaConfig.cpp $ROOT/core/ml/SafetensorsFile.cpp $ROOT/core/ml/model/Layers.cpp $ROOT/core/ml/model/LlavaModules.cpp $ROOT/core/ml/model/WeightLoader.cpp $ROOT/core/ml/model/LlavaLoader.cpp $ROOT/core/ml/model/Generator.cpp $ROOT/tests/golden/device/llava_device_check.cpp"
start=$(date +%s)
for s in $SOURCES; do
    g++ $CXXFLAGS -c "$s" -o "$BUILD/$(basename "$s").o" &
done
wait
g++ -o "$BUILD/llava_device_check" "$BUILD"/*.o -L"$TORCH/lib" -Wl,-rpath,"$TORCH/lib" -Wl,--no-as-needed -ltorch_cuda -lc10_cuda -Wl,--as-needed -ltorch -ltorch_cpu -lc10
echo "built in $(( $(date +%s) - start )) s"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
"$BUILD/llava_device_check" "$ROOT/tests/data/ml/golden" "$OUT" 2>&1 | tee "$OUT/engine-check.log"
nvidia-smi --query-gpu=memory.used --format=csv,noheader
cd "$ROOT/tests/golden" && PYTHONUNBUFFERED=1 python3 make_llava_golden.py /tmp/hf-bench --only-bench7b 2>&1 | grep -v Warning | tail -8
cp /tmp/hf-bench/bench7b.json "$OUT/hf-7b.json" 2>/dev/null || true

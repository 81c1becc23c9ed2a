#!/bin/sh
# On the CUDA machine: builds engine_device_check against the PyTorch wheel's LibTorch and runs
# it on the demo policy and the demo reward model (batched generation and rewards on the card
# against the CPU, and their timings there).
# Usage: tests/golden/device/engine_check.sh INCLUDE_DIR_WITH_NLOHMANN OUT_DIR [--cpu-only]
# With --cpu-only (where there is no GPU) it builds against the system LibTorch and runs the
# CPU half, to check the program itself.
set -eu
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
EXTRA_INCLUDE=$1
OUT=$2
MODE=${3:-}
BUILD=/tmp/prefstudio-engine-device
mkdir -p "$BUILD" "$OUT"
if [ "$MODE" = "--cpu-only" ]; then
    TORCH_INCLUDE="-I/usr/include/torch/csrc/api/include"
    LINK="-ltorch -ltorch_cpu -lc10"
    DEFINES=""
else
    TORCH=$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))')
    ABI=$(python3 -c 'import torch; print(int(torch.compiled_with_cxx11_abi()))')
    CUDA_INCLUDE=$(dirname "$(dirname "$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)")")/include
    TORCH_INCLUDE="-I$TORCH/include -I$TORCH/include/torch/csrc/api/include -I$CUDA_INCLUDE -I$TORCH/../nvidia/cuda_runtime/include"
    LINK="-L$TORCH/lib -Wl,-rpath,$TORCH/lib -Wl,--no-as-needed -ltorch_cuda -lc10_cuda -Wl,--as-needed -ltorch -ltorch_cpu -lc10"
    DEFINES="-D_GLIBCXX_USE_CXX11_ABI=$ABI"
fi
CXXFLAGS="-O2 -std=c++20 $DEFINES -I$ROOT/core -I$EXTRA_INCLUDE $TORCH_INCLUDE -w"
M=$ROOT/core/ml
SOURCES="$M/LlavaConfig.cpp $M/SafetensorsFile.cpp $M/model/Layers.cpp $M/model/LlavaModules.cpp
 $M/model/WeightLoader.cpp $M/model/LlavaLoader.cpp $M/model/Generator.cpp $M/model/RewardModel.cpp
 $M/model/SftTrainer.cpp $M/model/Lora.cpp $ROOT/core/util/FileWrite.cpp $ROOT/core/util/JsonFile.cpp
 $ROOT/tests/golden/device/engine_device_check.cpp"
start=$(date +%s)
for s in $SOURCES; do
    g++ $CXXFLAGS -c "$s" -o "$BUILD/$(basename "$s").o" &
done
wait
g++ -o "$BUILD/engine_device_check" "$BUILD"/*.o $LINK -lpthread
echo "built in $(( $(date +%s) - start )) s"
[ "$MODE" = "--cpu-only" ] || nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
"$BUILD/engine_device_check" "$ROOT/resources/demo-policy" "$ROOT/resources/demo-rm" "$OUT" $MODE 2>&1 |
    tee "$OUT/engine-device.log"

#!/usr/bin/env bash
# Builds augstudio-cli against a CUDA LibTorch and measures the search step on the GPU: the
# bench at 224×224, batch 64 (and at the 32×32 reference setting), then a one-epoch search
# when Fashion-MNIST is installed. One short run for a machine lent with a GPU.
#
#   bash packaging/check-cuda.sh [BUILD_DIR]        (default build-cuda)
#
# LibTorch comes from $TORCH_PREFIX, else from the PyTorch that python3 imports
# (torch.utils.cmake_prefix_path). AUGSTUDIO_CHECK_DEVICE=cpu runs the same steps on the
# CPU, to try the script where there is no GPU.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build-cuda}
device=${AUGSTUDIO_CHECK_DEVICE:-cuda}
say() { echo "check-cuda: $*"; }

prefix=${TORCH_PREFIX:-}
if [ -z "$prefix" ] && python3 -c 'import torch' 2>/dev/null; then
    prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
    say "LibTorch of PyTorch $(python3 -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda)')"
    # OpenCV and yaml-cpp from Debian use the C++11 string ABI; a LibTorch without it
    # cannot link with them.
    if [ "$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')" != 1 ]; then
        say "this PyTorch uses the pre-C++11 ABI; set TORCH_PREFIX to a cxx11-abi LibTorch"
        exit 2
    fi
fi
[ -n "$prefix" ] || say "no PyTorch found and TORCH_PREFIX unset: using the system LibTorch"

if [ "$device" = cuda ]; then
    if ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L; then
        say "no NVIDIA GPU visible"
        exit 2
    fi
fi

missing=()
for header in opencv4/opencv2/core.hpp yaml-cpp/yaml.h nlohmann/json.hpp zlib.h; do
    [ -e "/usr/include/$header" ] || missing+=("$header")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "missing headers: ${missing[*]} (bash packaging/install-deps.sh installs them)"
    exit 2
fi

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DAUGSTUDIO_BUILD_GUI=OFF -DAUGSTUDIO_BUILD_TESTS=OFF ${prefix:+-DCMAKE_PREFIX_PATH="$prefix"}
cmake --build "$build" -j"$(nproc)" --target augstudio-cli
cli="$build/app/augstudio-cli"
"$cli" --version

# A trial run on the CPU times one step of each: 224 px steps take seconds there.
timing=(--steps 5 --repeats 3 --warmup 2)
[ "$device" = cuda ] || timing=(--steps 1 --repeats 1 --warmup 1)
say "bench at 224×224, batch 64, on $device"
"$cli" bench --device "$device" --image-size 224 --batch 64 "${timing[@]}"
say "bench at 32×32, batch 32, on $device"
"$cli" bench --device "$device" "${timing[@]}"

dataset=/usr/share/datasets/fashion-mnist
if [ -d "$dataset" ]; then
    out=$(mktemp -d)
    say "one epoch of search on Fashion-MNIST, on $device"
    "$cli" search --dataset "$dataset" --output "$out/run" --device "$device" --epochs 1 --quiet \
        --set data.dataset.limit=2000 --set "data.preprocessing=[{Resize: {height: 32, width: 32}}]" \
        --set data.dataloader.batch_size=32 --set policy_model.num_sub_policies=10
    test -s "$out/run/policy/latest.json"
    say "policy saved: $out/run/policy/latest.json"
fi
say "done"

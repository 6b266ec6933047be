#!/usr/bin/env bash
# CI: builds the .deb from a build folder, installs it with apt-get (which brings in the runtime
# packages that dpkg-shlibdeps named) and runs what it installed: augstudio-cli --version, a
# two-step headless search on Fashion-MNIST, and the desktop app's --version. The package is
# removed again at the end. Run as root (or with sudo), after the build: see .ci/run.
# usage: packaging/check-deb.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

passed=0
pass() { echo "check-deb: ok: $*"; passed=$((passed + 1)); }
die() { echo "check-deb: FAIL: $*" >&2; echo "check-deb: $passed passed, 1 failed"; exit 1; }

rm -f "$build"/packages/augstudio_*.deb
cmake --build "$build" --target package || die "cmake --build $build --target package failed"
deb=$(find "$build/packages" -maxdepth 1 -name 'augstudio_*.deb' | head -n 1)
[ -n "$deb" ] || die "no augstudio_*.deb in $build/packages"
deb=$(realpath "$deb")
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends
depends=$(dpkg-deb --field "$deb" Depends)
grep -q "libc6" <<< "$depends" || die "the .deb's Depends has no libc6: dpkg-shlibdeps did not run ($depends)"
pass "built $(basename "$deb") with dependencies from dpkg-shlibdeps"

trap '$SUDO apt-get remove -y -q augstudio > /dev/null 2>&1 || true' EXIT
$SUDO apt-get install -y -q "$deb" || die "apt-get install $deb failed"
pass "apt-get install ./$(basename "$deb")"

cli=/usr/bin/augstudio-cli
[ -x "$cli" ] || die "$cli is not installed"
version=$("$cli" --version) || die "augstudio-cli --version failed"
echo "$version"
pass "augstudio-cli --version"

dataset=/usr/share/datasets/fashion-mnist
[ -d "$dataset" ] || die "$dataset is missing (Debian package dataset-fashion-mnist)"
out=$(mktemp -d)
"$cli" search --dataset "$dataset" --output "$out/run" --quiet \
    --set data.dataset.limit=64 --set "data.preprocessing=[{Resize: {height: 32, width: 32}}]" \
    --set data.dataloader.batch_size=16 --epochs 1 --steps-per-epoch 2 || die "the headless search failed"
grep -q '"transform"' "$out/run/policy/latest.json" 2>/dev/null || die "the search wrote no policy/latest.json"
rm -rf "$out"
pass "a two-step headless search wrote policy/latest.json"

if dpkg -L augstudio | grep -qx /usr/bin/augstudio; then
    QT_QPA_PLATFORM=offscreen /usr/bin/augstudio --version || die "augstudio --version failed"
    for f in /usr/share/applications/org.augstudio.AugStudio.desktop \
             /usr/share/metainfo/org.augstudio.AugStudio.metainfo.xml \
             /usr/share/icons/hicolor/scalable/apps/org.augstudio.AugStudio.svg \
             /usr/share/augstudio/fashion-mnist-search.yaml; do
        dpkg -L augstudio | grep -qx "$f" || die "the package lacks $f"
    done
    pass "the desktop app, its menu entry, metainfo, icon and sample config are installed"
fi

echo "check-deb: $passed passed, 0 failed"

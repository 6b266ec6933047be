#!/usr/bin/env bash
# Installs every build, run and test dependency of AugStudio from Debian packages.
# Idempotent and non-interactive; run as root (or through sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libtorch-dev libgloo-dev
  libopenblas0-openmp
  libopencv-dev
  libyaml-cpp-dev
  nlohmann-json3-dev
  zlib1g-dev libgif-dev
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-translations-l10n
  libqcustomplot-dev
  libgl-dev libxkbcommon-dev libvulkan-dev
  dataset-fashion-mnist
  xvfb xauth
  desktop-file-utils appstream librsvg2-bin
  dpkg-dev file
  locales
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${#missing[@]} packages"

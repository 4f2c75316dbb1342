#!/usr/bin/env bash
# Installs the Debian 12 packages Kardashev needs to build, test, fuzz and benchmark, skipping
# those already present. Uses sudo when not run as root.
set -euo pipefail

packages=(
  g++ cmake ninja-build make pkg-config
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev  # the fuzz targets: clang++ and libFuzzer's runtime
  libsqlite3-dev  # sweep results files
  libopenmpi-dev openmpi-bin  # sweeps across machines (mpirun)
  pybind11-dev python3-dev python3-pandas python3-pytest  # the Python module and its tests
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

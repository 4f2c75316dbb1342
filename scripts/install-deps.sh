#!/usr/bin/env bash
# Installs the Debian 12 packages Kardashev needs to build, test, fuzz and benchmark (or, with
# the argument `run`, only to build and run the program), skipping those already present, and
# the report pages' charting library (web/, `npm ci`). Uses sudo when not run as root.
set -euo pipefail

# `install-deps.sh run`: what `make run` needs (the compiler and the libraries the program
# links); with no argument, everything the tests, fuzzing, benchmarks and the Python module need
# too.
packages=(
  g++ cmake ninja-build make pkg-config
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libsqlite3-dev  # sweep results files
)
if [ "${1:-all}" != "run" ]; then
  packages+=(
    libgtest-dev libgmock-dev libbenchmark-dev
    clang libclang-rt-14-dev  # the fuzz targets: clang++ and libFuzzer's runtime
    libopenmpi-dev openmpi-bin  # sweeps across machines (mpirun)
    pybind11-dev python3-dev python3-pandas python3-pytest  # the Python module and its tests
    chromium  # the report page's browser test (headless)
  )
fi
if ! command -v npm > /dev/null 2>&1; then
  packages+=(nodejs npm)  # web/: the charting library the report pages embed
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The charting library, exactly as web/package-lock.json pins it; again whenever the lockfile
# is newer than what is installed.
web_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/web"
if [ ! -d "$web_dir/node_modules" ] || [ "$web_dir/package-lock.json" -nt "$web_dir/node_modules" ]; then
  echo "install-deps: npm ci in $web_dir" >&2
  (cd "$web_dir" && npm ci --no-audit --no-fund)
  touch "$web_dir/node_modules"
fi

#!/usr/bin/env bash
# Runs the libFuzzer targets of build-fuzz/ (scenario_fuzzer, trace_fuzzer) one
# after the other, each for SECONDS_PER_TARGET seconds: `make fuzz` and the
# short pass of `make test` call it. Seeds come from the shipped scenarios,
# tests/data/good/ and tests/data/bad/, the small scenarios of fuzz/seeds/
# (which the scenario target also runs), and slices of data/traces/*.csv; the
# corpus each run grows is kept in build-fuzz/corpus/ for the next run. Each
# target runs in an empty directory with TMPDIR of its own (the harness writes
# every input there), a 10 s timeout per input and a 2 GiB memory limit, so an
# input naming a special file, a huge file or a directory is reported instead
# of hanging the run. Crashes are written to build-fuzz/artifacts/; the script
# fails when a target finds one.
#
# Usage: [FUZZ_SEED=N] fuzz/run-fuzzers.sh BUILD_DIR SECONDS_PER_TARGET
# FUZZ_SEED fixes libFuzzer's random seed, so that a pass replays the same
# sequence of inputs (as far as its time allows); unset, each run draws anew.
set -euo pipefail

build_dir=$(realpath "$1")
seconds=$2
source_dir=$(realpath "$(dirname "$0")/..")

seeds=$build_dir/seeds
rm -rf "$seeds"
mkdir -p "$seeds/scenario" "$seeds/trace" "$build_dir/artifacts"
for f in "$source_dir"/scenarios/*.toml "$source_dir"/tests/data/good/*.toml \
         "$source_dir"/tests/data/bad/*.toml "$source_dir"/fuzz/seeds/scenario/*.toml; do
  cp "$f" "$seeds/scenario/$(basename "$(dirname "$f")")-$(basename "$f")"
done
for f in "$source_dir"/data/traces/*.csv; do
  name=$(basename "$f" .csv)
  head -n 4 "$f" > "$seeds/trace/$name-head4.csv"
  head -n 40 "$f" > "$seeds/trace/$name-head40.csv"
  { head -n 1 "$f"; sed -n '1000,1010p' "$f"; } > "$seeds/trace/$name-middle.csv"
done

# Every input is written to a file and removed again: on tmpfs that costs tens of
# microseconds, on a disk-backed /tmp milliseconds.
scratch_root=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  scratch_root=/dev/shm
fi

status=0
for target in scenario trace; do
  corpus=$build_dir/corpus/$target
  work=$(mktemp -d "$scratch_root/kardashev-fuzz-run-XXXXXX")
  mkdir -p "$corpus" "$work/tmp"
  seed=()
  if [ -n "${FUZZ_SEED:-}" ]; then
    seed=(-seed="$FUZZ_SEED")
  fi
  dict=()
  if [ -f "$source_dir/fuzz/$target.dict" ]; then
    dict=(-dict="$source_dir/fuzz/$target.dict")
  fi
  echo "fuzz: ${target}_fuzzer for ${seconds} s" >&2
  if ! (cd "$work" && TMPDIR="$work/tmp" "$build_dir/${target}_fuzzer" \
          -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
          -max_len=32768 -print_final_stats=1 "${seed[@]}" "${dict[@]}" \
          -artifact_prefix="$build_dir/artifacts/$target-" \
          "$corpus" "$seeds/$target"); then
    echo "fuzz: ${target}_fuzzer found a crash: see $build_dir/artifacts/" >&2
    status=1
  fi
  rm -rf "$work"
done
exit $status

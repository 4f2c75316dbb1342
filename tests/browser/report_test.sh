#!/usr/bin/env bash
# End-to-end test of `kardashev run --report`: renders the report of a shipped
# scenario (by default scenarios/colossus1.toml over 60 days) in headless
# Chromium with no network and checks that every chart container drew marks
# (data-marks > 0), that there are at least MIN_CHARTS of them, that the
# console logged no error, and saves a screenshot as BUILD_DIR/report-NAME.png.
# Skipped (exit 77) where Chromium is not installed.
# Usage: report_test.sh KARDASHEV_BINARY SOURCE_DIR BUILD_DIR
#          [NAME MIN_CHARTS [RUN_ARGUMENTS...]]
set -euo pipefail

binary=$1
source_dir=$2
build_dir=$3
name=${4:-colossus1}
min_charts=${5:-10}
if [ $# -gt 5 ]; then
  run_args=("${@:6}")
else
  run_args=(--set scenario.horizon_days=60 --requests)
fi
shot="$build_dir/report-$name.png"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$binary" run "$source_dir/scenarios/$name.toml" "${run_args[@]}" \
  --report --quiet --out "$work/run"
page="$work/run/report.html"

# `kardashev report` of the run directory draws the same page from its files.
"$binary" report "$work/run" -o "$work/again.html" > /dev/null
if ! cmp -s "$page" "$work/again.html"; then
  echo "FAIL: kardashev report DIR differs from run --report"
  exit 1
fi
status=0
"$binary" report "$work/nothing-here" -o "$work/none.html" 2> /dev/null || status=$?
if [ "$status" -ne 2 ]; then
  echo "FAIL: kardashev report of a directory without results exited $status, not 2"
  exit 1
fi

chromium_bin=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" > /dev/null 2>&1; then
    chromium_bin=$(command -v "$c")
    break
  fi
done
if [ -z "$chromium_bin" ]; then
  echo "SKIP: Chromium is not installed (scripts/install-deps.sh installs Debian's chromium)"
  exit 77
fi

# No external references: the page must open offline.
if grep -Eiq '(src|href)[[:space:]]*=[[:space:]]*"?(https?:)?//' "$page"; then
  echo "FAIL: the page references an external URL"
  exit 1
fi

# --proxy-server to a closed port: any request for the network fails.
flags=(--headless --no-sandbox --disable-gpu --proxy-server=127.0.0.1:9
  --no-first-run --virtual-time-budget=10000 --window-size=1400,4000)

timeout 120 "$chromium_bin" "${flags[@]}" --dump-dom "file://$page" \
  > "$work/dom.html" 2> "$work/dom.err"
timeout 120 "$chromium_bin" "${flags[@]}" --enable-logging=stderr --v=0 \
  --screenshot="$shot" "file://$page" \
  > "$work/shot.out" 2> "$work/console.log" || true

charts=$(grep -o 'class="chart"' "$page" | wc -l)
if [ "$charts" -lt "$min_charts" ]; then
  echo "FAIL: only $charts chart containers in the page"
  exit 1
fi
# Every container of the drawn page: its data-marks attribute.
python3 - "$work/dom.html" "$charts" << 'PY'
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
expected = int(sys.argv[2])
tags = re.findall(r'<div[^>]*class="chart"[^>]*>', dom)
bad = []
for tag in tags:
    chart = re.search(r'id="([^"]*)"', tag).group(1)
    marks = re.search(r'data-marks="(\d+)"', tag)
    if marks is None or int(marks.group(1)) <= 0:
        bad.append(chart)
if len(tags) != expected:
    sys.exit(f"FAIL: {len(tags)} chart containers drawn, {expected} in the page")
if bad:
    sys.exit("FAIL: charts without marks: " + ", ".join(bad))
print(f"{len(tags)} charts drawn, each with marks")
PY

# Chromium logs each console message as `INFO:CONSOLE(line)] "text"` without
# its level, so any message of the page fails the test: the page logs only
# errors (a chart it could not draw) and uncaught exceptions log too.
if grep -q ':CONSOLE' "$work/console.log"; then
  echo "FAIL: the console logged:"
  grep ':CONSOLE' "$work/console.log"
  exit 1
fi
if [ ! -s "$shot" ]; then
  echo "FAIL: no screenshot at $shot"
  exit 1
fi
echo "screenshot: $shot"

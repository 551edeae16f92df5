#!/usr/bin/env bash
# Cooking benchmark: generates synthetic recordings of four speakers (real Opus packets, thousands of gaps) of one
# and six hours, cooks them into the Opus mix and a FLAC zip, and prints the speed (multiple of real time) and the
# peak memory (the process's peak working set, and the maximum resident set size from /usr/bin/time -v).
# Usage: bench/cook-bench.sh [work folder]   (needs ffmpeg or flac for the FLAC zip; about 2 GB of free disk)
# BenchmarkDotNet (one minute, allocations): bench/Pandora.Benchmarks/bin/Release/net10.0/Pandora.Benchmarks bdn \
#   --job short --inProcess --filter "*"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/pandora-bench.XXXXXX)}
mkdir -p "$work"
dotnet build "$root/bench/Pandora.Benchmarks/Pandora.Benchmarks.csproj" -c Release -nologo -v q | tail -n 2
bench="$root/bench/Pandora.Benchmarks/bin/Release/net10.0/Pandora.Benchmarks"

run() { # hours format container
  local id="h$1" out="$work/h$1-$2-$3.out"
  rm -f "$out"
  /usr/bin/time -f "  max RSS %M KiB, %U s user CPU, %e s wall" "$bench" cook "$work/$id" "$id" "$2" "$3" "$out"
  rm -f "$out"
}

for hours in 1 6; do
  [ -e "$work/h$hours/h$hours.ogg.info" ] || "$bench" generate "$work/h$hours" "h$hours" "$hours" 4
  run "$hours" opus mix
  run "$hours" flac zip
done
echo "recordings left in $work"

#!/usr/bin/env bash
# Runs the whole test suite the way CI does: installs what the tests need (Debian packages, on 127.0.0.1 only
# where a service is involved), builds, runs every test project, and ends with the line "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v opusinfo >/dev/null 2>&1 || need+=(opus-tools)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
[ -e /usr/lib/x86_64-linux-gnu/libopus.so ] || ls /usr/lib/*/libopus.so >/dev/null 2>&1 || need+=(libopus-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >/dev/null && \
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null || \
    echo "test.sh: could not install ${need[*]}; tests that need them will fail and say so"
fi

# The DAVE interoperability tests drive @snazzah/davey (npm, pinned by its lock file) through a Node harness; when it
# cannot be installed those tests fail and say so.
harness="$root/Pandora.Tests/Dave/harness"
if command -v npm >/dev/null 2>&1; then
  npm ci --prefix "$harness" --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || \
    echo "test.sh: npm ci in $harness failed; the davey interoperability tests will fail"
else
  echo "test.sh: node/npm not found; the davey interoperability tests will fail"
fi

results="$root/.tmp/test-results"
rm -rf "$results"
mkdir -p "$results"
dotnet build Pandora.sln -c Release -nologo -v q 2>&1 | tail -n 5
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Pandora.Tests/Pandora.Tests.csproj -c Release --no-build -nologo \
  --logger "trx;LogFileName=pandora.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" 2>&1 | grep -vE '^\s*$' | tail -n 60
status=${PIPESTATUS[0]}

trx=$(ls "$results"/*.trx 2>/dev/null | head -n 1)
if [ -z "$trx" ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(value passed); failed=$(value failed); total=$(value total); executed=$(value executed)
skipped=$(( total - executed ))
failed=$(( failed + $(value error) + $(value timeout) + $(value aborted) ))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

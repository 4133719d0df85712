#!/usr/bin/env bash
# Coverage-guided fuzzing of one or more targets with AFL++ through SharpFuzz (Linux, root for apt-get).
#   bench/O2O.Bench.Fuzz/afl.sh [seconds-per-target] [target ...]     e.g.  afl.sh 600 protocol tokens
# Publishes the fuzz program, instruments the assemblies under test with the sharpfuzz tool, then runs afl-fuzz on
# each target for the given time. Crashing inputs land in bench/results/afl/<target>/default/crashes; each one
# becomes a regression test (see bench/README.md). Without arguments: 300 s on every target.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(protocol protocol-roundtrip console tokens qr scenario)

command -v afl-fuzz >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null; }
tools=$(mktemp -d)
dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine >/dev/null

out=$(mktemp -d)
dotnet publish bench/O2O.Bench.Fuzz -c Release -o "$out" -nologo -v quiet
# Seeds first: instrumented code writes to AFL's shared memory and only runs under afl-fuzz.
dotnet "$out/O2O.Bench.Fuzz.dll" --write-seeds "$out/seeds"
# Only the assemblies under test get AFL's edge counters; the harness and the runtime stay as they are.
# (O2O.Simulator's assembly is o2o-sim.)
for assembly in O2O.Protocol O2O.Firmware.Core O2O.Qr O2O.CloudContract o2o-sim; do
  "$tools/sharpfuzz" "$out/$assembly.dll"
done
# dotnet is not an AFL binary (SharpFuzz speaks AFL's fork-server protocol itself); cores and CPU scaling are not
# ours to change on a shared machine.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
for target in "${targets[@]}"; do
  findings="bench/results/afl/$target"
  rm -rf "$findings"
  mkdir -p "$findings"
  echo "== afl-fuzz $target for $seconds s"
  afl-fuzz -V "$seconds" -t 5000 -m none -i "$out/seeds/$target" -o "$findings" -- dotnet "$out/O2O.Bench.Fuzz.dll" --afl "$target" > "$findings/afl.log" 2>&1 || true
  stats="$findings/default/fuzzer_stats"
  if [ -f "$stats" ]; then
    grep -E '^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|edges_found|total_edges)' "$stats" | tr -s ' ' | sed "s/^/  $target: /"
  else
    echo "  $target: afl-fuzz did not start; see $findings/afl.log"; tail -5 "$findings/afl.log"
  fi
done
rm -rf "$out" "$tools"

#!/usr/bin/env bash
# Start time of `caplab cluster` for two builds, alternated, for judging start-up work on a busy machine:
#
#   src/bench/start-compare.sh OLD.jar NEW.jar            # 3 rounds, both modes
#   ROUNDS=5 MODES=decentralized src/bench/start-compare.sh /tmp/old/caplab.jar target/caplab.jar
#
# One line per start: build, mode, the `ready:` line's milliseconds, the CPU the three nodes and the supervisor
# had used when it appeared (steadier than the wall time when other work shares the cores), load average.
# Each jar should sit in a directory of its own: its AppCDS archive (caplab-node.jsa beside it) serves only the
# jar at the path it was trained at, and the first start of a jar without one trains it (not counted here:
# run each jar's first start before comparing, or `java -cp JAR dev.caplab.cluster.JavaCommand`).
# Ports 31100-31102 and 31110-31112. Not part of `mvn verify`.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OLD=${1:?usage: start-compare.sh OLD.jar NEW.jar}
NEW=${2:?usage: start-compare.sh OLD.jar NEW.jar}
ROUNDS=${ROUNDS:-3}
MODES=${MODES:-decentralized centralized}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/start-compare.XXXXXX")
CLUSTER=
trap '[[ -n $CLUSTER ]] && kill -TERM "$CLUSTER" 2>/dev/null; wait; rm -rf "$WORK"' EXIT

# CPU milliseconds (user + sys) of the given processes.
cpu_ms() {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo $((total * 1000 / $(getconf CLK_TCK)))
}

run() {
  local label=$1 jar=$2 mode=$3 base ready nodes
  base=$([[ $mode == centralized ]] && echo 3111 || echo 3110)
  sed -E "s/port: 3277([0-9])/port: ${base}\1/" "$ROOT/configs/$mode.yaml" >"$WORK/$mode.yaml"
  rm -rf "$WORK/data"
  java -jar "$jar" cluster --config "$WORK/$mode.yaml" --data "$WORK/data" >"$WORK/out" 2>"$WORK/err" &
  CLUSTER=$!
  for _ in $(seq 1 6000); do
    grep -q '^ready: ' "$WORK/out" 2>/dev/null && break
    kill -0 "$CLUSTER" 2>/dev/null || break
    sleep 0.01
  done
  nodes=$(pgrep -P "$CLUSTER" | tr '\n' ' ')
  ready=$(sed -n 's/^ready: .* serving in \([0-9]*\) ms.*/\1/p' "$WORK/out")
  printf '%-4s %-13s ready %6s ms  nodes %5s ms CPU  supervisor %5s ms CPU  load %s\n' "$label" "$mode" \
    "${ready:-?}" "$(cpu_ms $nodes)" "$(cpu_ms "$CLUSTER")" "$(cut -d' ' -f1 /proc/loadavg)"
  kill -TERM "$CLUSTER" 2>/dev/null
  wait "$CLUSTER" 2>/dev/null
  CLUSTER=
}

for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    if ((round % 2)); then
      run old "$OLD" "$mode"; run new "$NEW" "$mode"
    else
      run new "$NEW" "$mode"; run old "$OLD" "$mode"
    fi
  done
done

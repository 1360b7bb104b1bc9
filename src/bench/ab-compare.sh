#!/usr/bin/env bash
# Two builds of CAP Lab side by side, interleaved, for judging a change on a machine that other work
# keeps busy: absolute ops/s then move a lot from minute to minute, so each build runs in turn, several
# rounds, and besides ops/s and p50 the script prints the nodes' own CPU time per put (user + sys of the
# three node processes over the run, divided by the puts), which load from other processes barely moves.
#
#   src/bench/ab-compare.sh OLD.jar NEW.jar                 # 3 rounds, both modes, puts at 16 and 64 in flight
#   ROUNDS=5 DURATION=10 MODES=centralized src/bench/ab-compare.sh /tmp/caplab-old.jar target/caplab.jar
#
# One line per run: build, mode, in flight, ops/s, p50, errors, CPU ms per put, start-to-ready ms (and the
# CPU the three nodes used to get there, steadier than the wall time), load average. The bench client is always the first jar, so only the nodes differ. Ports 17770-17772 and
# 17870-17872. Not part of `mvn verify`.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OLD=${1:?usage: ab-compare.sh OLD.jar NEW.jar}
NEW=${2:?usage: ab-compare.sh OLD.jar NEW.jar}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-8}
MODES=${MODES:-centralized decentralized}
CONCURRENCY=${CONCURRENCY:-16 64}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ab-compare.XXXXXX")
CLUSTER=
trap '[[ -n $CLUSTER ]] && kill -TERM "$CLUSTER" 2>/dev/null; wait; rm -rf "$WORK"' EXIT

# CPU ticks (user + sys) of the given processes.
ticks() {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

run() {
  local label=$1 jar=$2 mode=$3 base ready nodes c t0 t1 out n ops p50 errors
  base=$([[ $mode == centralized ]] && echo 1777 || echo 1787)
  sed -E "s/port: 3277([0-9])/port: ${base}\1/" "$ROOT/configs/$mode.yaml" >"$WORK/$mode.yaml"
  rm -rf "$WORK/data"
  java -jar "$jar" cluster --config "$WORK/$mode.yaml" --data "$WORK/data" >"$WORK/cluster.out" 2>"$WORK/cluster.err" &
  CLUSTER=$!
  for _ in $(seq 1 1200); do
    grep -q '^ready: ' "$WORK/cluster.out" && break
    sleep 0.1
  done
  ready=$(sed -n 's/^ready: .* serving in \([0-9]*\) ms.*/\1/p' "$WORK/cluster.out")
  nodes=$(pgrep -P "$CLUSTER" | tr '\n' ' ')
  start_cpu=$(($(ticks $nodes) * 1000 / $(getconf CLK_TCK)))
  for c in $CONCURRENCY; do
    # warm-up run first, so the measured one starts with compiled code and loaded keys
    java -jar "$OLD" bench --config "$WORK/$mode.yaml" --concurrency "$c" --duration 2 --warmup 1 --read-ratio 0 \
      >/dev/null 2>&1
    t0=$(ticks $nodes)
    out=$(java -jar "$OLD" bench --config "$WORK/$mode.yaml" --concurrency "$c" --duration "$DURATION" --warmup 0 \
      --read-ratio 0 --keys 1000 --value-size 100 2>&1)
    t1=$(ticks $nodes)
    read -r n ops p50 errors <<<"$(sed -n 's/^put: \([0-9]*\) ops, \([0-9.]*\) ops\/s, p50 \([0-9.]*\) ms,.* errors \([0-9]*\)$/\1 \2 \3 \4/p' <<<"$out")"
    # the bench writes its 1,000 keys once before measuring: they count as puts here
    awk -v label="$label" -v mode="$mode" -v c="$c" -v ops="${ops:-0}" -v p50="${p50:-0}" -v errors="${errors:-?}" \
      -v n="${n:-0}" -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v ready="${ready:-?}" -v start_cpu="$start_cpu" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN { cpu = n > 0 ? t * 1000 / hz / (n + 1000) : 0
        printf "%-4s %-13s %3d in flight  %7.0f ops/s  p50 %6.2f ms  errors %s  cpu %.3f ms/put  ready %s ms (nodes used %s ms CPU)  load %s\n", label, mode, c, ops, p50, errors, cpu, ready, start_cpu, load }'
  done
  kill -TERM "$CLUSTER" 2>/dev/null
  wait "$CLUSTER" 2>/dev/null
  CLUSTER=
}

for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    # alternate which build goes first, so neither always gets the quieter half of the round
    if ((round % 2)); then
      run old "$OLD" "$mode"; run new "$NEW" "$mode"
    else
      run new "$NEW" "$mode"; run old "$OLD" "$mode"
    fi
  done
done

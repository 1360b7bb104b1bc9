#!/usr/bin/env bash
# CAP Lab next to etcd, measured in one run: a 3-member etcd 3.4 (fsync on, its default) and each CAP Lab
# mode, one at a time on loopback, all driven by `caplab bench` with the same flags. Prints one Markdown
# table with the ratios CAP Lab/etcd, the machine and the date. Absolute figures move +-30 % between runs
# and machines, so only ratios from one run on a quiet machine mean anything.
#
#   src/bench/etcd-compare.sh              # 20 s per workload after 2 s warm-up, each system first
#                                          # settled by 15 s of load (SETTLE), about 7 minutes
#   DURATION=3 src/bench/etcd-compare.sh   # a smoke run: checks the plumbing, not the figures
#   SYSTEMS="etcd centralized" COMMIT_PROTOCOL=parallel src/bench/etcd-compare.sh   # 2PC with parallel commits
#
# Needs Java 17 and Maven (to build target/caplab.jar if it is missing or lacks `bench --cpu-of`) and apt-get
# (to install etcd if it is missing). Not part of `mvn verify`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-2}
# Unrecorded load each system gets once after it starts, before its first workload: a JVM compiles its
# hot paths only after they ran a while (at 1 in flight a fresh cluster needs about 20 s of it to reach
# its steady rate: 165, 271, 318, 415 puts/s in four 6 s windows). Same for every system.
SETTLE=${SETTLE:-15}
KEYS=1000
VALUE_SIZE=100
JAR=$ROOT/target/caplab.jar
# Not 2379/2380: installing etcd-server on a machine with systemd starts the distribution's own etcd there.
ETCD_CLIENT_PORTS=(12379 22379 32379)
ETCD_PEER_PORTS=(12380 22380 32380)
ETCD_ENDPOINTS=127.0.0.1:12379,127.0.0.1:22379,127.0.0.1:32379
# Temp copies of the bundled configs move off 32770-32772, which sit in Linux's ephemeral port range.
declare -A CAPLAB_PORT_BASE=([centralized]=3577 [decentralized]=3677)
read -r -a SYSTEMS <<<"${SYSTEMS:-etcd centralized decentralized}"
# name concurrency read-ratio
WORKLOADS=("put 1 0" "put 16 0" "put 64 0" "get 16 1")
# The load generator shares the two cores with the systems it measures, so it runs as light as the
# nodes do: with the JVM's defaults (C2 compiling, G1) it used about 0.8 ms of CPU per request, half
# the machine at 16 in flight; with these about 0.4. The same for every system.
read -r -a BENCH_JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/etcd-compare.XXXXXX")
PIDS=()

log() {
  echo "etcd-compare: $*" >&2
}

# Stops one process this script started: TERM, then KILL after 20 s.
stop_pid() {
  local pid=$1 waited=0 kept=() p
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < 200)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do
    [[ $p == "$pid" ]] || kept+=("$p")
  done
  PIDS=("${kept[@]}")
}

stop_all() {
  while ((${#PIDS[@]} > 0)); do
    stop_pid "${PIDS[0]}"
  done
}

cleanup() {
  stop_all
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

ensure_etcd() {
  if command -v etcd >/dev/null && command -v etcdctl >/dev/null; then
    return
  fi
  log "installing etcd from apt"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get install -y etcd-server etcd-client >"$WORK/apt.log" 2>&1 \
    || { "${sudo[@]}" apt-get update >>"$WORK/apt.log" 2>&1 \
      && "${sudo[@]}" apt-get install -y etcd-server etcd-client >>"$WORK/apt.log" 2>&1; } \
    || { cat "$WORK/apt.log" >&2; log "could not install etcd"; exit 1; }
}

ensure_jar() {
  if [[ -f $JAR ]] && java -jar "$JAR" bench --help 2>/dev/null | grep -q -- --cpu-of; then
    return
  fi
  log "building $JAR"
  (cd "$ROOT" && mvn -B -q package -DskipTests)
}

check_ports_free() {
  local port
  for port in "${ETCD_CLIENT_PORTS[@]}" "${ETCD_PEER_PORTS[@]}" 3577{0..2} 3677{0..2}; do
    if port_taken "$port"; then
      log "port $port on 127.0.0.1 is in use; stop whatever listens there and run again"
      exit 1
    fi
  done
}

start_etcd() {
  local i cluster=""
  for i in 0 1 2; do
    cluster+="${cluster:+,}m$i=http://127.0.0.1:${ETCD_PEER_PORTS[$i]}"
  done
  for i in 0 1 2; do
    etcd --name "m$i" --data-dir "$WORK/etcd/m$i" \
      --listen-client-urls "http://127.0.0.1:${ETCD_CLIENT_PORTS[$i]}" \
      --advertise-client-urls "http://127.0.0.1:${ETCD_CLIENT_PORTS[$i]}" \
      --listen-peer-urls "http://127.0.0.1:${ETCD_PEER_PORTS[$i]}" \
      --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PEER_PORTS[$i]}" \
      --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token "etcd-compare-$$" \
      >"$WORK/etcd-m$i.log" 2>&1 &
    PIDS+=($!)
  done
  local tries=0
  until ETCDCTL_API=3 etcdctl --endpoints="$ETCD_ENDPOINTS" --command-timeout=2s endpoint health \
    >/dev/null 2>&1; do
    tries=$((tries + 1))
    if ((tries > 60)); then
      tail -n 5 "$WORK"/etcd-m*.log >&2
      log "etcd did not become healthy"
      exit 1
    fi
    sleep 0.5
  done
}

# Starts `caplab cluster` for a temp copy of configs/<mode>.yaml; sets READY to its start-to-ready ms.
# (Globals rather than output: a command substitution would run it in a subshell and lose PIDS.)
start_caplab() {
  local mode=$1 out
  sed -E "s/port: 3277([0-9])/port: ${CAPLAB_PORT_BASE[$mode]}\1/" "$ROOT/configs/$mode.yaml" >"$WORK/$mode.yaml"
  if [[ $mode == centralized && -n ${COMMIT_PROTOCOL:-} ]]; then
    echo "commit_protocol: $COMMIT_PROTOCOL" >>"$WORK/$mode.yaml"
  fi
  rm -rf "$WORK/data-$mode"
  out=$WORK/cluster-$mode.out
  : >"$out"
  java -jar "$JAR" cluster --config "$WORK/$mode.yaml" --data "$WORK/data-$mode" >"$out" 2>"$WORK/cluster-$mode.err" &
  local pid=$!
  PIDS+=("$pid")
  local tries=0
  until grep -q '^ready: ' "$out"; do
    tries=$((tries + 1))
    if ! kill -0 "$pid" 2>/dev/null || ((tries > 1200)); then
      cat "$WORK/cluster-$mode.err" >&2
      log "caplab cluster ($mode) did not become ready"
      exit 1
    fi
    sleep 0.1
  done
  READY=$(sed -n 's/^ready: .* serving in \([0-9]*\) ms.*/\1/p' "$out")
}

# The processes of the system under test: what this script started and their descendants (the nodes
# `caplab cluster` runs), comma-separated.
server_pids() {
  local level=("${PIDS[@]}") all=() next p
  while ((${#level[@]} > 0)); do
    all+=("${level[@]}")
    next=()
    for p in "${level[@]}"; do
      mapfile -t -O "${#next[@]}" next < <(pgrep -P "$p" || true)
    done
    level=("${next[@]}")
  done
  local IFS=,
  echo "${all[*]}"
}

# Runs one workload; sets RESULT to "ops_per_s p50_ms errors" and CPU_USE to "generator_ms servers_ms busy_%".
bench() {
  local system=$1 op=$2 concurrency=$3 read_ratio=$4 target out rc=0
  if [[ $system == etcd ]]; then
    target=(--etcd "$ETCD_ENDPOINTS")
  else
    target=(--config "$WORK/$system.yaml")
  fi
  out=$WORK/bench-$system-$op-$concurrency.out
  java "${BENCH_JAVA_OPTS[@]}" -jar "$JAR" bench "${target[@]}" --concurrency "$concurrency" --duration "$DURATION" --warmup "$WARMUP" \
    --read-ratio "$read_ratio" --keys "$KEYS" --value-size "$VALUE_SIZE" --cpu-of "$(server_pids)" >"$out" 2>&1 || rc=$?
  if ((rc != 0)) && ! grep -q "^$op: " "$out"; then
    cat "$out" >&2
    log "bench on $system failed (exit $rc)"
    exit 1
  fi
  grep -m1 '^first error' "$out" | sed "s/^/etcd-compare: $system $op x$concurrency: /" >&2 || true
  RESULT=$(sed -n "s/^$op: [0-9]* ops, \([0-9.]*\) ops\/s, p50 \([0-9.]*\) ms,.* errors \([0-9]*\)$/\1 \2 \3/p" "$out")
  if [[ -z $RESULT ]]; then
    cat "$out" >&2
    log "no '$op:' line in the bench output"
    exit 1
  fi
  CPU_USE=$(sed -n 's/^cpu: generator \([0-9.]*\) ms\/op, servers \([0-9.]*\) ms\/op, machine busy \([0-9]*\) %.*/\1 \2 \3/p' "$out")
}

settle() {
  local target
  if [[ $1 == etcd ]]; then
    target=(--etcd "$ETCD_ENDPOINTS")
  else
    target=(--config "$WORK/$1.yaml")
  fi
  java "${BENCH_JAVA_OPTS[@]}" -jar "$JAR" bench "${target[@]}" --concurrency 16 --duration "$SETTLE" --warmup 0 \
    --read-ratio 0.5 --keys "$KEYS" --value-size "$VALUE_SIZE" >"$WORK/settle-$1.out" 2>&1 \
    || { cat "$WORK/settle-$1.out" >&2; log "settling load on $1 failed"; exit 1; }
}

ensure_etcd
ensure_jar
check_ports_free

declare -A OPS P50 ERRORS READY_MS CPU
READY=
RESULT=
CPU_USE=
FIRST_START_MS=
for system in "${SYSTEMS[@]}"; do
  if [[ $system == etcd ]]; then
    log "starting a 3-member etcd on $ETCD_ENDPOINTS"
    start_etcd
  else
    if [[ -z $FIRST_START_MS && ! $ROOT/target/caplab-node.jsa -nt $JAR ]]; then
      # The first start after a build also trains the AppCDS archive (missing or older than the jar, as
      # JavaCommand decides): report it apart, then start again.
      log "first start after a build (trains AppCDS)"
      start_caplab "$system"
      FIRST_START_MS=$READY
      stop_all
    fi
    log "starting caplab cluster ($system)"
    start_caplab "$system"
    READY_MS[$system]=$READY
  fi
  if ((SETTLE > 0)); then
    log "$system: settling, ${SETTLE} s of puts and gets at 16 in flight (not recorded)"
    settle "$system"
  fi
  for workload in "${WORKLOADS[@]}"; do
    read -r op concurrency read_ratio <<<"$workload"
    log "$system: $op, $concurrency in flight, ${DURATION} s"
    bench "$system" "$op" "$concurrency" "$read_ratio"
    read -r ops p50 errors <<<"$RESULT"
    OPS[$system/$workload]=$ops
    CPU[$system/$workload]=$CPU_USE
    P50[$system/$workload]=$p50
    ERRORS[$system/$workload]=$errors
  done
  stop_all
done

cell() {
  local key=$1
  [[ -n ${OPS[$key]:-} ]] || return 0 # a system SYSTEMS left out
  awk -v ops="${OPS[$key]}" -v p50="${P50[$key]}" -v errors="${ERRORS[$key]}" 'BEGIN {
    printf "%d/s, p50 %.2f ms", ops + 0.5, p50
    if (errors > 0) printf " (%d errors)", errors
  }'
}

ratio() {
  [[ -n ${OPS[$1]:-} && -n ${OPS[$2]:-} ]] || return 0
  awk -v ops="${OPS[$1]}" -v base="${OPS[$2]}" -v p50="${P50[$1]}" -v base50="${P50[$2]}" 'BEGIN {
    if (base > 0) printf "%.2fx", ops / base; else printf "n/a"
    if (base50 > 0) printf " (p50 %.2fx)", p50 / base50
  }'
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo
echo "CAP Lab vs etcd, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs (${cpu:-unknown CPU}), load average at" \
  "the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(etcd --version | head -n 1), $(java -version 2>&1 | head -n 1); closed loop, $KEYS keys," \
  "$VALUE_SIZE-byte values, $DURATION s after $WARMUP s warm-up per workload (each system settled by $SETTLE s of" \
  "load first), fsync on everywhere"
echo
echo "| workload | etcd 3 nodes | CAP Lab centralized | CAP Lab decentralized | centralized/etcd | decentralized/etcd |"
echo "|---|---|---|---|---|---|"
for workload in "${WORKLOADS[@]}"; do
  read -r op concurrency _ <<<"$workload"
  echo "| $op, $concurrency in flight | $(cell "etcd/$workload") | $(cell "centralized/$workload")" \
    "| $(cell "decentralized/$workload") | $(ratio "centralized/$workload" "etcd/$workload")" \
    "| $(ratio "decentralized/$workload" "etcd/$workload") |"
done
echo "| caplab cluster start to ready, 3 nodes | | ${READY_MS[centralized]:+${READY_MS[centralized]} ms} |" \
  "${READY_MS[decentralized]:+${READY_MS[decentralized]} ms} | | |"
if [[ -n $FIRST_START_MS ]]; then
  echo
  echo "First start after a build (centralized, trains the AppCDS archive): $FIRST_START_MS ms."
fi

# Where the CPU went: the load generator shares the cores with the system it drives, so a rate is
# bounded by how many CPU-milliseconds one operation costs them together.
cpu_cell() {
  [[ -n ${CPU[$1]:-} ]] || return 0
  read -r gen srv busy <<<"${CPU[$1]}"
  echo "$gen + $srv ms, busy $busy %"
}
echo
echo "CPU per operation in the measured window, load generator + servers (ms), and how busy the $(nproc) CPUs were:"
echo
echo "| workload | etcd | CAP Lab centralized | CAP Lab decentralized |"
echo "|---|---|---|---|"
for workload in "${WORKLOADS[@]}"; do
  read -r op concurrency _ <<<"$workload"
  echo "| $op, $concurrency in flight | $(cpu_cell "etcd/$workload") | $(cpu_cell "centralized/$workload")" \
    "| $(cpu_cell "decentralized/$workload") |"
done
for workload in "put 16 0" "put 64 0"; do
  [[ -n ${OPS[etcd/$workload]:-} && -n ${CPU[etcd/$workload]:-} ]] || continue
  read -r op concurrency _ <<<"$workload"
  read -r gen _ _ <<<"${CPU[etcd/$workload]}"
  awk -v n="$(nproc)" -v ops="${OPS[etcd/$workload]}" -v gen="$gen" -v c="$concurrency" 'BEGIN {
    printf "At twice etcd'"'"'s %d puts/s (%d in flight) the %d CPUs give %.3f ms per put to generator and servers together;", ops + 0.5, c, n, 1000 * n / (2 * ops)
    printf " the generator alone used %.3f ms per put on etcd.\n", gen
  }'
done


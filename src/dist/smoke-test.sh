#!/usr/bin/env bash
# Proves the app image works on a machine without a JDK: its caplab launcher runs with an empty PATH and no
# JAVA_HOME, prints its version, starts a three-node cluster (ports 18101-18103) to "ready", puts and gets a
# key through it, and stops it with no node process left. Build the image first: mvn -B -Pdist package.
set -euo pipefail
cd "$(dirname "$0")/../.."
caplab="$PWD/target/dist/CAP Lab/bin/caplab"
[[ -x $caplab ]] || { echo "no app image at $caplab: run mvn -B -Pdist package first"; exit 1; }
tmp=$(mktemp -d)
pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
nojdk() { env -i HOME="$tmp" PATH=/nonexistent "$@"; }
millis() { date +%s%3N; }
# The pids of processes started with this run's config (from /proc: a bare CI machine may have no pgrep).
nodes_left() {
  local f
  for f in /proc/[0-9]*/cmdline; do
    tr '\0' ' ' 2>/dev/null <"$f" | grep -F -- "$tmp/cluster.yaml" >/dev/null && basename "$(dirname "$f")"
  done | tr '\n' ' '
}
passed=0
check() { echo "ok: $1"; passed=$((passed + 1)); }

t=$(millis)
version=$(nojdk "$caplab" --version)
[[ $version == "caplab "* ]] || { echo "--version printed: $version"; exit 1; }
check "--version says '$version' ($(($(millis) - t)) ms)"

cat > "$tmp/cluster.yaml" <<YAML
master: {ip: 127.0.0.1, port: 18101}
slaves:
  - {id: slave_1, ip: 127.0.0.1, port: 18102}
  - {id: slave_2, ip: 127.0.0.1, port: 18103}
YAML
t=$(millis)
# env execs the launcher, so $! is the launcher itself (a function here would put a subshell in between)
env -i HOME="$tmp" PATH=/nonexistent "$caplab" cluster --config "$tmp/cluster.yaml" --data "$tmp/data" \
  >"$tmp/out" 2>"$tmp/err" &
pid=$!
# Three JVMs starting at once on a busy 2-core machine took up to 57 s: allow READY_SECONDS (default 120).
ready_seconds=${READY_SECONDS:-120}
for _ in $(seq 1 $((ready_seconds * 5))); do
  grep -q '^ready' "$tmp/out" && break
  kill -0 "$pid" 2>/dev/null || { echo "cluster exited:"; cat "$tmp/err"; exit 1; }
  sleep 0.2
done
grep -q '^ready' "$tmp/out" || { echo "cluster not ready in $ready_seconds s:"; cat "$tmp/err"; exit 1; }
check "cluster: $(grep '^ready' "$tmp/out") (launcher to ready: $(($(millis) - t)) ms)"

[[ $(nojdk "$caplab" put greeting hello --config "$tmp/cluster.yaml") == ok ]]
[[ $(nojdk "$caplab" get greeting --config "$tmp/cluster.yaml") == hello ]]
check "put then get through the image's launcher"

kill -TERM "$pid"
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$pid" 2>/dev/null || { echo "cluster still running 10 s after SIGTERM"; exit 1; }
pid=
for _ in $(seq 1 300); do [[ -z $(nodes_left) ]] && break; sleep 0.1; done
if [[ -n $(nodes_left) ]]; then
  echo "node processes outlived the cluster by 30 s: pids $(nodes_left)"; exit 1
fi
check "stopped, no node process left"
echo "app image: $passed passed, 0 failed"

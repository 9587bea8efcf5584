#!/usr/bin/env bash
#
# TFTP throughput of this server against tftpd-hpa and atftpd, side by side on loopback.
#
#   bench/tftp/run.sh [--peers-only] [--deploy BUNDLE.jar]... [DISTRIBUTION]
#
# DISTRIBUTION is the built server (default: karaf-distro/target/assembly under the repository). It
# is copied to a temporary folder and started there with bin/start, listening on 127.0.0.1:16969
# only, with the DHCP responder disabled so that nothing answers on the network; the copy is
# stopped with bin/stop and deleted afterwards. --peers-only measures tftpd-hpa (127.0.0.1:16970) and
# atftpd (127.0.0.1:16971) alone. --deploy drops extra bundles into the copy's deploy/ folder.
#
# Every server is first kept busy for WARMUP_SECONDS (default 30) with downloads that are not counted
# (the server's Java code is compiled while it runs). Then each client setting downloads a SIZE_MIB
# file (default 100) WARMUP times (default 1, not counted) and RUNS times (default 3) from every
# server in turn; every download is checked against the file's SHA-256 and the median rate is
# reported, with the client's CPU time (user + system) as a share of the wall time: near 100 % the
# client, not the server, sets the pace. The clients are curl, atftp and fastget (fastget.c next to
# this script, a lean client of this project, compiled with gcc into the temporary folder); fastget-poll
# is fastget -p, which polls its socket the way firmware polls its network card. Peers that
# are missing are installed: curl, atftp and gcc with apt-get, the tftpd-hpa and atftpd servers
# unpacked from their packages into a cache folder, so that no system TFTP service is installed or
# started. Everything this script starts is stopped by PID when it exits.
#
set -euo pipefail

RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
SIZE_MIB=${SIZE_MIB:-100}
PORT_THIS=16969
PORT_HPA=16970
PORT_ATFTPD=16971
CACHE=${KARAFPXE_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/karafpxe-bench}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

PEERS_ONLY=0
DEPLOY=()
DISTRIBUTION=
while [ $# -gt 0 ]; do
  case $1 in
    --peers-only) PEERS_ONLY=1 ;;
    --deploy) DEPLOY+=("$(realpath "$2")"); shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) DISTRIBUTION=$1 ;;
  esac
  shift
done
DISTRIBUTION=${DISTRIBUTION:-$REPO/karaf-distro/target/assembly}

log() { echo "[bench] $*" >&2; }

WORK=$(mktemp -d /tmp/karafpxe-tftp-bench.XXXXXX)
PIDS=()
KARAF_HOME=
CLIENT_PID=

stop_pid() { # pid: its children first (tftpd-hpa forks one per transfer), then it: TERM, 10 s, KILL
  local pid=$1 child children=
  kill -0 "$pid" 2>/dev/null || return 0
  if command -v pgrep >/dev/null; then children=$(pgrep -P "$pid" || true); fi
  for child in $children; do stop_pid "$child"; done
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

stop_karaf() {
  [ -n "$KARAF_HOME" ] || return 0
  local pid
  pid=$(cat "$KARAF_HOME/karaf.pid" 2>/dev/null || true)
  "$KARAF_HOME/bin/stop" >/dev/null 2>&1 || true
  if [ -n "$pid" ]; then
    for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "Karaf (PID $pid) did not stop within 60 s; killing it"
      stop_pid "$pid"
    fi
  fi
  KARAF_HOME=
}

cleanup() {
  local pid
  if [ -n "$CLIENT_PID" ]; then stop_pid "$CLIENT_PID"; fi
  stop_karaf
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; exit 1; fi
}

APT_UPDATED=0
apt_install() {
  if [ $APT_UPDATED = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# A server binary from its package, unpacked into the cache: installing the package would also
# install (and on most systems start) a TFTP service on port 69.
unpacked_server() { # package path-inside-package
  local package=$1 inside=$2 dir=$CACHE/$1
  if [ ! -x "$dir/root/$inside" ]; then
    mkdir -p "$dir"
    rm -rf "${dir:?}"/*.deb "$dir/root"
    (cd "$dir" && apt-get download "$package" >/dev/null 2>&1) \
      || { as_root apt-get update -qq; APT_UPDATED=1; (cd "$dir" && apt-get download "$package" >/dev/null); }
    dpkg -x "$dir"/"$package"_*.deb "$dir/root"
  fi
  if ldd "$dir/root/$inside" | grep -q "not found"; then
    apt_install libwrap0 libpcre2-8-0
  fi
  echo "$dir/root/$inside"
}

install_peers() {
  local missing=()
  command -v curl >/dev/null || missing+=(curl)
  command -v atftp >/dev/null || missing+=(atftp)
  command -v sha256sum >/dev/null || missing+=(coreutils)
  command -v gcc >/dev/null || missing+=(gcc libc6-dev)
  if [ ${#missing[@]} -gt 0 ]; then log "installing ${missing[*]}"; apt_install "${missing[@]}"; fi
  IN_TFTPD=$(unpacked_server tftpd-hpa usr/sbin/in.tftpd)
  ATFTPD=$(unpacked_server atftpd usr/sbin/atftpd)
  gcc -O2 -Wall -o "$WORK/fastget" "$REPO/bench/tftp/fastget.c"
}

# Waits until a TFTP server answers on the port: a request for a missing file gets "not found"
# (curl exit code 68) once it listens.
wait_for_tftp() { # port what seconds
  local port=$1 what=$2 seconds=$3 rc
  for _ in $(seq $((seconds * 2))); do
    rc=0
    curl -sS --max-time 1 "tftp://127.0.0.1:$port/.bench-probe" -o /dev/null 2>/dev/null || rc=$?
    [ $rc = 68 ] && return 0
    sleep 0.5
  done
  log "$what does not answer on 127.0.0.1:$port after $seconds s"
  return 1
}

start_peers() {
  "$IN_TFTPD" -L -a "127.0.0.1:$PORT_HPA" -s "$ROOT" >"$WORK/tftpd-hpa.log" 2>&1 &
  PIDS+=($!)
  "$ATFTPD" --daemon --no-fork --port "$PORT_ATFTPD" --bind-address 127.0.0.1 --logfile "$WORK/atftpd.log" \
    "$ROOT" >/dev/null 2>&1 &
  PIDS+=($!)
  wait_for_tftp "$PORT_HPA" tftpd-hpa 20
  wait_for_tftp "$PORT_ATFTPD" atftpd 20
}

start_this_server() {
  if [ ! -x "$DISTRIBUTION/bin/start" ]; then
    log "no built server at $DISTRIBUTION (build it with: mvn -B -ntp install -DskipTests), or use --peers-only"
    exit 1
  fi
  KARAF_HOME=$WORK/karaf
  cp -a "$DISTRIBUTION" "$KARAF_HOME"
  rm -rf "$KARAF_HOME/data" "$KARAF_HOME/karaf.pid"
  cat >"$KARAF_HOME/etc/org.karafpxe.tftp.cfg" <<EOF
address = 127.0.0.1
port = $PORT_THIS
root = $ROOT
EOF
  # Nothing but loopback TFTP: no DHCP answers on the network, and console ports out of the way.
  if [ -f "$KARAF_HOME/etc/org.karafpxe.dhcp.cfg" ]; then
    sed -i -E 's/^(proxy|pxe)\.enabled *=.*/\1.enabled = false/' "$KARAF_HOME/etc/org.karafpxe.dhcp.cfg"
  fi
  if [ -f "$KARAF_HOME/etc/org.apache.karaf.shell.cfg" ]; then
    sed -i -E 's/^sshPort *=.*/sshPort = 18101/' "$KARAF_HOME/etc/org.apache.karaf.shell.cfg"
  fi
  if [ -f "$KARAF_HOME/etc/org.apache.karaf.management.cfg" ]; then
    sed -i -E 's/^rmiRegistryPort *=.*/rmiRegistryPort = 11099/; s/^rmiServerPort *=.*/rmiServerPort = 14444/' \
      "$KARAF_HOME/etc/org.apache.karaf.management.cfg"
  fi
  for bundle in "${DEPLOY[@]}"; do cp "$bundle" "$KARAF_HOME/deploy/"; done
  log "starting the server from a copy of $DISTRIBUTION"
  "$KARAF_HOME/bin/start"
  # Known by PID as well, so that it is stopped even if this script is interrupted before bin/stop works.
  for _ in $(seq 300); do [ -s "$KARAF_HOME/karaf.pid" ] && break; sleep 0.1; done
  if [ -s "$KARAF_HOME/karaf.pid" ]; then PIDS+=("$(cat "$KARAF_HOME/karaf.pid")"); fi
  if ! wait_for_tftp "$PORT_THIS" "the Karaf PXE server" 180; then
    tail -n 30 "$KARAF_HOME/data/log/karaf.log" >&2 2>/dev/null || true
    exit 1
  fi
  log "Karaf PXE server up (PID $(cat "$KARAF_HOME/karaf.pid" 2>/dev/null || echo '?'))"
  wait_for_quiet "$(cat "$KARAF_HOME/karaf.pid")" 180
}

# TFTP answers before the rest of the server has started (the policy store, the console, HTTP), and
# that start takes CPU time that the measurements would otherwise share: wait until the process has
# used less than 5 % of a CPU for 3 seconds in a row.
wait_for_quiet() { # pid seconds
  local pid=$1 seconds=$2 before after quiet=0 hz
  hz=$(getconf CLK_TCK)
  before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  for _ in $(seq "$seconds"); do
    sleep 1
    after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null) || return 0
    if [ $(( (after - before) * 100 )) -lt $(( hz * 5 )) ]; then quiet=$((quiet + 1)); else quiet=0; fi
    before=$after
    if [ $quiet -ge 3 ]; then log "server idle; measuring"; return 0; fi
  done
  log "the server was still busy after $seconds s; measuring anyway"
}

# One download; sets RATE to MiB/s and CPU to the client's CPU time as a percentage of the wall time,
# both "fail" when the download failed or its checksum differs. The client runs in the background
# under bash's time keyword (wall, user and system seconds of it and its children) and is waited for,
# so that a signal stops the script at once.
fetch() { # client port blksize windowsize
  local client=$1 port=$2 blksize=$3 windowsize=$4 out=$WORK/download times=$WORK/times rc=0
  local command=() real user sys
  rm -f "$out" "$times"
  case $client in
    curl) command=(curl -sS --max-time 300 --tftp-blksize "$blksize" "tftp://127.0.0.1:$port/bench.bin" -o "$out") ;;
    atftp) command=(timeout 300 atftp --option "blksize $blksize" --option "windowsize $windowsize" -g -r bench.bin
             -l "$out" 127.0.0.1 "$port") ;;
    fastget|fastget-poll)
      command=(timeout 300 "$WORK/fastget" -T -b "$blksize")
      [ "$client" = fastget ] || command+=(-p)
      [ "$windowsize" = 1 ] || command+=(-w "$windowsize")
      command+=(127.0.0.1 "$port" bench.bin "$out") ;;
  esac
  ( TIMEFORMAT='%3R %3U %3S'; time "${command[@]}" >"$WORK/client.log" 2>&1 ) 2>"$times" &
  CLIENT_PID=$!
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=
  read -r real user sys 2>/dev/null <"$times" || true
  if [ $rc != 0 ] || [ ! -f "$out" ] || [ "$(sha256sum "$out" | cut -d' ' -f1)" != "$SHA" ] \
      || ! [[ ${real:-} =~ ^[0-9.]+$ ]]; then
    [ $rc = 0 ] || log "$client failed (exit code $rc): $(tail -n 1 "$WORK/client.log")"
    RATE=fail
    CPU=fail
  else
    RATE=$(echo "$SIZE_MIB $real" | awk '{ printf "%.1f\n", $1 / $2 }')
    CPU=$(echo "$real $user $sys" | awk '{ printf "%.0f\n", 100 * ($2 + $3) / $1 }')
  fi
  rm -f "$out"
}

# Median of the successful runs; "fail" when none succeeded; notes failed runs unless --quiet.
median() {
  local ok failed quiet=0
  if [ "${1:-}" = --quiet ]; then quiet=1; shift; fi
  ok=$(printf '%s\n' "$@" | grep -v fail | sort -g || true)
  failed=$(printf '%s\n' "$@" | grep -c fail || true)
  if [ -z "$ok" ]; then echo fail; return; fi
  local n mid value
  n=$(echo "$ok" | wc -l)
  mid=$(( (n + 1) / 2 ))
  value=$(echo "$ok" | sed -n "${mid}p")
  if [ "$failed" -gt 0 ] && [ $quiet = 0 ]; then echo "$value ($failed/$# failed)"; else echo "$value"; fi
}

ratio() { # this best-peer
  local this=${1%% *} best=${2%% *}
  if [[ $this =~ ^[0-9.]+$ && $best =~ ^[0-9.]+$ ]]; then
    echo "$this $best" | awk '{ printf "%.2f×\n", $1 / $2 }'
  else
    echo "n/a"
  fi
}

ROOT=$WORK/root
mkdir -p "$ROOT"
# The peers drop to user nobody, who must be able to reach and read the file.
chmod 755 "$WORK" "$ROOT"
install_peers
log "creating a $SIZE_MIB MiB file"
head -c $((SIZE_MIB * 1048576)) /dev/urandom >"$ROOT/bench.bin"
chmod 644 "$ROOT/bench.bin"
SHA=$(sha256sum "$ROOT/bench.bin" | cut -d' ' -f1)

start_peers
[ $PEERS_ONLY = 1 ] || start_this_server

CLIENTS=("curl 512 1" "curl 1468 1" "curl 8192 1" "atftp 1468 4" "atftp 8192 4"
  "fastget 512 1" "fastget 1468 4" "fastget 8192 4" "fastget-poll 1468 4" "fastget-poll 8192 4")
# BENCH_CLIENTS="atftp 1468 4,fastget 1468 4" measures only those rows.
if [ -n "${BENCH_CLIENTS:-}" ]; then IFS=, read -r -a CLIENTS <<<"$BENCH_CLIENTS"; fi
SERVERS=(this hpa atftpd)
declare -A PORT=([this]=$PORT_THIS [hpa]=$PORT_HPA [atftpd]=$PORT_ATFTPD)
declare -A RESULT CPU_SHARE

# Every server is first kept busy for WARMUP_SECONDS (default 30) with downloads that are not
# counted: this server's Java code is compiled to machine code while it runs, and needs about that long
# to reach its speed; the peers get the same, so that they are treated alike.
for server in "${SERVERS[@]}"; do
  if [ "$server" = this ] && [ $PEERS_ONLY = 1 ]; then continue; fi
  end=$((SECONDS + ${WARMUP_SECONDS:-30}))
  while [ $SECONDS -lt $end ]; do
    fetch fastget-poll "${PORT[$server]}" 1468 4
    fetch fastget-poll "${PORT[$server]}" 8192 4
  done
  log "warmed up $server for ${WARMUP_SECONDS:-30} s"
done

for spec in "${CLIENTS[@]}"; do
  read -r client blksize windowsize <<<"$spec"
  declare -A RATES=([this]="" [hpa]="" [atftpd]="") CPUS=([this]="" [hpa]="" [atftpd]="")
  for run in $(seq $((1 - WARMUP)) "$RUNS"); do
    # Servers take turns within each run, so that a noisy moment hurts all of them alike.
    for server in "${SERVERS[@]}"; do
      if [ "$server" = this ] && [ $PEERS_ONLY = 1 ]; then continue; fi
      fetch "$client" "${PORT[$server]}" "$blksize" "$windowsize"
      if [ "$run" -le 0 ]; then
        log "$client blksize $blksize windowsize $windowsize, $server, warm-up: $RATE MiB/s (not counted)"
        continue
      fi
      log "$client blksize $blksize windowsize $windowsize, $server, run $run: $RATE MiB/s, client CPU $CPU %"
      RATES[$server]+="$RATE "
      CPUS[$server]+="$CPU "
    done
  done
  for server in "${SERVERS[@]}"; do
    if [ "$server" = this ] && [ $PEERS_ONLY = 1 ]; then
      RESULT[$spec,$server]="n/a"
      CPU_SHARE[$spec,$server]="n/a"
      continue
    fi
    # shellcheck disable=SC2086
    RESULT[$spec,$server]=$(median ${RATES[$server]})
    # shellcheck disable=SC2086
    CPU_SHARE[$spec,$server]=$(median --quiet ${CPUS[$server]})
  done
done

echo
echo "TFTP, $SIZE_MIB MiB over loopback, MiB/s, median of $RUNS ($(nproc) cores, $(date -u +%Y-%m-%d))"
echo
echo "| client (blksize/windowsize) | this server MiB/s | tftpd-hpa | atftpd | ratio to the best peer |" \
  "client CPU % (this / hpa / atftpd) |"
echo "|---|---|---|---|---|---|"
for spec in "${CLIENTS[@]}"; do
  read -r client blksize windowsize <<<"$spec"
  label="$client $blksize"
  [ "$windowsize" = 1 ] || label="$label / $windowsize"
  hpa=${RESULT[$spec,hpa]}
  atftpd=${RESULT[$spec,atftpd]}
  best=$(printf '%s\n%s\n' "${hpa%% *}" "${atftpd%% *}" | grep -E '^[0-9.]+$' | sort -g | tail -n 1 || true)
  cpu="${CPU_SHARE[$spec,this]} / ${CPU_SHARE[$spec,hpa]} / ${CPU_SHARE[$spec,atftpd]}"
  echo "| $label | ${RESULT[$spec,this]} | $hpa | $atftpd | $(ratio "${RESULT[$spec,this]}" "${best:-fail}") | $cpu |"
done

#!/usr/bin/env bash
#
# Boot storm: N simulated PXE machines boot at once, against this server and against dnsmasq in
# proxy mode, each time the same storm; the median of RUNS storms per cell as one Markdown table.
#
#   bench/storm/run.sh [--perfdhcp] [--install] [--build-only] [--soak MINUTES] [DISTRIBUTION]
#
# Every machine (a distinct MAC and GUID; BIOS_RATIO of them BIOS, the rest x64 UEFI) broadcasts a
# PXE DISCOVER to port 67, waits for the proxy offer, UEFI machines then ask the boot server on
# port 4011, and each downloads its boot program over TFTP (undionly.kpxe or snponly.efi from
# Debian's ipxe package), checked by size and SHA-256. Retries as PXE firmware does them.
#
# Topology, for each server: two network namespaces made here, joined by a veth pair. The server
# has 10.214.0.1/15, the generator 10.214.0.2/15 and each simulated machine an address of its own in
# 10.215.0.0/16 (local in the generator's namespace, routed to it from the server's), so that the
# server sees N clients rather than one. Nothing leaves the namespaces; ports 67, 68, 69 and 4011 are
# the real ones and the server answers by broadcast to 255.255.255.255:68, as on a real segment.
#
#  this server  a temporary copy of DISTRIBUTION (default karaf-distro/target/assembly), with
#               server.address = 10.214.0.1, the console's SSH port moved to 18101, and DEVICES
#               prestaged devices imported first with pxe:device-import (MACs disjoint from the
#               storm's) plus PRESTAGED_SHARE of the storm's own machines. Its policy answers
#               x86-bios with undionly.kpxe and x64-uefi with snponly.efi, which the iPXE provider
#               serves from /usr/lib/ipxe.
#  dnsmasq      --dhcp-range=10.214.0.0,proxy with one --pxe-service per architecture and its TFTP
#               server on a folder holding the same two files.
#
# The generator reads each server's CPU time (utime + stime) and peak RSS (VmHWM, reset before the
# storm) from /proc around the measured storm; a warm-up storm of WARMUP other machines runs first,
# so that neither the generator's JVM nor the server is measured cold.
#
# --perfdhcp adds the raw DHCP exchange rate: perfdhcp (package kea-admin) as a DHCP relay sending
# PXE DISCOVERs against this server's proxy port and against Kea (kea-dhcp4-server, memfile), for
# PERFDHCP_SECONDS at each of the PERFDHCP_RATE rates. Skipped with a message when they are not installed;
# --install installs what is missing with apt-get (package services are not started).
#
# Settings (environment): SIZES ("100 1000 10000"; an entry N@R is a power-on wave: N machines
# started R a second, e.g. 6000@200 for 200/s during 30 s), RUNS (3), DEVICES (100000), PRESTAGED_SHARE
# (0.25), BIOS_RATIO (0.5), RATE (0: all at once; else machines started per second), DEADLINE_S
# (60), TIME_SCALE (1: real PXE timeouts), WARMUP (50), PAUSE_S (5, between storms), TFTP_MAX (empty:
# each server's own limit on concurrent transfers, 1024 here and 50 in dnsmasq; else both get this),
# SERVERS ("this dnsmasq"; this-scraped, beside this, runs this server's storms again with its
# /metrics scraped every SCRAPE_S (1) seconds and its live events followed), PERFDHCP_RATE ("8000 12000 14000 16000 20000 24000 32000 40000", per second),
# PERFDHCP_THREADS (single: perfdhcp's -g; "multi" adds a receiving thread, which on 2 cores takes
# CPU time from the server measured), PERFDHCP_SECONDS (10), PERFDHCP_WARMUP_S (5, at the first
# rate, before any is measured), PERFDHCP_RUNS (3 at each rate; the table has the medians),
# PERFDHCP_RMEM (4194304: net.core.rmem_default during the perfdhcp rows, restored after; empty:
# left alone), SERVER_CFG (settings of this server to try, "pid key=value" entries separated by ";"),
# --soak MINUTES runs this server alone for that long, round after round: a storm of SOAK_SIZE
# (1000) machines, the example provider (examples/lab-provider, built) hot-deployed into deploy/ and
# removed, a device added, given a one-shot task and removed; after each round a full GC, then heap
# used, threads, file descriptors, RSS and the store's size on disk go to soak.csv in RESULTS, with
# a Markdown summary (first, middle and last rounds, and the change from the first tenth of the
# run to the last) at the end.
#
# GENERATOR_ARGS (more generator options, e.g. "--loss 0.01"), PROFILE (1: record each storm of
# this server with Java Flight Recorder, storm-this-*.jfr beside its report), JFR_SETTINGS (a .jfc
# file for those recordings instead of "profile"), RESULTS (folder for the raw reports, default
# bench/storm/target/results/<time>). Needs root (namespaces), Java 17 and the
# Netty and codec jars in ~/.m2 (a Maven build of the project puts them there).
#
set -euo pipefail

SIZES=${SIZES:-100 1000 10000}
RUNS=${RUNS:-3}
DEVICES=${DEVICES:-100000}
PRESTAGED_SHARE=${PRESTAGED_SHARE:-0.25}
BIOS_RATIO=${BIOS_RATIO:-0.5}
RATE=${RATE:-0}
DEADLINE_S=${DEADLINE_S:-60}
TIME_SCALE=${TIME_SCALE:-1}
WARMUP=${WARMUP:-50}
PAUSE_S=${PAUSE_S:-5}
TFTP_MAX=${TFTP_MAX:-}
SERVERS=${SERVERS:-this dnsmasq}
PERFDHCP_RATE=${PERFDHCP_RATE:-8000 12000 14000 16000 20000 24000 32000 40000}
PERFDHCP_THREADS=${PERFDHCP_THREADS:-single}
PERFDHCP_WARMUP_S=${PERFDHCP_WARMUP_S:-5}
PERFDHCP_RUNS=${PERFDHCP_RUNS:-3}
PERFDHCP_RMEM=${PERFDHCP_RMEM-4194304}
PERFDHCP_SECONDS=${PERFDHCP_SECONDS:-10}
GENERATOR_HEAP=${GENERATOR_HEAP:-768m}
SCRAPE_S=${SCRAPE_S:-1}
WEB_PORT=8180
WEB_USER=bench
WEB_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
SCRAPE_NOTE=
GENERATOR_ARGS=${GENERATOR_ARGS:-}
PROFILE=${PROFILE:-0}
M2=${M2_REPOSITORY:-$HOME/.m2/repository}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
NETTY_VERSION=${NETTY_VERSION:-$(sed -n 's:.*<netty.version>\(.*\)</netty.version>.*:\1:p' "$REPO/pom.xml" | head -n 1)}
TARGET=$HERE/target
RESULTS=${RESULTS:-$TARGET/results/$(date -u +%Y%m%dT%H%M%SZ)}

SERVER_ADDR=10.214.0.1
GEN_ADDR=10.214.0.2
PREFIX=15
CLIENT_NET=10.215.0.0/16
CLIENT_NET_ROOM=65534
BIOS_FILE=/usr/lib/ipxe/undionly.kpxe
UEFI_FILE=/usr/lib/ipxe/snponly.efi

PERFDHCP=0
SOAK_MINUTES=
SOAK_SIZE=${SOAK_SIZE:-1000}
INSTALL=0
BUILD_ONLY=0
DISTRIBUTION=
while [ $# -gt 0 ]; do
  case $1 in
    --perfdhcp) PERFDHCP=1 ;;
    --install) INSTALL=1 ;;
    --build-only) BUILD_ONLY=1 ;;
    --soak) SOAK_MINUTES=${2:?--soak needs the minutes to run}; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) DISTRIBUTION=$1 ;;
  esac
  shift
done
DISTRIBUTION=${DISTRIBUTION:-$REPO/karaf-distro/target/assembly}
if [ -n "$SOAK_MINUTES" ]; then
  [[ $SOAK_MINUTES =~ ^[0-9]+$ ]] || { echo "--soak takes whole minutes, not '$SOAK_MINUTES'" >&2; exit 2; }
  SERVERS=this
fi

log() { echo "[storm $(date +%H:%M:%S)] $*" >&2; }
die() { log "$*"; exit 1; }

if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
  JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
export JAVA_HOME

# ------------------------------------------------------------------ build

build() {
  local lib=$TARGET/lib jar missing=()
  rm -rf "$lib"
  mkdir -p "$lib" "$TARGET/classes"
  # Copied beside the classes: a parallel Maven build may clean or replace the originals. The epoll
  # transport (and its native library for Linux x86-64) spares the generator CPU time on Linux.
  for jar in "$M2"/io/netty/netty-{buffer,common,resolver,transport,transport-native-unix-common,transport-classes-epoll}/"$NETTY_VERSION"/netty-*-"$NETTY_VERSION".jar \
             "$M2"/io/netty/netty-transport-native-epoll/"$NETTY_VERSION"/netty-transport-native-epoll-"$NETTY_VERSION"-linux-x86_64.jar \
             "$M2"/org/karafpxe/org.karafpxe.dhcp/*/org.karafpxe.dhcp-*.jar \
             "$M2"/org/karafpxe/org.karafpxe.tftp/*/org.karafpxe.tftp-*.jar; do
    if [ -f "$jar" ]; then cp -p "$jar" "$lib/"; else missing+=("$jar"); fi
  done
  [ ${#missing[@]} = 0 ] || die "missing jars (build the project with Maven first): ${missing[*]}"
  rm -rf "$TARGET/classes"
  mkdir -p "$TARGET/classes"
  "$JAVAC" -nowarn -encoding UTF-8 --release 17 -d "$TARGET/classes" -cp "$lib/*" \
    "$HERE"/src/main/java/org/karafpxe/bench/storm/*.java
  CLASSPATH_GEN="$TARGET/classes:$lib/*"
  log "generator built in $TARGET/classes"
}

build
[ $BUILD_ONLY = 1 ] && exit 0

[ "$(id -u)" = 0 ] || die "needs root: it makes network namespaces"
command -v ip >/dev/null || die "needs iproute2 (ip)"
[ -f "$BIOS_FILE" ] && [ -f "$UEFI_FILE" ] || die "needs Debian's ipxe package ($BIOS_FILE, $UEFI_FILE)"
for size in $SIZES; do
  [[ $size =~ ^[1-9][0-9]*(@[1-9][0-9]*)?$ ]] || die "SIZES entry '$size' is not N or N@RATE (machines, and started per second)"
  [ "${size%@*}" -le $CLIENT_NET_ROOM ] || die "N=${size%@*}: the client range $CLIENT_NET holds $CLIENT_NET_ROOM machines"
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# ------------------------------------------------------------------ state and cleanup

ID=$$
WORK=$(mktemp -d /tmp/karafpxe-storm.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$RESULTS"
NAMESPACES=()
PIDS=()
FAILURE_NOTES=()
PERF_ROWS=()
KARAF_HOME=
GEN_PID=

stop_pid() { # pid: TERM, up to 10 s, then KILL
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

stop_karaf() {
  [ -n "$KARAF_HOME" ] || return 0
  local pid
  pid=$(cat "$KARAF_HOME/karaf.pid" 2>/dev/null || true)
  ip netns exec "$(ns this srv)" "$KARAF_HOME/bin/stop" >/dev/null 2>&1 || true
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
  local pid ns
  [ -n "$GEN_PID" ] && stop_pid "$GEN_PID"
  stop_karaf
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  for ns in "${NAMESPACES[@]}"; do
    # Only what this script started runs in its namespaces; anything left is stopped by PID.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do stop_pid "$pid"; done
    ip netns del "$ns" 2>/dev/null || true
  done
  restore_rmem || true
  rm -rf "$WORK"
}
# net.core.rmem_default as it was before the perfdhcp rows changed it (empty: unchanged).
RMEM_DEFAULT_WAS=
restore_rmem() {
  [ -n "$RMEM_DEFAULT_WAS" ] || return 0
  sysctl -qw net.core.rmem_default="$RMEM_DEFAULT_WAS"
  RMEM_DEFAULT_WAS=
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

APT_UPDATED=0
apt_install() {
  if [ $APT_UPDATED = 0 ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ------------------------------------------------------------------ network

ns() { echo "kstorm$ID-$1-$2"; } # server role

# A server namespace and a generator namespace joined by a veth pair; the simulated machines'
# addresses are local in the generator's namespace (an "AnyIP" route) and routed to it from the
# server's, so the server reaches each machine without one neighbour entry per machine.
make_pair() { # name index
  local name=$1 i=$2 srv gen
  srv=$(ns "$name" srv)
  gen=$(ns "$name" gen)
  ip netns add "$srv"; NAMESPACES+=("$srv")
  ip netns add "$gen"; NAMESPACES+=("$gen")
  ip -n "$srv" link set lo up
  ip -n "$gen" link set lo up
  ip link add "ks$ID$i" netns "$srv" type veth peer name "kg$ID$i" netns "$gen"
  ip -n "$srv" link set "ks$ID$i" name eth0
  ip -n "$gen" link set "kg$ID$i" name eth0
  ip -n "$srv" addr add "$SERVER_ADDR/$PREFIX" dev eth0
  ip -n "$gen" addr add "$GEN_ADDR/$PREFIX" dev eth0
  ip -n "$srv" link set eth0 up
  ip -n "$gen" link set eth0 up
  ip -n "$gen" route add local "$CLIENT_NET" dev lo
  ip -n "$srv" route add "$CLIENT_NET" via "$GEN_ADDR"
  ip netns exec "$gen" sysctl -qw net.ipv4.conf.all.arp_announce=2
}

# ------------------------------------------------------------------ servers

set_cfg() { # pid key value: sets one value in etc/<pid>.cfg of the server copy
  local file=$KARAF_HOME/etc/$1.cfg key=$2 value=$3
  touch "$file"
  if grep -q "^[#[:space:]]*$key[[:space:]]*=" "$file"; then
    sed -i "s|^[#[:space:]]*$key[[:space:]]*=.*|$key = $value|" "$file"
  else
    printf '%s = %s\n' "$key" "$value" >>"$file"
  fi
}

pxe_cmd() { ip netns exec "$(ns this srv)" "$KARAF_HOME/bin/pxe" "$@"; }

max_size() { printf '%s\n' $SIZES | sed 's/@.*//' | sort -n | tail -n 1; }

start_this() {
  [ -x "$DISTRIBUTION/bin/start" ] \
    || die "no built server at $DISTRIBUTION (build it with: mvn -B -ntp install -DskipTests), or SERVERS=dnsmasq"
  KARAF_HOME=$WORK/karaf
  cp -a "$DISTRIBUTION" "$KARAF_HOME"
  rm -rf "$KARAF_HOME/data" "$KARAF_HOME/karaf.pid"
  set_cfg org.karafpxe.dhcp server.address "$SERVER_ADDR"
  set_cfg org.karafpxe.dhcp client.port 68
  set_cfg org.karafpxe.dhcp broadcast.address 255.255.255.255
  # Every simulated UEFI machine downloads snponly.efi, as from dnsmasq: none of them is sent to its
  # disk at once for having no task (the same work on both sides).
  set_cfg org.karafpxe.engine fallthrough.ipxe.builds none
  # The TFTP server's limit on concurrent transfers (its key in etc/org.karafpxe.tftp.cfg).
  [ -z "$TFTP_MAX" ] || set_cfg org.karafpxe.tftp "sessions.max" "$TFTP_MAX"
  # Settings to try: "pid key=value" entries separated by ";".
  local entry
  IFS=';' read -ra entries <<<"${SERVER_CFG:-}"
  for entry in "${entries[@]}"; do
    [[ $entry =~ ^[[:space:]]*([^[:space:]]+)[[:space:]]+([^=[:space:]]+)=(.*)$ ]] \
      || die "SERVER_CFG entry '$entry' is not 'pid key=value'"
    set_cfg "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"
  done
  set_cfg org.apache.karaf.shell sshPort 18101
  # A user of the operator's port, for the this-scraped rows.
  set_cfg org.karafpxe.web port "$WEB_PORT"
  echo "$WEB_USER = $WEB_PASSWORD,_g_:admingroup" >>"$KARAF_HOME/etc/users.properties"
  if [ -f "$KARAF_HOME/etc/org.apache.karaf.management.cfg" ]; then
    set_cfg org.apache.karaf.management rmiRegistryPort 11099
    set_cfg org.apache.karaf.management rmiServerPort 14444
  fi
  log "starting this server from a copy of $DISTRIBUTION in namespace $(ns this srv)"
  ip netns exec "$(ns this srv)" "$KARAF_HOME/bin/start"
  for _ in $(seq 300); do [ -s "$KARAF_HOME/karaf.pid" ] && break; sleep 0.1; done
  [ -s "$KARAF_HOME/karaf.pid" ] || die "Karaf wrote no karaf.pid"
  THIS_PID=$(cat "$KARAF_HOME/karaf.pid")
  PIDS+=("$THIS_PID")
  local up=0
  for _ in $(seq 180); do
    if pxe_cmd pxe:dhcp-stats 2>/dev/null | grep -q "proxy .*listening"; then up=1; break; fi
    sleep 1
  done
  if [ $up = 0 ]; then
    tail -n 30 "$KARAF_HOME/data/log/karaf.log" >&2 2>/dev/null || true
    die "this server's proxy does not listen after 180 s"
  fi
  if command -v curl >/dev/null; then
    # A request for a missing file gets "not found" (curl's exit code 68) once TFTP listens.
    local rc=1
    for _ in $(seq 60); do
      rc=0
      ip netns exec "$(ns this gen)" curl -sS --max-time 1 "tftp://$SERVER_ADDR/.storm-probe" -o /dev/null \
        2>/dev/null || rc=$?
      [ $rc = 68 ] && break
      sleep 1
    done
    [ $rc = 68 ] || die "this server's TFTP does not answer"
  fi
  if [ "$DEVICES" -gt 0 ] || [ "$(awk -v s="$PRESTAGED_SHARE" 'BEGIN { print (s > 0) }')" = 1 ]; then
    local csv=$WORK/devices.csv start end
    "$JAVA" -cp "$CLASSPATH_GEN" org.karafpxe.bench.storm.PrestageCsv --out "$csv" --devices "$DEVICES" \
      --storm-clients "$(max_size)" --share "$PRESTAGED_SHARE" >&2
    start=$(date +%s.%N)
    pxe_cmd pxe:device-import "$csv" >&2 || die "pxe:device-import failed"
    end=$(date +%s.%N)
    IMPORT_S=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    log "imported $(($(wc -l <"$csv") - 1)) devices in $IMPORT_S s"
  fi
  THIS_IDLE_RSS=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$THIS_PID/status")
  log "this server up (PID $THIS_PID, RSS $THIS_IDLE_RSS MiB with the devices loaded)"
}

start_dnsmasq() {
  command -v dnsmasq >/dev/null || { [ $INSTALL = 1 ] && apt_install dnsmasq-base; } \
    || die "dnsmasq is not installed (apt-get install dnsmasq-base, or --install)"
  local root=$WORK/tftp-root
  mkdir -p "$root"
  cp "$BIOS_FILE" "$UEFI_FILE" "$root/"
  chmod 755 "$root"
  chmod 644 "$root"/*
  local args=(--keep-in-foreground --conf-file=/dev/null --port=0 --interface=eth0 --bind-interfaces --no-ping
    --dhcp-range="${SERVER_ADDR%.*.*}.0.0,proxy"
    "--pxe-service=x86PC,BIOS,$(basename "$BIOS_FILE")"
    "--pxe-service=x86-64_EFI,UEFI,$(basename "$UEFI_FILE")"
    --enable-tftp --tftp-root="$root" --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file=
    --log-facility="$WORK/dnsmasq.log")
  [ -z "$TFTP_MAX" ] || args+=(--tftp-max="$TFTP_MAX")
  log "starting dnsmasq $(dnsmasq --version | head -n1 | awk '{print $3}') in namespace $(ns dnsmasq srv)"
  # ip netns exec replaces itself with dnsmasq, so $! is dnsmasq's PID.
  ip netns exec "$(ns dnsmasq srv)" dnsmasq "${args[@]}" >"$WORK/dnsmasq.out" 2>&1 &
  DNSMASQ_PID=$!
  PIDS+=("$DNSMASQ_PID")
  for _ in $(seq 50); do grep -q "TFTP root" "$WORK/dnsmasq.log" 2>/dev/null && break; sleep 0.1; done
  kill -0 "$DNSMASQ_PID" 2>/dev/null || { cat "$WORK/dnsmasq.out" "$WORK/dnsmasq.log" >&2 2>/dev/null; die "dnsmasq did not start"; }
  DNSMASQ_IDLE_RSS=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$DNSMASQ_PID/status")
  log "dnsmasq up (PID $DNSMASQ_PID)"
}

# ------------------------------------------------------------------ storms

# A Java Flight Recording of this server, when PROFILE=1: jfr_start name, then jfr_stop name file.
jfr_start() {
  [ "$PROFILE" = 1 ] || return 0
  "$JAVA_HOME/bin/jcmd" "$THIS_PID" JFR.start name="$1" settings="${JFR_SETTINGS:-profile}" >/dev/null 2>&1 \
    || log "could not start a flight recording in this server"
}
jfr_stop() {
  [ "$PROFILE" = 1 ] || return 0
  "$JAVA_HOME/bin/jcmd" "$THIS_PID" JFR.stop name="$1" filename="$2" >/dev/null 2>&1 \
    || log "could not save the flight recording of this server"
}

# While a this-scraped storm runs: /metrics fetched every SCRAPE_S seconds as Prometheus would
# (its default is 15 s), and the live events followed as the web console does, both from inside
# the server's namespace; the first and last scrapes are kept to show the counters moving.
scrape_start() { # out
  local base="http://127.0.0.1:$WEB_PORT"
  ip netns exec "$(ns this srv)" bash -c 'n=0; while :; do n=$((n + 1));
      curl -sf -u "$1" "$2/metrics" -o "$3.scrape.$((n == 1 ? 1 : 2))" || true; sleep "$4"; done' \
    scrape "$WEB_USER:$WEB_PASSWORD" "$base" "$1" "$SCRAPE_S" &
  SCRAPER_PID=$!
  ip netns exec "$(ns this srv)" curl -sN -u "$WEB_USER:$WEB_PASSWORD" "$base/api/events" -o "$1.events" &
  EVENTS_PID=$!
  PIDS+=("$SCRAPER_PID" "$EVENTS_PID")
}
scrape_stop() { # out
  kill "$SCRAPER_PID" "$EVENTS_PID" 2>/dev/null || true
  wait "$SCRAPER_PID" "$EVENTS_PID" 2>/dev/null || true
  local first last
  first=$(awk '/^pxe_dhcp_received_total\{family="4"\}/ { print $2 }' "$1.scrape.1" 2>/dev/null || true)
  last=$(awk '/^pxe_dhcp_received_total\{family="4"\}/ { print $2 }' "$1.scrape.2" 2>/dev/null || true)
  echo "pxe_dhcp_received_total{family=\"4\"}: ${first:-none} at the first scrape, ${last:-none} at the last;" \
    "$(grep -c '^event: decision' "$1.events" 2>/dev/null || echo 0) decision events followed" >"$1.scrape.txt"
  SCRAPE_NOTE=$(cat "$1.scrape.txt")
}

# A SIZES entry as the table shows it: "6000 at 200/s" for 6000@200.
size_label() {
  if [[ $1 == *@* ]]; then echo "${1%@*} at ${1#*@}/s"; else echo "$1"; fi
}

# One storm against one server; sets JSON to the generator's report line ("" when it failed).
storm() { # server size run (size: N, or N@RATE for N machines started RATE a second)
  local server=$1 n=${2%@*} rate=$RATE run=$3 pid out rc=0 host=$1
  [[ $2 != *@* ]] || rate=${2#*@}
  # this-scraped is this server again, its /metrics scraped and its live events followed meanwhile.
  [ "$server" != this-scraped ] || host=this
  case $host in this) pid=$THIS_PID ;; dnsmasq) pid=$DNSMASQ_PID ;; esac
  out=$RESULTS/storm-$server-n$n$([ "$rate" = 0 ] || echo "-at$rate")-run$run
  [ "$host" != this ] || jfr_start storm
  [ "$server" != this-scraped ] || scrape_start "$out"
  local srv_drops gen_drops backlog
  srv_drops=$(udp_rcvbuf_errors "$(ns "$host" srv)"); gen_drops=$(udp_rcvbuf_errors "$(ns "$host" gen)")
  backlog=$(backlog_drops)
  thread_cpu "$pid" >"$out.threads.before"
  ip netns exec "$(ns "$host" gen)" "$JAVA" -Xms256m -Xmx"$GENERATOR_HEAP" -XX:+UseSerialGC \
    -cp "$CLASSPATH_GEN" org.karafpxe.bench.storm.StormMain \
    --server "$SERVER_ADDR" --bind "$GEN_ADDR" --client-net "$CLIENT_NET" --client-port 68 \
    --clients "$n" --bios-ratio "$BIOS_RATIO" --rate "$rate" --deadline-s "$DEADLINE_S" \
    --time-scale "$TIME_SCALE" --warmup "$WARMUP" --measure-pid "$pid" --clk-tck "$(getconf CLK_TCK)" \
    --expect-bios "$BIOS_FILE" --expect-uefi "$UEFI_FILE" --quiet $GENERATOR_ARGS >"$out.txt" 2>"$out.log" &
  GEN_PID=$!
  wait "$GEN_PID" || rc=$?
  GEN_PID=
  # Where the kernel dropped packets during the generator's run, its warm-up included.
  printf 'kernel drops: server namespace UDP receive buffers %d, generator namespace UDP receive buffers %d, input backlog %d\n' \
    $(($(udp_rcvbuf_errors "$(ns "$host" srv)") - srv_drops)) $(($(udp_rcvbuf_errors "$(ns "$host" gen)") - gen_drops)) \
    $(($(backlog_drops) - backlog)) >"$out.kernel.txt"
  listener_drops "$(ns "$host" srv)" >>"$out.kernel.txt"
  [ "$server" != this-scraped ] || scrape_stop "$out"
  thread_cpu "$pid" | thread_cpu_diff "$out.threads.before" >"$out.threads.txt"
  rm -f "$out.threads.before"
  if [ "$host" = this ] && [ -n "${KARAF_HOME:-}" ]; then
    # The server's own view of the storm, for finding where machines were lost.
    { pxe_cmd pxe:dhcp-stats; pxe_cmd pxe:providers; pxe_cmd pxe:tftp-stats; } >"$out.server.txt" 2>&1 || true
    jfr_stop storm "$out.jfr"
    if [ "$PROFILE" = 1 ]; then
      # Where the memory is, when the server runs with -XX:NativeMemoryTracking=summary.
      "$JAVA_HOME/bin/jcmd" "$pid" VM.native_memory summary >"$out.memory.txt" 2>&1 || true
    fi
    cp "$KARAF_HOME/data/log/karaf.log" "$out.karaf.log" 2>/dev/null || true
  fi
  JSON=
  if [ $rc = 0 ]; then JSON=$(tail -n 1 "$out.txt"); fi
  if [[ $JSON != '{'* ]]; then
    log "the generator failed (exit $rc): $(tail -n 3 "$out.log" | tr '\n' ' ')"
    JSON=
  fi
}

# CPU ticks (user + system) of each thread of a process: "tid ticks name" lines.
thread_cpu() { # pid
  local file stat name f
  for file in /proc/"$1"/task/*/stat; do
    read -r stat 2>/dev/null <"$file" || continue
    read -r -a f <<<"${stat##*) }"
    name=${stat#*(}; name=${name%) *}
    echo "${stat%% *} ${f[11]} ${f[12]} ${name// /_}"
  done
}
# The CPU seconds each thread name used between a before-file and standard input (thread_cpu lines),
# the busiest first, with its user and system (kernel) shares; threads that came and went in
# between are missed.
thread_cpu_diff() { # before-file
  awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { bu[$1] = $2; bs[$1] = $3; next }
    { u[$4] += $2 - ($1 in bu ? bu[$1] : 0); k[$4] += $3 - ($1 in bs ? bs[$1] : 0) }
    END { for (n in u) if (u[n] + k[n] > 0)
      printf "%8.2f s  (user %.2f, system %.2f)  %s\n", (u[n] + k[n]) / hz, u[n] / hz, k[n] / hz, n }' "$1" - | sort -rn
}

# A number from the report line: jnum JSON key, or jnum JSON object key.
jnum() {
  local j=$1
  if [ $# = 3 ]; then j=$(grep -o "\"$2\":{[^}]*}" <<<"$j" || true); shift; fi
  grep -o "\"$2\":[-0-9.a-z]*" <<<"$j" | head -n 1 | cut -d: -f2
}

median() { # values...: the median of the numbers among them, or "n/a"
  local v n
  v=$(printf '%s\n' "$@" | grep -E '^-?[0-9.]+$' | sort -g || true)
  [ -n "$v" ] || { echo n/a; return; }
  n=$(wc -l <<<"$v")
  sed -n "$(((n + 1) / 2))p" <<<"$v"
}

fmt() { # printf format value: value formatted, or n/a
  [[ $2 =~ ^-?[0-9.]+$ ]] && printf "$1" "$2" || echo n/a
}

ratio() { # a b: a / b as "1.23×"
  if [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]] && awk -v b="$2" 'BEGIN { exit !(b > 0) }'; then
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'
  else
    echo n/a
  fi
}

# ------------------------------------------------------------------ perfdhcp

# Sets gen to the namespace perfdhcp runs in against target (this, kea); fails when that server is not up.
perfdhcp_gen() { # target kea_pid
  case $1 in
    this) [ -n "${THIS_PID:-}" ] || return 1; gen=$(ns this gen) ;;
    kea) kill -0 "$2" 2>/dev/null || { log "Kea did not start: $(tail -n 3 "$WORK/kea/kea.out")"; return 1; }
         gen=$(ns kea gen) ;;
  esac
}

# UDP datagrams a namespace's sockets dropped for a full receive buffer, and packets the kernel
# dropped from its per-CPU input backlog (all namespaces): where a perfdhcp run lost its packets.
udp_rcvbuf_errors() { ip netns exec "$1" awk '/^Udp:/ { if (h) print $6; h = 1 }' /proc/net/snmp; }
# Datagrams each of a namespace's listening sockets (ports 67, 4011, 69) dropped since it opened.
listener_drops() { # namespace
  ip netns exec "$1" awk 'NR > 1 { split($2, a, ":"); p = a[2] == "0043" ? 67 : a[2] == "0FAB" ? 4011 : a[2] == "0045" ? 69 : 0;
      if (p) d[p] += $NF }
    END { printf "drops since the server started, by listening port: 67 %d, 4011 %d, 69 %d\n", d[67], d[4011], d[69] }' \
    /proc/net/udp
}
backlog_drops() {
  local total=0 _ dropped _rest
  while read -r _ dropped _rest; do total=$((total + 16#$dropped)); done </proc/net/softnet_stat
  echo "$total"
}

# This server's chain decision times since the last reset, then how long those requests waited for a
# worker ("n decisions: p50 ..., p99 ..., max ...; waits for a worker: p50 ..., p99 ..., max ...").
chain_times() { # [--reset-times]
  pxe_cmd pxe:providers "$@" 2>/dev/null | tr -d '\r' \
    | sed -n -e 's/^Chain decisions (since start or --reset-times): //p' \
        -e 's/^Waits for a worker before them: /waits for a worker: /p' \
    | paste -sd ';' | sed 's/;/; /' || true
}

perfdhcp_rows() {
  local missing=()
  command -v perfdhcp >/dev/null || missing+=(kea-admin)
  command -v kea-dhcp4 >/dev/null || missing+=(kea-dhcp4-server)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ $INSTALL = 1 ]; then
      log "installing ${missing[*]}"
      apt_install "${missing[@]}" || { log "could not install ${missing[*]}; no perfdhcp rows"; return 0; }
    else
      log "perfdhcp rows skipped: ${missing[*]} not installed (apt-get install ${missing[*]}, or --install)"
      PERFDHCP_SKIPPED="skipped: ${missing[*]} not installed"
      return 0
    fi
  fi
  local guid="00524f5453004d00408000000000000000" vc
  vc=$(printf 'PXEClient:Arch:00000:UNDI:002001' | od -An -tx1 | tr -d ' \n')
  local opts=(-g "$PERFDHCP_THREADS" -o "60,$vc" -o 93,0000 -o 94,010201 -o "97,$guid")
  # Kea, memfile, no persistence, in a pair of its own; its default raw sockets receive the
  # broadcasts perfdhcp sends.
  make_pair kea 3
  mkdir -p "$WORK/kea"
  cat >"$WORK/kea/kea-dhcp4.conf" <<EOF
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "eth0" ] },
    "lease-database": { "type": "memfile", "persist": false, "lfc-interval": 0 },
    "valid-lifetime": 4000,
    "subnet4": [ { "id": 1, "subnet": "${SERVER_ADDR%.*.*}.0.0/$PREFIX",
                   "pools": [ { "pool": "${SERVER_ADDR%.*.*}.1.0 - ${SERVER_ADDR%.*.*}.127.255" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "severity": "WARN",
                   "output_options": [ { "output": "$WORK/kea/kea.log" } ] } ]
} }
EOF
  ip netns exec "$(ns kea srv)" env KEA_PIDFILE_DIR="$WORK/kea" KEA_LOCKFILE_DIR="$WORK/kea" \
    kea-dhcp4 -c "$WORK/kea/kea-dhcp4.conf" >"$WORK/kea/kea.out" 2>&1 &
  local kea_pid=$!
  PIDS+=("$kea_pid")
  for _ in $(seq 50); do ip netns exec "$(ns kea srv)" ss -lun 2>/dev/null | grep -q ':67 ' && break; sleep 0.2; done
  local target gen out rate drops delay label offered chain srv_before gen_before backlog_before lost
  # perfdhcp receives the answers for all its 100,000 clients on one socket, whose buffer
  # (net.core.rmem_default, often 208 KiB) overflows when answers come in a burst; real clients
  # each have their own. For these rows only, sockets get PERFDHCP_RMEM by default (the servers'
  # too), so that the rate measured is the server's; restored afterwards.
  if [ -n "$PERFDHCP_RMEM" ]; then
    RMEM_DEFAULT_WAS=$(sysctl -n net.core.rmem_default)
    sysctl -qw net.core.rmem_default="$PERFDHCP_RMEM"
  fi
  declare -gA CLEAN_RATE=()
  for target in this kea; do
    perfdhcp_gen "$target" "$kea_pid" || continue
    # Both servers warm up alike (JIT, caches) before the measured rates.
    log "perfdhcp warm-up against $target: ${PERFDHCP_RATE%% *}/s for $PERFDHCP_WARMUP_S s"
    ip netns exec "$gen" perfdhcp -4 -l eth0 -i -r "${PERFDHCP_RATE%% *}" -p "$PERFDHCP_WARMUP_S" -R 100000 \
      "${opts[@]}" >"$RESULTS/perfdhcp-$target-warmup.txt" 2>&1 || true
  done
  local run rates all_drops delays each
  for offered in $PERFDHCP_RATE; do
    for target in this kea; do
      perfdhcp_gen "$target" "$kea_pid" || continue
      if [ "$target" = this ]; then
        pxe_cmd pxe:providers --reset-times >/dev/null 2>&1 || true
      fi
      rates=(); all_drops=(); delays=()
      for run in $(seq "$PERFDHCP_RUNS"); do
        out=$RESULTS/perfdhcp-$target-$offered-run$run.txt
        log "perfdhcp against $target: $offered/s for $PERFDHCP_SECONDS s, run $run"
        [ "$target" != this ] || jfr_start perfdhcp
        srv_before=$(udp_rcvbuf_errors "$(ns "$target" srv)"); gen_before=$(udp_rcvbuf_errors "$gen")
        backlog_before=$(backlog_drops)
        ip netns exec "$gen" perfdhcp -4 -l eth0 -i -r "$offered" -p "$PERFDHCP_SECONDS" -R 100000 "${opts[@]}" \
          >"$out" 2>&1 || true
        lost="server socket $(( $(udp_rcvbuf_errors "$(ns "$target" srv)") - srv_before )),"
        lost+=" perfdhcp socket $(( $(udp_rcvbuf_errors "$gen") - gen_before )), backlog $(( $(backlog_drops) - backlog_before ))"
        echo "Packets dropped by the kernel: $lost" >>"$out"
        [ "$target" != this ] || jfr_stop perfdhcp "${out%.txt}.jfr"
        rate=$(grep -m1 '^Rate:' "$out" | awk '{ print $2 }' || true)
        drops=$(grep -m1 'drops ratio' "$out" | awk -F: '{ gsub(/[ %]/, "", $2); print $2 }' || true)
        delay=$(grep 'avg delay:' "$out" | tail -n 1 | sed 's/^avg delay: *//; s/ *ms$//' || true)
        log "  $rate/s, $drops % dropped; dropped by the kernel: $lost"
        rates+=("$rate"); all_drops+=("$drops"); delays+=("$delay")
        sleep 2
      done
      chain=
      [ "$target" = this ] && chain=$(chain_times)
      rate=$(median "${rates[@]}"); drops=$(median "${all_drops[@]}"); delay=$(median "${delays[@]}")
      case $target in this) label="this server (proxy port 67)" ;; kea) label="Kea $(kea-dhcp4 -v 2>/dev/null | head -n 1) memfile" ;; esac
      each=$(for d in "${all_drops[@]}"; do fmt %.3f%% "$d"; echo; done | paste -sd ' ')
      PERF_ROWS+=("| $offered | $label | $(fmt %.0f "$rate") | $(fmt %.3f%% "$drops") | $(fmt '%.3f ms' "$delay") | $each | ${chain:-} |")
      # The clean rate: the most exchanges a second (median of the runs) at any rate offered with
      # fewer than 0.1 % dropped. Not the rate offered: perfdhcp cannot always send that much.
      if [[ $drops =~ ^[0-9.]+$ && $rate =~ ^[0-9.]+$ ]] && awk -v d="$drops" -v r="$rate" -v c="${CLEAN_RATE[$target]:-0}" \
          'BEGIN { exit !(d < 0.1 && r > c) }'; then
        CLEAN_RATE[$target]=$(fmt %.0f "$rate")
      fi
    done
  done
  stop_pid "$kea_pid"
  restore_rmem
}

# ------------------------------------------------------------------ soak

# Heap used after a full GC and metaspace used (KiB), classes loaded and not unloaded: "heap metaspace classes".
heap_after_gc() { # pid
  "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null 2>&1 || true
  local heap classes
  heap=$("$JAVA_HOME/bin/jstat" -gc "$1" | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { printf "%.0f %.0f", $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"], $c["MU"] }')
  classes=$("$JAVA_HOME/bin/jstat" -class "$1" | awk 'NR == 2 { print $1 - $3 }')
  echo "$heap $classes"
}

# Waits until pxe:providers does (present) or does not (absent) list a provider; false after 60 s.
await_provider() { # name present|absent
  local i listed
  for i in $(seq 60); do
    listed=0
    pxe_cmd pxe:providers 2>/dev/null | grep -q "| $1 " && listed=1
    if { [ "$2" = present ] && [ $listed = 1 ]; } || { [ "$2" = absent ] && [ $listed = 0 ]; }; then return 0; fi
    sleep 1
  done
  return 1
}

soak() {
  local lab_dir=$REPO/examples/lab-provider jar
  jar=$lab_dir/target/com.example.pxe.lab-1.0.0.jar
  [ -f "$jar" ] || die "the example provider is not built ($jar): mvn -B -ntp install -DskipTests builds it"
  cp "$lab_dir/com.example.pxe.lab.cfg" "$KARAF_HOME/etc/"
  local csv=$RESULTS/soak.csv end round=0 started sample deployed device rss fds threads store
  echo "round,minute,completed,failed,boot_p50_ms,heap_kib,metaspace_kib,classes,threads,fds,rss_mib,store_kib,deploy" >"$csv"
  started=$(date +%s)
  end=$((started + SOAK_MINUTES * 60))
  log "soak: $SOAK_MINUTES minutes of rounds (a storm of $SOAK_SIZE, a hot-deploy, store writes); samples in $csv"
  while [ "$(date +%s)" -lt "$end" ]; do
    round=$((round + 1))
    sleep "$PAUSE_S"
    storm this "$SOAK_SIZE" "soak$round"
    rm -f "$RESULTS/storm-this-n$SOAK_SIZE-runsoak$round".{karaf.log,server.txt,threads.txt,kernel.txt,log}
    deployed=ok
    cp "$jar" "$KARAF_HOME/deploy/"
    await_provider lab present || deployed=not-deployed
    rm -f "$KARAF_HOME/deploy/$(basename "$jar")"
    await_provider lab absent || deployed=not-removed
    device=soak-$round
    pxe_cmd pxe:device-add --mac "$(printf '02:50:00:%02x:%02x:%02x' $((round >> 16 & 255)) $((round >> 8 & 255)) $((round & 255)))" \
      --task-script "'echo soak round $round'" --one-shot "$device" >>"$RESULTS/soak-commands.log" 2>&1 || deployed+=";device-add-failed"
    pxe_cmd pxe:device-remove "$device" >>"$RESULTS/soak-commands.log" 2>&1 || deployed+=";device-remove-failed"
    sample=$(heap_after_gc "$THIS_PID")
    threads=$(ls "/proc/$THIS_PID/task" | wc -l)
    fds=$(ls "/proc/$THIS_PID/fd" | wc -l)
    rss=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$THIS_PID/status")
    store=$(du -sk "$KARAF_HOME/data/pxe" | cut -f1)
    echo "$round,$((($(date +%s) - started) / 60)),$(jnum "$JSON" completed),$(jnum "$JSON" failed),$(jnum "$JSON" boot_ms p50),${sample// /,},$threads,$fds,$rss,$store,$deployed" >>"$csv"
    log "soak round $round: $(tail -n 1 "$csv")"
  done
  soak_summary "$csv" | tee "$RESULTS/soak.md"
}

# The first, middle and last rounds, and the medians of the first and last tenth of the run.
soak_summary() { # csv
  local rounds
  rounds=$(($(wc -l <"$1") - 1))
  echo
  echo "Soak: $rounds rounds in $SOAK_MINUTES minutes ($(nproc) cores, $(date -u +%Y-%m-%d)); each a storm of" \
    "$SOAK_SIZE machines, a hot-deploy and removal of the example provider, a device added with a task and removed;" \
    "$DEVICES other devices prestaged. Heap and metaspace after a full GC."
  echo
  echo "| round | minute | booted / failed | boot p50 ms | heap KiB | metaspace KiB | classes | threads | fds | RSS MiB | store KiB | deploy |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F, -v n="$rounds" 'NR > 1 { r = NR - 1
      if (r == 1 || r == n || r % int(n / 8 + 1) == 0)
        printf "| %s | %s | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 }' "$1"
  echo
  awk -F, -v n="$rounds" 'NR > 1 { r = NR - 1; k = int(n / 10); if (k < 1) k = 1
      for (c = 6; c <= 12; c++) { if (r <= k) first[c] += $c / k; if (r > n - k) last[c] += $c / k }
      bad += ($13 != "ok") }
    END { split("heap KiB,metaspace KiB,classes,threads,fds,RSS MiB,store KiB", name, ",")
      printf "Means of the first and last tenth of the rounds:"
      for (c = 6; c <= 12; c++) printf " %s %.0f → %.0f%s", name[c - 5], first[c], last[c], c < 12 ? ";" : "."
      printf " Rounds where a hot-deploy or a store write failed: %d.\n", bad }' "$1"
}

# ------------------------------------------------------------------ main

SERVER_INDEX=0
THIS_PID=
DNSMASQ_PID=
IMPORT_S=n/a
THIS_IDLE_RSS=n/a
DNSMASQ_IDLE_RSS=n/a
for server in $SERVERS; do
  SERVER_INDEX=$((SERVER_INDEX + 1))
  case $server in
    this) make_pair this $SERVER_INDEX; start_this ;;
    dnsmasq) make_pair dnsmasq $SERVER_INDEX; start_dnsmasq ;;
    this-scraped) [[ " $SERVERS " == *" this "* ]] || die "this-scraped is this server scraped: put this in SERVERS too" ;;
    *) die "unknown server '$server' in SERVERS (this, this-scraped, dnsmasq)" ;;
  esac
done

if [ -n "$SOAK_MINUTES" ]; then
  soak
  exit 0
fi

declare -A VAL
for n in $SIZES; do
  for run in $(seq "$RUNS"); do
    # The servers take turns within each run, so a noisy moment hurts them alike, and every other
    # run in the reverse order, so that none always follows another's storm (its garbage, its heat).
    order=$SERVERS
    [ $((run % 2)) = 1 ] || order=$(printf '%s\n' $SERVERS | tac | tr '\n' ' ')
    for server in $order; do
      sleep "$PAUSE_S"
      storm "$server" "$n" "$run"
      if [ -z "$JSON" ]; then
        log "N=$n $server run $run: no result"
        continue
      fi
      VAL[$n,$server,completed]+="$(jnum "$JSON" completed) "
      VAL[$n,$server,failed]+="$(jnum "$JSON" failed) "
      VAL[$n,$server,storm]+="$(jnum "$JSON" storm_s) "
      VAL[$n,$server,p50]+="$(jnum "$JSON" boot_ms p50) "
      VAL[$n,$server,p99]+="$(jnum "$JSON" boot_ms p99) "
      VAL[$n,$server,rss]+="$(awk -v k="$(jnum "$JSON" server_peak_rss_kib)" 'BEGIN { if (k ~ /^[0-9]+$/) printf "%.1f", k / 1024 }') "
      VAL[$n,$server,cpu]+="$(jnum "$JSON" server_cpu_s) "
      failures=$(grep -o '"failures":{[^}]*}' <<<"$JSON" | sed 's/"failures"://')
      [ "$failures" = "{}" ] || FAILURE_NOTES+=("N=$n $server run $run: $failures")
      log "N=$n $server run $run: $(jnum "$JSON" completed) completed, $(jnum "$JSON" failed) failed," \
        "storm $(jnum "$JSON" storm_s) s, boot p50 $(jnum "$JSON" boot_ms p50) ms p99 $(jnum "$JSON" boot_ms p99) ms," \
        "server CPU $(jnum "$JSON" server_cpu_s) s"
    done
  done
done

PERFDHCP_SKIPPED=
# How long this server's chain took to decide, over every request of the run.
CHAIN_TIMES=
if [ -n "${KARAF_HOME:-}" ]; then
  CHAIN_TIMES=$(chain_times --reset-times)
fi
if [ $PERFDHCP = 1 ]; then perfdhcp_rows; fi

{
  echo
  echo "Boot storm, median of $RUNS runs ($(nproc) cores, $(date -u +%Y-%m-%d)): machines started" \
    "$( [ "$RATE" = 0 ] && echo "all at once" || echo "at $RATE/s") (a row \"N at R/s\": R a second)," \
    "${BIOS_RATIO} BIOS," \
    "deadline ${DEADLINE_S} s$( [ -n "$THIS_PID" ] && echo "; this server with $DEVICES other prestaged devices and" \
      "$PRESTAGED_SHARE of the storm's machines prestaged (import ${IMPORT_S} s)")${GENERATOR_ARGS:+; generator: $GENERATOR_ARGS}"
  echo
  echo "| N | server | completed / failed | storm s | boot p50 ms | boot p99 ms | peak RSS MiB | CPU s | storm time ÷ dnsmasq | CPU ÷ dnsmasq |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for n in $SIZES; do
    for server in $SERVERS; do
      completed=$(median ${VAL[$n,$server,completed]:-})
      failed=$(median ${VAL[$n,$server,failed]:-})
      storm_s=$(median ${VAL[$n,$server,storm]:-})
      cpu=$(median ${VAL[$n,$server,cpu]:-})
      if [ "$server" = this ] && [[ " $SERVERS " == *" dnsmasq "* ]]; then
        r_storm=$(ratio "$storm_s" "$(median ${VAL[$n,dnsmasq,storm]:-})")
        r_cpu=$(ratio "$cpu" "$(median ${VAL[$n,dnsmasq,cpu]:-})")
      elif [ "$server" = this-scraped ] && [[ " $SERVERS " == *" dnsmasq "* ]]; then
        r_storm=$(ratio "$storm_s" "$(median ${VAL[$n,dnsmasq,storm]:-})")
        r_cpu=$(ratio "$cpu" "$(median ${VAL[$n,dnsmasq,cpu]:-})")
      elif [ "$server" = dnsmasq ]; then
        r_storm=1.00×; r_cpu=1.00×
      else
        r_storm=n/a; r_cpu=n/a
      fi
      label=$server; [ "$server" = this ] && label="this server${SERVER_CFG:+ ($SERVER_CFG)}"
      [ "$server" = this-scraped ] && label="this server, /metrics scraped every ${SCRAPE_S} s, live events followed"
      echo "| $(size_label "$n") | $label | $completed / $failed | $(fmt %.2f "$storm_s") | $(fmt %.0f "$(median ${VAL[$n,$server,p50]:-})")" \
        "| $(fmt %.0f "$(median ${VAL[$n,$server,p99]:-})") | $(median ${VAL[$n,$server,rss]:-}) | $(fmt %.2f "$cpu")" \
        "| $r_storm | $r_cpu |"
    done
  done
  echo
  echo "RSS before the storms: this server ${THIS_IDLE_RSS} MiB (devices loaded), dnsmasq ${DNSMASQ_IDLE_RSS} MiB." \
    "Peak RSS is VmHWM during the measured storm; CPU is utime + stime of the server process during it."
  if [[ " $SERVERS " == *" this-scraped "* ]]; then
    echo
    echo "Scraped ÷ not scraped, by N (storm s, boot p50, CPU s):$(for n in $SIZES; do
      printf ' N=%s %s %s %s;' "$n" "$(ratio "$(median ${VAL[$n,this-scraped,storm]:-})" "$(median ${VAL[$n,this,storm]:-})")" \
        "$(ratio "$(median ${VAL[$n,this-scraped,p50]:-})" "$(median ${VAL[$n,this,p50]:-})")" \
        "$(ratio "$(median ${VAL[$n,this-scraped,cpu]:-})" "$(median ${VAL[$n,this,cpu]:-})")"; done)" \
      "Last scraped storm: ${SCRAPE_NOTE:-no scrape}."
  fi
  if [ -n "$CHAIN_TIMES" ]; then
    echo
    echo "This server's provider chain over the storms (warm-ups included), from pxe:providers: $CHAIN_TIMES."
  fi
  if [ ${#FAILURE_NOTES[@]} -gt 0 ]; then
    echo
    echo "Failures:"
    for f in "${FAILURE_NOTES[@]}"; do echo "- $f"; done
  fi
  if [ $PERFDHCP = 1 ]; then
    echo
    if [ ${#PERF_ROWS[@]} -gt 0 ]; then
      echo "perfdhcp as a relay (-g $PERFDHCP_THREADS), DISCOVER → OFFER only (-i), $PERFDHCP_RUNS runs of $PERFDHCP_SECONDS s at each rate" \
        "offered (medians), 100000 MACs, sockets' default receive buffer" \
        "${PERFDHCP_RMEM:-$(sysctl -n net.core.rmem_default)} bytes"
      echo
      echo "| offered/s | server | exchanges/s | drops | avg delay | drops of each run | chain decisions over the runs; the waits for a worker before them |"
      echo "|---|---|---|---|---|---|---|"
      for r in "${PERF_ROWS[@]}"; do echo "$r"; done
      echo
      echo "Clean rate (the most exchanges a second at a rate offered with under 0.1 % dropped, medians of the runs): this server ${CLEAN_RATE[this]:-none}/s," \
        "Kea ${CLEAN_RATE[kea]:-none}/s ($(ratio "${CLEAN_RATE[this]:-0}" "${CLEAN_RATE[kea]:-0}") Kea's)."
    else
      echo "perfdhcp: ${PERFDHCP_SKIPPED:-no results}"
    fi
  fi
  echo
  echo "Raw reports: $RESULTS"
} | tee "$RESULTS/table.md"

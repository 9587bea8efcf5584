#!/usr/bin/env bash
# A UEFI machine with no task reaches its disk without waiting out its other network boot options.
# OVMF with its default options (network first, disk second: PXE over IPv4, PXE over IPv6, HTTP
# boot over IPv4 and over IPv6; dnsmasq leasing IPv4, no IPv6 server on the segment) gets
# snponly.efi and "exit 1". Alone, each later option would wait a minute or two for an answer
# nobody gives. The server remembers that it sent this machine to its disk: HTTP boot over IPv4
# gets a URL that fails at once, and both IPv6 options get a DHCPv6 answer without an address,
# which EDK2 takes at once and gives up on. Each option ends within seconds. Then, within that
# memory's time, the machine gets a one-shot task: its next boot runs it (a new boot is decided
# afresh), and the boot after falls through fast again.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1
uefi_disk "$E2E_WORK/disk.img" E2E-DISK-UEFI-BOOTED
limit=15

# timed_boot NAME MARKER: boots with every console line stamped (seconds since power-on, when the
# line was complete) into timed-NAME.log; prints the seconds from power-on to the marker.
timed_boot() {
  local name=$1 marker=$2 start end stamper rc=0
  start=$(date +%s.%N)
  rm -f "$E2E_WORK/stamp-stop"
  python3 - "$E2E_WORK/serial-$name.log" "$E2E_WORK/timed-$name.log" "$E2E_WORK/stamp-stop" "$start" <<'PY' &
import os, sys, time
serial, out, stop, start = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
while not os.path.exists(serial) or os.path.getsize(serial) > 0 and os.path.getmtime(serial) < start:
    time.sleep(0.05)
with open(serial, "rb") as f, open(out, "w") as o:
    pending = b""
    while True:
        chunk = f.read()
        if chunk:
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                o.write("%.1f %s\n" % (time.time() - start, line.decode("latin-1").rstrip("\r")))
            o.flush()
        elif os.path.exists(stop):
            break
        else:
            time.sleep(0.05)
PY
  stamper=$!
  # shellcheck disable=SC2046
  vm_boot "$name" uefi 180 "$marker" $(uefi_disk_args "$E2E_WORK/disk.img") >&2 || rc=1
  end=$(date +%s.%N)
  touch "$E2E_WORK/stamp-stop"
  wait "$stamper" 2>/dev/null || true
  [ $rc = 0 ] || return 1
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
}

# option_times NAME: the seconds each of OVMF's network boot options after PXE over IPv4 took, from
# iPXE's "exit 1" to the end of each ("PXEv6 4.1 HTTPv4 6.3 HTTPv6 4.9"), and to the disk.
option_times() {
  awk '/Could not boot image: Error 0x00000001/ { t = $1; out = "" }
    t != "" && match($0, /failed to load Boot[0-9A-F]+ "UEFI (PXEv6|HTTPv4|HTTPv6)/) {
      name = substr($0, RSTART + 30, RLENGTH - 30); out = out sprintf("%s %.1f ", name, $1 - t); t = $1 }
    t != "" && /E2E-DISK-UEFI-BOOTED/ { out = out sprintf("disk %.1f", $1 - t); t = "" }
    END { print out }' "$E2E_WORK/timed-$1.log"
}

# check_fast NAME WHAT: each later boot option (PXEv6, HTTPv4, HTTPv6) ended within the limit, and
# the HTTP boot client got the fall-through URL.
check_fast() {
  local times
  times=$(option_times "$1")
  log "$2: seconds per boot option after exit 1: $times (limit $limit s each)"
  for option in PXEv6 HTTPv4 HTTPv6; do
    echo "$times" | grep -q "$option " || fail "$2: OVMF's $option boot option was not seen on the console"
  done
  echo "$times" | awk -v l="$limit" '{ for (i = 1; i < NF; i += 2) if ($(i + 1) >= l) exit 1 }' \
    || fail "$2: a boot option took $limit s or more: $times"
  grep -aq "URI: http://$SUBNET.2:8080/boot/fall-through/" "$E2E_WORK/serial-$1.log" \
    || fail "$2: the HTTP boot client did not get the fall-through URL"
}

export OVMF_DEFAULTS=1
total=$(timed_boot ff E2E-DISK-UEFI-BOOTED) || fail "the machine with no task did not reach its disk"
check_fast ff "no task"
for kind in "x64-uefi-http .*| HTTP .*| fall-through .*http://$SUBNET.2:8080/boot/fall-through/" \
    "x64-uefi-http .*| fall-through .*http://\[fe80" "x64-uefi .*| PXE .*| fall-through .*http://\[fe80"; do
  server_cmd srv1 "pxe:requests -n 20" | grep -q "$kind" \
    || fail "pxe:requests does not show the fall-through ($kind): $(server_cmd srv1 'pxe:requests -n 20')"
done
server_cmd srv1 "pxe:dhcp-stats" | grep -Eq "v6.answered.advertise +\| +2" || fail "no two DHCPv6 answers counted"
log "no task, OVMF's default boot options: power-on to disk in $total s"
awk -v t="$total" 'BEGIN { exit !(t < 45) }' || fail "power-on to disk took $total s"

marker_script E2E-UEFI-TASK-RAN > "$E2E_WORK/task.ipxe"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:57 ff-vm" >/dev/null || fail "pxe:device-add failed"
server_cmd srv1 "pxe:task-set --one-shot --file $E2E_WORK/task.ipxe ff-vm" | grep -q . || fail "pxe:task-set failed"
timed_boot ff E2E-UEFI-TASK-RAN >/dev/null || fail "the one-shot task set during the fall-through did not run"
total=$(timed_boot ff E2E-DISK-UEFI-BOOTED) || fail "after its task, the machine did not reach its disk"
check_fast ff "after the one-shot task"
log "after the one-shot task: power-on to disk in $total s"
log "PASS"

#!/usr/bin/env bash
# A UEFI machine with no task is not held by its HTTP boot option. OVMF (network first, disk
# second) gets snponly.efi and "exit 1"; its next boot option, HTTP boot over IPv4, would wait
# about two minutes for a boot URL. The server remembers that it sent this machine to its disk and
# gives the HTTP boot client a URL that fails at once: the option ends within seconds. Then, within
# that memory's time, the machine gets a one-shot task: its next boot runs it (a new boot is decided
# afresh), and the boot after falls through fast again. (OVMF's HTTP boot over IPv6 comes after
# and still waits for a DHCPv6 answer this segment does not have; its time is printed.)
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1
uefi_disk "$E2E_WORK/disk.img" E2E-DISK-UEFI-BOOTED
limit=10

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

# http_option_seconds NAME: from iPXE's "exit 1" to the end of OVMF's HTTP boot over IPv4 (its
# DHCP included): about two minutes when nobody answers it.
http_option_seconds() {
  awk '/Could not boot image: Error 0x00000001/ { s = $1 } /failed to load Boot[0-9A-F]+ "UEFI HTTPv4/ && s != "" && e == "" { e = $1 }
    END { if (s != "" && e != "") printf "%.1f", e - s; else print "none" }' "$E2E_WORK/timed-$1.log"
}

check_fast() { # NAME WHAT
  local took
  took=$(http_option_seconds "$1")
  [ "$took" != none ] || fail "$2: no exit 1 and HTTP boot over IPv4 seen on the console"
  grep -aq "URI: http://$SUBNET.2:8080/boot/fall-through/" "$E2E_WORK/serial-$1.log" \
    || fail "$2: the HTTP boot client did not get the fall-through URL"
  log "$2: from exit 1 to the end of HTTP boot over IPv4 $took s (limit $limit s)"
  awk -v t="$took" -v l="$limit" 'BEGIN { exit !(t < l) }' || fail "$2: HTTP boot over IPv4 took $took s"
}

total=$(timed_boot ff E2E-DISK-UEFI-BOOTED) || fail "the machine with no task did not reach its disk"
check_fast ff "no task"
server_cmd srv1 "pxe:requests -n 20" | grep -q "x64-uefi-http .*| chain .*fall-through/" \
  || fail "pxe:requests does not show the fall-through: $(server_cmd srv1 'pxe:requests -n 20')"
log "no task: power-on to disk in $total s, of which HTTP boot over IPv6 $(awk '/failed to load Boot[0-9A-F]+ "UEFI HTTPv4/ { s = $1 }
  /failed to load Boot[0-9A-F]+ "UEFI HTTPv6/ { e = $1 } END { printf "%.1f", e - s }' "$E2E_WORK/timed-ff.log") s"

marker_script E2E-UEFI-TASK-RAN > "$E2E_WORK/task.ipxe"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:57 ff-vm" >/dev/null || fail "pxe:device-add failed"
server_cmd srv1 "pxe:task-set --one-shot --file $E2E_WORK/task.ipxe ff-vm" | grep -q . || fail "pxe:task-set failed"
timed_boot ff E2E-UEFI-TASK-RAN >/dev/null || fail "the one-shot task set during the fall-through did not run"
timed_boot ff E2E-DISK-UEFI-BOOTED >/dev/null || fail "after its task, the machine did not reach its disk"
check_fast ff "after the one-shot task"
log "PASS"

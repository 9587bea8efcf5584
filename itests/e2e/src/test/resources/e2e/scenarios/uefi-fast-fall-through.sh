#!/usr/bin/env bash
# A UEFI machine with no task reaches its disk without waiting out its other network boot options.
# OVMF with its default options (network first, disk second: PXE over IPv4, PXE over IPv6, HTTP
# boot over IPv4 and over IPv6; dnsmasq leasing IPv4, no IPv6 server on the segment) is sent to
# its disk at once (the local-boot menu: its iPXE would only be told "exit 1"), with nothing
# downloaded. Alone, each later option would wait a minute or two for an answer
# nobody gives. The server remembers that it sent this machine to its disk: HTTP boot over IPv4
# gets a URL that fails at once, and both IPv6 options a DHCPv6 answer that EDK2 takes at once,
# with an address for a moment, and no boot file. Each option ends within seconds, the disk within
# 25 s of power-on (the issue's goal; 17 s measured). Then, within that
# memory's time, the machine gets a one-shot task: its next boot runs it (a new boot is decided
# afresh), and the boot after falls through fast again.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1
uefi_disk "$E2E_WORK/disk.img" E2E-DISK-UEFI-BOOTED

export OVMF_DEFAULTS=1
total=$(timed_boot ff E2E-DISK-UEFI-BOOTED) || fail "the machine with no task did not reach its disk"
check_fast ff "no task"
grep -aq "PXE-E21: Remote boot cancelled" "$E2E_WORK/serial-ff.log" || fail "no task: PXE over IPv4 was not cancelled at once"
grep -aq "Downloading NBP file" "$E2E_WORK/serial-ff.log" && fail "no task: the firmware downloaded a boot program"
server_cmd srv1 "pxe:requests -n 20" | grep -q "x64-uefi .*| PXE .*| fall-through .*abort (local boot)" \
  || fail "pxe:requests does not show the local boot at once: $(server_cmd srv1 'pxe:requests -n 20')"
for kind in "x64-uefi-http .*| HTTP .*| fall-through .*http://$SUBNET.2:8080/boot/fall-through/" \
    "x64-uefi-http .*| fall-through .*http://\[[0-9a-f:]*\]" "x64-uefi .*| PXE .*| fall-through .*http://\[[0-9a-f:]*\]"; do
  server_cmd srv1 "pxe:requests -n 20" | grep -q "$kind" \
    || fail "pxe:requests does not show the fall-through ($kind): $(server_cmd srv1 'pxe:requests -n 20')"
done
server_cmd srv1 "pxe:dhcp-stats" | grep -Eq "answered\.offer +\| +[0-9]+ +\| +[2-9]" || fail "fewer than two DHCPv6 answers counted"
log "no task, OVMF's default boot options: power-on to disk in $total s (limit 25 s)"
awk -v t="$total" 'BEGIN { exit !(t < 25) }' || fail "power-on to disk took $total s"

one_shot_then_fast ff "after the one-shot task set during the fall-through"
log "PASS"

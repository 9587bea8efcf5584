#!/usr/bin/env bash
# uefi-fast-fall-through's first boot on a segment whose DHCP server also leases IPv6 addresses
# (dnsmasq with a stateful DHCPv6 range, RAs with the M flag): OVMF's IPv6 options get an address
# from it and an answer from this server, which sends them on at once; the HTTP boot client over
# IPv6 gets this server's fall-through URL and a "not found". The disk 24-28 s after power-on
# (asserted under 35 s: the CI machine's two cores run the emulated VM and the server at once, and
# CI has measured up to 28 s).
source "$(dirname "$0")/../lib.sh"
e2e_setup --dhcp-range=fd00:213::100,fd00:213::1ff,64,10m
server_start srv1 1
uefi_disk "$E2E_WORK/disk.img" E2E-DISK-UEFI-BOOTED

export OVMF_DEFAULTS=1
total=$(timed_boot fd E2E-DISK-UEFI-BOOTED) || fail "the machine with no task did not reach its disk"
check_fast fd "no task, stateful DHCPv6 beside"
grep -aq "Station IPv6 address is FD00:213:" "$E2E_WORK/serial-fd.log" \
  || fail "OVMF did not get an IPv6 address from the segment's DHCPv6 server"
grep -aq "URI: http://\[[0-9a-f:]*\]:8080/boot/fall-through/" "$E2E_WORK/serial-fd.log" || fail "HTTP boot over IPv6 did not get the fall-through URL"
log "no task, stateful DHCPv6 beside: power-on to disk in $total s (limit 35 s)"
awk -v t="$total" 'BEGIN { exit !(t < 35) }' || fail "power-on to disk took $total s"
log "PASS"

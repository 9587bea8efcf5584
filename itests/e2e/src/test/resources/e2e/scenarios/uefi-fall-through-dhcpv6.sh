#!/usr/bin/env bash
# uefi-fast-fall-through's first boot on a segment whose DHCP server also leases IPv6 addresses
# (dnsmasq with a stateful DHCPv6 range, RAs with the M flag). This server's answer to the falling
# machine's IPv6 options, with the highest preference and an address of its own for 120 s, is
# taken before the site's: each option finds no boot file and ends at once. The disk under 25 s,
# and again after a one-shot task set for the machine has run once.
# Then the same with v6.fallthrough.address = false: the options take the site's address and this
# server's answer without one, and end at once too (the disk under 35 s: the CI machine's two
# cores run the emulated VM and the server at once).
source "$(dirname "$0")/../lib.sh"
e2e_setup --dhcp-range=fd00:213::100,fd00:213::1ff,64,10m
server_start srv1 1
uefi_disk "$E2E_WORK/disk.img" E2E-DISK-UEFI-BOOTED

export OVMF_DEFAULTS=1
total=$(timed_boot fd E2E-DISK-UEFI-BOOTED) || fail "the machine with no task did not reach its disk"
check_fast fd "no task, stateful DHCPv6 beside"
grep -aq "URI: http://\[[0-9a-f:]*\]:8080/boot/fall-through/" "$E2E_WORK/serial-fd.log" || fail "HTTP boot over IPv6 did not get the fall-through URL"
grep -a "Station IPv6 address is" "$E2E_WORK/serial-fd.log" | grep -qv "FD00:213:0:0:0:0:0:1" \
  || fail "HTTP boot over IPv6 did not take this server's address"
log "no task, stateful DHCPv6 beside: power-on to disk in $total s (limit 25 s)"
awk -v t="$total" 'BEGIN { exit !(t < 25) }' || fail "power-on to disk took $total s"

one_shot_then_fast fd "after the one-shot task, stateful DHCPv6 beside"

set_config srv1 "v6.fallthrough.address=false@org.karafpxe.dhcp"
server_logged srv1 "leased an address: no" "v6.fallthrough.address = false"
total=$(timed_boot fd E2E-DISK-UEFI-BOOTED) || fail "without this server's address: the machine did not reach its disk"
check_fast fd "without this server's address"
grep -aq "Station IPv6 address is FD00:213:0:0:0:0:0:1" "$E2E_WORK/serial-fd.log" \
  || fail "without this server's address: OVMF did not take one from the segment's DHCPv6 server"
log "without this server's address, the site's instead: power-on to disk in $total s (limit 35 s)"
awk -v t="$total" 'BEGIN { exit !(t < 35) }' || fail "power-on to disk took $total s"
log "PASS"

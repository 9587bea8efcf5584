#!/usr/bin/env bash
# Answer policy "known": a machine that is not prestaged gets silence from the PXE server and
# boots from its disk.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 "mode=known@org.karafpxe.provider.policy"
bios_disk "$E2E_WORK/disk.img" E2E-DISK-BIOS-BOOTED
# shellcheck disable=SC2046
vm_boot bios bios 120 E2E-DISK-BIOS-BOOTED $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "the unknown BIOS client did not boot its disk"
decisions=$(server_cmd srv1 "pxe:requests -n 5")
echo "$decisions" | grep -q "52:54:00:12:34:56.*IGNORE" || fail "no IGNORE decision for the unknown client: $decisions"
echo "$decisions" | grep -q "SERVICE" && fail "the unknown client was answered: $decisions"
log "PASS"

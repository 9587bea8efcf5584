#!/usr/bin/env bash
# The press-a-key prompt: a machine with a one-shot task whose user presses nothing boots its disk,
# and the task stays for a later boot.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 "prompt.timeout.s=2@org.karafpxe.provider.ipxe.scripts"
bios_disk "$E2E_WORK/disk.img" E2E-DISK-BIOS-BOOTED
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:56 bios-vm" >/dev/null || fail "pxe:device-add failed"
server_cmd srv1 "pxe:task-set --one-shot --script 'echo E2E-TASK-RAN-WITHOUT-KEY' bios-vm" | grep -q . \
  || fail "pxe:task-set failed"
# shellcheck disable=SC2046
vm_boot bios bios 120 E2E-DISK-BIOS-BOOTED $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "without a key pressed the machine did not boot its disk"
grep -aq "Press F12 for network boot" "$E2E_WORK/serial-bios.log" || fail "no prompt on the console"
grep -aq "E2E-TASK-RAN-WITHOUT-KEY" "$E2E_WORK/serial-bios.log" && fail "the task ran without the key"
server_cmd srv1 "pxe:task-list" | grep -q "bios-vm" || fail "the one-shot task was taken although it did not run"
log "PASS"

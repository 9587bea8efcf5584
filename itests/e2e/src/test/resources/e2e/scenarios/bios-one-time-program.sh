#!/usr/bin/env bash
# A boot program used once (WDS's /ResetBootProgram): a prestaged machine's one-shot task is a boot
# program, which the firmware is sent to directly in the DHCP answer (no iPXE script involved, as
# for firmware that never runs iPXE). The first boot runs it; it is taken from the store as it is
# answered, and the next boot falls through to the disk.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1
bios_disk "$E2E_WORK/disk.img" E2E-DISK-BIOS-BOOTED
mkdir -p "$E2E_WORK/srv1/tftpboot/boot"
marker_script E2E-ONE-TIME-PROGRAM > "$E2E_WORK/srv1/tftpboot/boot/once.ipxe"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:56 bios-vm" >/dev/null || fail "pxe:device-add failed"
server_cmd srv1 "pxe:task-set --one-shot --program boot/once.ipxe bios-vm" | grep -q "#!program boot/once.ipxe" \
  || fail "pxe:task-set --program did not set the boot program task"
server_cmd srv1 "pxe:explain --mac 52:54:00:12:34:56 --arch x86-bios" | grep -q "one-shot boot program boot/once.ipxe" \
  || fail "pxe:explain does not show the one-shot boot program"

# shellcheck disable=SC2046
vm_boot bios bios 90 E2E-ONE-TIME-PROGRAM $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "first boot: the one-time boot program did not run"
grep -aq "Filename: boot/once.ipxe" "$E2E_WORK/serial-bios.log" || fail "the DHCP answer did not name the program"
server_cmd srv1 "pxe:task-list" | grep -q "No device has a boot task" || fail "the one-time program was not taken"
# shellcheck disable=SC2046
vm_boot bios bios 120 E2E-DISK-BIOS-BOOTED $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "second boot: the machine did not fall through to its disk"
grep -aq "boot/once.ipxe" "$E2E_WORK/serial-bios.log" && fail "second boot: the program was given again"
log "PASS"

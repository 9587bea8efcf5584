#!/usr/bin/env bash
# OVMF's own UEFI PXE client, prestaged with a one-shot task: chained to snponly.efi, iPXE runs
# the task; the next boot, with no task left, is sent to its disk at once (the local-boot menu,
# nothing downloaded). With that turned off (fallthrough.ipxe.builds = none) iPXE gets "exit 1"
# and OVMF boots the disk. Then the companion check: with a bare "exit", OVMF stops in its boot
# manager instead of booting the disk (the Hyper-V Gen2 behaviour "exit 1" avoids).
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1
uefi_disk "$E2E_WORK/disk.img" E2E-DISK-UEFI-BOOTED
marker_script E2E-UEFI-TASK-RAN > "$E2E_WORK/task.ipxe"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:57 uefi-vm" >/dev/null || fail "pxe:device-add failed"
server_cmd srv1 "pxe:task-set --one-shot --file $E2E_WORK/task.ipxe uefi-vm" | grep -q . || fail "pxe:task-set failed"

# shellcheck disable=SC2046
vm_boot uefi uefi 150 E2E-UEFI-TASK-RAN $(uefi_disk_args "$E2E_WORK/disk.img") \
  || fail "first boot: the one-shot task did not run"
server_cmd srv1 "pxe:requests -n 10" | grep -q "4011.*x64-uefi.*snponly.efi" || fail "no 4011 answer with snponly.efi"
start=$(date +%s)
# shellcheck disable=SC2046
vm_boot uefi uefi 150 E2E-DISK-UEFI-BOOTED $(uefi_disk_args "$E2E_WORK/disk.img") \
  || fail "second boot: the machine with no task left did not reach its disk"
grep -aq "PXE-E21: Remote boot cancelled" "$E2E_WORK/serial-uefi.log" || fail "second boot: not sent to its disk at once"
grep -aq "Downloading NBP file" "$E2E_WORK/serial-uefi.log" && fail "second boot: a boot program was downloaded"
log "second boot, no task left: power-on to disk in $(( $(date +%s) - start )) s, nothing downloaded"

set_config srv1 "fallthrough.ipxe.builds=none@org.karafpxe.engine"
server_logged srv1 "instead of iPXE builds (none)" "fallthrough.ipxe.builds = none"
start=$(date +%s)
# shellcheck disable=SC2046
vm_boot uefi uefi 150 E2E-DISK-UEFI-BOOTED $(uefi_disk_args "$E2E_WORK/disk.img") \
  || fail "third boot: exit 1 did not make OVMF go on to the disk"
grep -aq "ipxe/s/" "$E2E_WORK/serial-uefi.log" || fail "third boot: iPXE did not fetch the device's script"
log "third boot, through iPXE's exit 1: power-on to disk in $(( $(date +%s) - start )) s"

set_config srv1 "localboot.x64-uefi=exit@org.karafpxe.provider.ipxe.scripts"
# The running server picks the file up and logs its local-boot lines anew.
server_logged srv1 "iPXE scripts: local boot .*x64-uefi: exit," "localboot.x64-uefi = exit"
# shellcheck disable=SC2046
vm_boot uefi uefi 120 'starting Boot0000 "UiApp"' $(uefi_disk_args "$E2E_WORK/disk.img") \
  || fail "companion check: with a bare exit OVMF did not stop in its boot manager"
grep -aq "ipxe/s/" "$E2E_WORK/serial-uefi.log" || fail "companion check: iPXE did not fetch the device's script"
grep -aq E2E-DISK-UEFI-BOOTED "$E2E_WORK/serial-uefi.log" && fail "companion check: with a bare exit OVMF booted the disk"
log "companion check: a bare exit left OVMF in its boot manager (UiApp), the disk not booted"
log "PASS"

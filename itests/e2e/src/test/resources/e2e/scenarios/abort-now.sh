#!/usr/bin/env bash
# Abort now (WDS's AbortPXE.com): with the boot program "abort", PXE firmware gets a boot menu
# whose only item, local boot, is chosen at once: nothing is downloaded and the firmware moves on.
# BIOS (SeaBIOS's iPXE ROM) boots its disk; OVMF's own PXE client cancels network boot.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 "bootfile.ipxe=abort@org.karafpxe.provider.policy" "bootfile.x64-uefi=abort@org.karafpxe.provider.policy"
bios_disk "$E2E_WORK/disk.img" E2E-DISK-BIOS-BOOTED
# shellcheck disable=SC2046
vm_boot bios bios 60 E2E-DISK-BIOS-BOOTED $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "BIOS: the aborted client did not boot its disk"
grep -aq "tftp://" "$E2E_WORK/serial-bios.log" && fail "BIOS: the aborted client downloaded something"

vm_boot uefi uefi 90 "PXE-E21" || fail "UEFI: OVMF did not cancel network boot (PXE-E21: Remote boot cancelled)"
grep -aq "Downloading NBP file" "$E2E_WORK/serial-uefi.log" && fail "UEFI: the aborted client downloaded an NBP"
decisions=$(server_cmd srv1 "pxe:requests -n 10")
echo "$decisions" | grep -q "x86-bios.*abort (local boot)" || fail "no abort decision for the BIOS client: $decisions"
echo "$decisions" | grep -q "x64-uefi.*abort (local boot)" || fail "no abort decision for the UEFI client: $decisions"
log "PASS"

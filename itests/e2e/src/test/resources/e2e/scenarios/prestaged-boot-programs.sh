#!/usr/bin/env bash
# Which boot program a prestaged machine gets, on real firmware. Three levels, each with a marker
# of its own: the device's own boot program, the prestaged provider's bootfile.<architecture>,
# the policy's defaults (bootfile.ipxe and bootfile.<architecture>, for machines not prestaged).
#  1. SeaBIOS's iPXE ROM (an iPXE client at its first DHCP), device with a boot program of its
#     own and no task: the ipxe provider leaves it to the prestaged provider, which serves the
#     device's program, over both defaults.
#  2. The same device without a boot program: an iPXE client of a prestaged device gets its
#     per-device script from the ipxe provider (no task: local boot, exit 1), not the prestaged
#     default for x86-bios, which is for PXE firmware that is not iPXE yet; SeaBIOS boots its disk.
#  3. OVMF's own PXE client (not iPXE), device without a boot program, with a task: the
#     firmware's request (67, then 4011) gets the prestaged default for x64-uefi, a copy of
#     snponly.efi under another name, over the policy's snponly.efi; the iPXE it starts asks
#     again and gets the device's script, which runs the task.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 \
  "bootfile.ipxe=boot/policy.ipxe@org.karafpxe.provider.policy" \
  "bootfile.x86-bios=boot/prestaged-bios.ipxe@org.karafpxe.provider.prestaged" \
  "bootfile.x64-uefi=prestaged/snponly.efi@org.karafpxe.provider.prestaged"
tftp=$E2E_WORK/srv1/tftpboot
mkdir -p "$tftp/boot" "$tftp/prestaged"
marker_script E2E-POLICY-DEFAULT > "$tftp/boot/policy.ipxe"
marker_script E2E-PRESTAGED-DEFAULT-BIOS > "$tftp/boot/prestaged-bios.ipxe"
marker_script E2E-DEVICE-OWN-PROGRAM > "$tftp/boot/own.ipxe"
cp /usr/lib/ipxe/snponly.efi "$tftp/prestaged/snponly.efi"
marker_script E2E-UEFI-DEVICE-TASK > "$E2E_WORK/uefi-task.ipxe"
bios_disk "$E2E_WORK/disk.img" E2E-DISK-BIOS-BOOTED
karaf_log="$E2E_WORK/srv1/karaf/data/log/karaf.log"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:56 --boot-program boot/own.ipxe bios-vm" | grep -q "Added device" \
  || fail "pxe:device-add bios-vm failed"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:57 uefi-vm" | grep -q "Added device" || fail "pxe:device-add uefi-vm failed"
server_cmd srv1 "pxe:task-set --file $E2E_WORK/uefi-task.ipxe uefi-vm" | grep -q . || fail "pxe:task-set uefi-vm failed"
log_since() { tail -n +"$(( $1 + 1 ))" "$karaf_log" | grep -a "| requests \|| scripts " | cut -d'|' -f6-; }
markers() { tr -d '\r' < "$E2E_WORK/serial-$1.log" | grep -ao "E2E-[A-Z0-9-]*" | sort -u | tr '\n' ' '; }

# 1. The device's own boot program.
mark=$(wc -l < "$karaf_log")
# shellcheck disable=SC2046
vm_boot bios bios 60 E2E-DEVICE-OWN-PROGRAM $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "BIOS: the device's own boot program did not run (seen: $(markers bios))"
since=$(log_since "$mark")
echo "$since" | grep "67 DISCOVER iPXE mac=52:54:00:12:34:56" \
  | grep -q "boot/own.ipxe to .* by SERVICE by prestaged (prestaged bios-vm (by MAC)) .*\[.*ipxe PASS" \
  || fail "BIOS: the server's log does not show the prestaged provider serving boot/own.ipxe after ipxe passed: $since"
server_cmd srv1 "pxe:requests -n 1" | grep -Eq " 67 \| 52:54:00:12:34:56 .* x86-bios \| iPXE +\| prestaged +\| SERVICE +\| boot/own.ipxe" \
  || fail "BIOS: pxe:requests has no prestaged decision with boot/own.ipxe"

# 2. No boot program of its own: the per-device local-boot script, then the disk.
server_cmd srv1 "pxe:device-set --clear-boot-program bios-vm" >/dev/null || fail "pxe:device-set --clear-boot-program failed"
server_cmd srv1 "pxe:device-show bios-vm" | grep -q "own.ipxe" && fail "bios-vm still has its boot program"
mark=$(wc -l < "$karaf_log")
# shellcheck disable=SC2046
vm_boot bios bios 60 E2E-DISK-BIOS-BOOTED $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "BIOS: without a boot program of its own, the device did not boot its disk (seen: $(markers bios))"
since=$(log_since "$mark")
echo "$since" | grep "67 DISCOVER iPXE mac=52:54:00:12:34:56" | grep -Eq "$DEVICE_SCRIPT to .* by SERVICE by ipxe \(prestaged bios-vm \(by MAC\)" \
  || fail "BIOS: the ipxe provider did not answer with the device's script: $since"
echo "$since" | grep -Eq "iPXE script $DEVICE_SCRIPT for .*, device bios-vm .*local boot" \
  || fail "BIOS: the server's log has no local-boot script of bios-vm served: $since"

# 3. OVMF: the prestaged default for x64-uefi, then the device's script with its task.
mark=$(wc -l < "$karaf_log")
vm_boot uefi uefi 120 E2E-UEFI-DEVICE-TASK || fail "UEFI: the device's task did not run (seen: $(markers uefi))"
serial=$(tr -d '\r' < "$E2E_WORK/serial-uefi.log")
echo "$serial" | grep -aq "NBP filename is prestaged/snponly.efi" \
  || fail "UEFI: OVMF was not given the prestaged default: $(echo "$serial" | grep -a 'NBP filename')"
since=$(log_since "$mark")
decisions=$(server_cmd srv1 "pxe:requests -n 5")
for port in 67 4011; do
  echo "$decisions" | grep -Eq " $port \| 52:54:00:12:34:57 .* x64-uefi \| PXE +\| prestaged +\| SERVICE +\| prestaged/snponly.efi" \
    || fail "UEFI: no prestaged decision with prestaged/snponly.efi on port $port: $decisions"
done
echo "$decisions" | grep -Eq " 67 \| 52:54:00:12:34:57 .* x64-uefi \| iPXE +\| ipxe +\| SERVICE +\| $DEVICE_SCRIPT" \
  || fail "UEFI: the iPXE request got no device script: $decisions"
echo "$since" | grep -Eq "iPXE script $DEVICE_SCRIPT for .*, device uefi-vm .*task" \
  || fail "UEFI: the server's log has no task script of uefi-vm served: $since"

# The policy's defaults were never given to these prestaged machines.
log_since 0 | grep -Eq "(boot/policy.ipxe|[^/]snponly.efi) to " && fail "a policy default was served: $(log_since 0)"
grep -aq "E2E-POLICY-DEFAULT\|E2E-PRESTAGED-DEFAULT-BIOS" "$E2E_WORK"/serial-*.log* && fail "a default script ran on a prestaged machine"
log "PASS"

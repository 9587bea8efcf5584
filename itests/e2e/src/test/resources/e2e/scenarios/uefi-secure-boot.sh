#!/usr/bin/env bash
# UEFI Secure Boot (OVMF with Microsoft's keys enrolled, as business PCs ship). iPXE's snponly.efi
# is not signed: the firmware refuses it. The signed chain (Debian's shim, signed by Microsoft's
# UEFI CA, then Debian's network GRUB) boots instead: a machine that is not prestaged falls through
# to its disk at once (shim is refused GRUB and returns to the firmware); a prestaged machine runs
# its one-shot task written for GRUB (a kernel signed by Debian, which prints its command line),
# and its next boot falls through to its disk. Debian's GRUB reads its configuration from the
# address server's next-server, so dnsmasq names this server there.
source "$(dirname "$0")/../lib.sh"
secure_boot_require
e2e_setup --dhcp-option=option:server-ip-address,$SUBNET.2
# The first boot shows iPXE refused: a machine with no task would be sent to its disk without it.
server_start srv1 1 "fallthrough.ipxe.builds=none@org.karafpxe.engine"
uefi_disk "$E2E_WORK/disk.img" E2E-DISK-UEFI-BOOTED signed
# 1 GiB: the EFI stub of Debian's kernel needs more than 256 MiB to decompress it.
disk="$(uefi_disk_args "$E2E_WORK/disk.img") -m 1024"

# shellcheck disable=SC2086
vm_boot sb uefi-sb 120 'Access Denied' $disk || fail "Secure Boot did not refuse snponly.efi"
grep -aq "NBP filename is snponly.efi" "$E2E_WORK/serial-sb.log" || fail "the machine was not given snponly.efi"
grep -aq 'failed to load Boot.*UEFI PXEv4.*Access Denied' "$E2E_WORK/serial-sb.log" \
  || fail "the refusal was not of the PXE boot option"
log "snponly.efi downloaded and refused under Secure Boot (Access Denied)"

# The signed chain for the architecture: a machine that is not prestaged falls through at once.
set_config srv1 "bootfile.x64-uefi=grub/shimx64.efi@org.karafpxe.provider.policy"
for _ in $(seq 1 60); do
  server_cmd srv1 "pxe:explain --mac 52:54:00:12:34:57 --arch x64-uefi" | grep -q "grub/shimx64.efi" && break
  sleep 0.5
done
server_cmd srv1 "pxe:explain --mac 52:54:00:12:34:57 --arch x64-uefi" | grep -q "grub/shimx64.efi" \
  || fail "the server did not take bootfile.x64-uefi = grub/shimx64.efi"
start=$(date +%s)
# shellcheck disable=SC2086
vm_boot sb uefi-sb 120 E2E-DISK-UEFI-BOOTED $disk || fail "the unknown machine did not reach its disk"
log "unknown machine: power-on to disk in $(( $(date +%s) - start )) s"
grep -aq "Fetching Netboot Image grub/grubx64.efi" "$E2E_WORK/serial-sb.log" || fail "shim did not ask for GRUB"
grep -aq 'failed to start Boot.*UEFI PXEv4.*Not Found' "$E2E_WORK/serial-sb.log" \
  || fail "shim did not return Not Found to the firmware"
server_cmd srv1 "pxe:requests -n 10" | grep -q "x64-uefi .*grub/shimx64.efi" || fail "no decision with grub/shimx64.efi"

# A prestaged machine on the signed chain with a one-shot task written for GRUB.
mkdir -p "$E2E_WORK/srv1/tftpboot/kernels"
cp "$E2E_SIGNED_KERNEL" "$E2E_WORK/srv1/tftpboot/kernels/vmlinuz"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:57 --boot-program grub/shimx64.efi sb-vm" >/dev/null \
  || fail "pxe:device-add failed"
refusal=$(server_cmd srv1 "pxe:task-set --one-shot --script 'chain http://$SUBNET.2:8080/x.ipxe' sb-vm" || true)
echo "$refusal" | grep -q "boots the signed chain" || fail "an iPXE task was not refused for the signed chain: $refusal"
server_cmd srv1 "pxe:task-set --one-shot --kernel /kernels/vmlinuz --cmdline 'console=ttyS0 panic=-1 E2E-SB-TASK-RAN' sb-vm" \
  | grep -q "#!grub" || fail "pxe:task-set --kernel did not write a task for GRUB"
server_cmd srv1 "pxe:explain --mac 52:54:00:12:34:57 --arch x64-uefi" | grep -q "signed chain grub/s/" \
  || fail "pxe:explain does not show the signed chain: $(server_cmd srv1 'pxe:explain --mac 52:54:00:12:34:57 --arch x64-uefi')"
# shellcheck disable=SC2086
vm_boot sb uefi-sb 150 'Command line:.*E2E-SB-TASK-RAN' $disk || fail "the task's signed kernel did not start"
grep -aq "Fetching Netboot Image grub/s/[a-z2-7]*/grubx64.efi" "$E2E_WORK/serial-sb.log" \
  || fail "shim did not fetch GRUB under the machine's ticket"
server_cmd srv1 "pxe:task-list" | grep -q "sb-vm" && fail "the one-shot task was not taken"
log "prestaged machine: its one-shot task ran through shim, GRUB and a signed kernel"

start=$(date +%s)
# shellcheck disable=SC2086
vm_boot sb uefi-sb 120 E2E-DISK-UEFI-BOOTED $disk || fail "after its task, the machine did not reach its disk"
log "after its task: power-on to disk in $(( $(date +%s) - start )) s"
grep -aq 'failed to start Boot.*UEFI PXEv4.*Not Found' "$E2E_WORK/serial-sb.log" \
  || fail "the next boot did not fall through from shim"

# Why the fall-through is shim's and not GRUB's: GRUB's own "exit" reports success, and OVMF then
# stops in its boot manager instead of booting the disk (as after iPXE's bare "exit").
printf '#!grub\nexit\n' > "$E2E_WORK/exit.grub"
server_cmd srv1 "pxe:task-set --file $E2E_WORK/exit.grub sb-vm" | grep -q "#!grub" || fail "pxe:task-set (exit) failed"
# shellcheck disable=SC2086
vm_boot sb uefi-sb 120 'starting Boot0000 "UiApp"' $disk || fail "GRUB's exit did not leave OVMF in its boot manager"
grep -aq E2E-DISK-UEFI-BOOTED "$E2E_WORK/serial-sb.log" && fail "after GRUB's exit OVMF booted the disk"
server_cmd srv1 "pxe:task-clear sb-vm" >/dev/null || fail "pxe:task-clear failed"
log "companion check: GRUB's exit left OVMF in its boot manager (UiApp), the disk not booted"

# The press-a-key prompt through the signed chain: GRUB waits for Esc before the task.
set_config srv1 "prompt.timeout.s=4@org.karafpxe.provider.grub.files"
server_logged srv1 "Signed chain: .*prompt before a task: 4 s" "prompt.timeout.s = 4"
task="pxe:task-set --one-shot --kernel /kernels/vmlinuz --cmdline 'console=ttyS0 panic=-1 E2E-SB-TASK-RAN' sb-vm"
server_cmd srv1 "$task" >/dev/null || fail "pxe:task-set failed"
export VM_MONITOR="$E2E_WORK/monitor-sb.sock"
press_key_on sb "Press Esc for network boot" esc
# shellcheck disable=SC2086
vm_boot sb uefi-sb 150 'Command line:.*E2E-SB-TASK-RAN' $disk || fail "Esc pressed at the prompt: the task did not run"
log "prompt, Esc pressed: the one-shot task ran"
server_cmd srv1 "$task" >/dev/null || fail "pxe:task-set failed"
# shellcheck disable=SC2086
vm_boot sb uefi-sb 150 'No key pressed: restarting' $disk || fail "prompt, nothing pressed: GRUB did not restart"
grep -aq "E2E-SB-TASK-RAN" "$E2E_WORK/serial-sb.log" && fail "prompt, nothing pressed: the task ran"
# shellcheck disable=SC2086
vm_boot sb uefi-sb 120 E2E-DISK-UEFI-BOOTED $disk || fail "prompt, nothing pressed: the restart did not reach the disk"
server_cmd srv1 "pxe:task-list" | grep -q "sb-vm" || fail "prompt, nothing pressed: the one-shot task did not stay"
log "prompt, nothing pressed: restarted, the disk booted, the one-shot task stays"
log "PASS"

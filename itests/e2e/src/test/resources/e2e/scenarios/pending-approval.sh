#!/usr/bin/env bash
# WDS's "require administrator approval" on real firmware: an unknown BIOS machine (SeaBIOS with its
# iPXE ROM) waits on its screen, is approved from the console, and runs its task without a reboot
# (QEMU runs with -no-reboot: a reboot would end it); an unknown UEFI machine (OVMF's own PXE, then
# iPXE) waits, is rejected, and boots its disk.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 "approval=true@org.karafpxe.provider.policy" \
  "approval.poll.s=2@org.karafpxe.provider.ipxe.scripts"
bios_disk "$E2E_WORK/disk.img" E2E-DISK-BIOS-BOOTED
uefi_disk "$E2E_WORK/uefi-disk.img" E2E-DISK-UEFI-BOOTED

# waiting_on NAME: until the VM's console says it waits for approval (60 s at most).
waiting_on() {
  local i
  for i in $(seq 1 120); do
    grep -aq "waits for an administrator's approval" "$E2E_WORK/serial-$1.log" 2>/dev/null && return 0
    sleep 0.5
  done
  fail "$1: no 'waits for approval' on its console"
}

# shellcheck disable=SC2046
( vm_boot bios bios 180 E2E-APPROVED-TASK-RAN $(bios_disk_args "$E2E_WORK/disk.img"); echo $? > "$E2E_WORK/bios.rc" ) &
bios_job=$!
waiting_on bios
server_cmd srv1 "pxe:pending-list" | grep -q "52:54:00:12:34:56.*pending" \
  || fail "the waiting BIOS machine is not in pxe:pending-list"
approved=$(date +%s)
server_cmd srv1 "pxe:pending-approve --name bios-vm --one-shot --task-script 'echo E2E-APPROVED-TASK-RAN' 52:54:00:12:34:56" \
  | grep -q "Approved pending" || fail "pxe:pending-approve failed"
wait "$bios_job"
[ "$(cat "$E2E_WORK/bios.rc")" = 0 ] || fail "approved, the BIOS machine did not run its task without a reboot"
log "approved: the task ran $(( $(date +%s) - approved )) s after pxe:pending-approve, without a reboot"
server_cmd srv1 "pxe:task-list" | grep -q "bios-vm" && fail "the one-shot task that ran was not taken"

# shellcheck disable=SC2046
# Another machine: its own SMBIOS GUID (the approved one is known by its GUID too).
( VM_GUID=8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e60 vm_boot uefi uefi 240 E2E-DISK-UEFI-BOOTED $(uefi_disk_args "$E2E_WORK/uefi-disk.img"); echo $? > "$E2E_WORK/uefi.rc" ) &
uefi_job=$!
waiting_on uefi
server_cmd srv1 "pxe:pending-reject 52:54:00:12:34:57" | grep -q "Rejected pending" || fail "pxe:pending-reject failed"
rejected=$(date +%s)
wait "$uefi_job"
[ "$(cat "$E2E_WORK/uefi.rc")" = 0 ] || fail "rejected, the UEFI machine did not boot its disk"
took=$(( $(date +%s) - rejected ))
log "rejected: the UEFI machine booted its disk $took s after pxe:pending-reject"
# Its HTTP boot options are told to give up at once (12 s measured); waited out, they take two minutes.
[ "$took" -le 60 ] || fail "rejected, the UEFI machine took $took s to its disk: its later boot options waited"
server_cmd srv1 "pxe:pending-list" | grep -q "52:54:00:12:34:57.*rejected" || fail "the rejection is not listed"
audit=$(server_cmd srv1 "pxe:audit -n 10")
echo "$audit" | grep -Eq "pxe-admin +\| pending-rejected +\| 52:54:00:12:34:57" \
  || fail "the rejection is not in the audit trail as the console user's: $audit"
echo "$audit" | grep -Eq "pxe-admin +\| device-add +\| bios-vm" || fail "the approval's device is not in the audit trail: $audit"
log "PASS"

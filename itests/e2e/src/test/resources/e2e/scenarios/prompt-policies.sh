#!/usr/bin/env bash
# WDS's prompt policies on real firmware (SeaBIOS with its iPXE ROM): opt-out with nothing pressed
# runs the one-shot task; opt-out with Esc pressed (QEMU's sendkey) boots the disk and the task
# stays; a device whose own policy is "noprompt" runs its task with no prompt at all. Then the same
# machine, no longer prestaged, with prompt.new = optin: nothing pressed, it boots its disk; F12
# pressed, the policy's script runs.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 "prompt.timeout.s=3@org.karafpxe.provider.ipxe.scripts" "prompt.known=optout@org.karafpxe.provider.ipxe.scripts"
bios_disk "$E2E_WORK/disk.img" E2E-DISK-BIOS-BOOTED
serial="$E2E_WORK/serial-bios.log"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:56 bios-vm" >/dev/null || fail "pxe:device-add failed"

server_cmd srv1 "pxe:task-set --one-shot --script 'echo E2E-OPT-OUT-TASK-RAN' bios-vm" | grep -q . \
  || fail "pxe:task-set failed"
# shellcheck disable=SC2046
vm_boot bios bios 120 E2E-OPT-OUT-TASK-RAN $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "opt-out, nothing pressed: the task did not run"
grep -aq "Press Esc to boot from the disk instead" "$serial" || fail "opt-out: no prompt on the console"
server_cmd srv1 "pxe:task-list" | grep -q "bios-vm" && fail "opt-out: the one-shot task that ran was not taken"
log "opt-out, nothing pressed: the task ran"

server_cmd srv1 "pxe:task-set --one-shot --script 'echo E2E-OPT-OUT-TASK-RAN-ANYWAY' bios-vm" | grep -q . \
  || fail "pxe:task-set failed"
export VM_MONITOR="$E2E_WORK/monitor-bios.sock"
press_key_on bios "Press Esc to boot from the disk instead" esc
# shellcheck disable=SC2046
vm_boot bios bios 120 E2E-DISK-BIOS-BOOTED $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "opt-out, Esc pressed: the machine did not boot its disk"
unset VM_MONITOR
grep -aq "E2E-OPT-OUT-TASK-RAN-ANYWAY" "$serial" && fail "opt-out: the task ran although Esc was pressed"
server_cmd srv1 "pxe:task-list" | grep -q "bios-vm" || fail "opt-out: the task was taken although it did not run"
log "opt-out, Esc pressed: the disk booted and the task stays"

set_config srv1 "prompt.device.bios-vm=noprompt@org.karafpxe.provider.ipxe.scripts"
server_logged srv1 "press-a-key prompt for 3 s, prestaged machines opt-out, bios-vm no prompt" \
  "prompt.device.bios-vm = noprompt"
# shellcheck disable=SC2046
vm_boot bios bios 120 E2E-OPT-OUT-TASK-RAN-ANYWAY $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "noprompt: the task did not run"
grep -aq "Press Esc to boot from the disk instead" "$serial" && fail "noprompt: the machine was prompted"
log "the device's own policy, noprompt: the task ran with no prompt"

server_cmd srv1 "pxe:device-remove bios-vm" >/dev/null || fail "pxe:device-remove failed"
marker_script E2E-NEW-MACHINE-SCRIPT-RAN > "$E2E_WORK/srv1/tftpboot/new.ipxe"
set_config srv1 "bootfile.ipxe=new.ipxe@org.karafpxe.provider.policy"
set_config srv1 "prompt.new=optin@org.karafpxe.provider.policy"
server_logged srv1 "prompt for new machines: optin" "prompt.new = optin"
# shellcheck disable=SC2046
vm_boot bios bios 120 E2E-DISK-BIOS-BOOTED $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "new machine, opt-in, nothing pressed: the machine did not boot its disk"
grep -aq "Press F12 for network boot" "$serial" || fail "new machine: no opt-in prompt on the console"
grep -aq "E2E-NEW-MACHINE-SCRIPT-RAN" "$serial" && fail "new machine: the script ran without the key"
export VM_MONITOR="$E2E_WORK/monitor-bios.sock"
press_key_on bios "Press F12 for network boot" f12
# shellcheck disable=SC2046
vm_boot bios bios 120 E2E-NEW-MACHINE-SCRIPT-RAN $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "new machine, opt-in, F12 pressed: the policy's script did not run"
unset VM_MONITOR
log "a new machine with prompt.new = optin: nothing pressed, the disk; F12 pressed, the policy's script"
log "PASS"

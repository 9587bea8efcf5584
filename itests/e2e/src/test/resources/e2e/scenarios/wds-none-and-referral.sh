#!/usr/bin/env bash
# WDS semantics with real firmware, on two servers: srv1 answers, srv2 is a second boot server
# that answers no client itself (its answer policy is none) but serves boot files.
#  1. Answer policy none takes srv1 out of service: a prestaged BIOS machine with a one-shot task
#     boots its disk and keeps its task; back to all, the task runs.
#  2. A referral alone refers: the same machine, referred to srv2 and without a boot program,
#     fetches the policy's default from srv2 (BIOS iPXE ROM), and so does an OVMF machine (native
#     UEFI PXE, then iPXE) for its boot program and then its script.
source "$(dirname "$0")/../lib.sh"
e2e_setup
SRV2=$SUBNET.3
server_start srv1 1 "bootfile.ipxe=boot.ipxe@org.karafpxe.provider.policy"
server_start srv2 2 "mode=none@org.karafpxe.provider.policy"
server_cmd srv2 "log:set DEBUG org.karafpxe.tftp" >/dev/null
marker_script E2E-SERVED-BY-SRV1 > "$E2E_WORK/srv1/tftpboot/boot.ipxe"
marker_script E2E-SERVED-BY-SRV2 > "$E2E_WORK/srv2/tftpboot/boot.ipxe"
bios_disk "$E2E_WORK/disk.img" E2E-DISK-BIOS-BOOTED
marker_script E2E-BIOS-TASK-RAN > "$E2E_WORK/task.ipxe"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:56 bios-vm" >/dev/null || fail "pxe:device-add failed"
server_cmd srv1 "pxe:task-set --one-shot --file $E2E_WORK/task.ipxe bios-vm" | grep -q . || fail "pxe:task-set failed"

# 1. Out of service.
server_cmd srv1 "pxe:policy-set --mode none" | grep -q "out of service" || fail "pxe:policy-set --mode none"
server_cmd srv1 "pxe:explain --mac 52:54:00:12:34:56 --arch 0 --ipxe" | grep -q "IGNORE by chain: answer policy is none" \
  || fail "pxe:explain does not say that the server is out of service"
# shellcheck disable=SC2046
vm_boot none bios 120 E2E-DISK-BIOS-BOOTED $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "under answer policy none, the prestaged machine did not boot its disk"
decisions=$(server_cmd srv1 "pxe:requests -n 10")
echo "$decisions" | grep -q "52:54:00:12:34:56.*IGNORE.*answer policy is none" \
  || fail "no out-of-service decision for the prestaged machine: $decisions"
echo "$decisions" | grep -q "SERVICE" && fail "a client was answered while out of service: $decisions"
server_cmd srv1 "pxe:task-list" | grep -q "bios-vm" || fail "the one-shot task was used up while out of service"
server_cmd srv1 "pxe:policy-set --mode all" >/dev/null
# shellcheck disable=SC2046
vm_boot all bios 90 E2E-BIOS-TASK-RAN $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "back to answer policy all, the one-shot task did not run"

# 2. Referrals.
refused=$(ip netns exec "kpxe$E2E_ID-srv1" "$E2E_WORK/srv1/karaf/bin/pxe" \
  "pxe:device-set --referral-server 127.0.0.1 bios-vm" 2>&1 || true)
echo "$refused" | grep -q "invalid referralServer '127.0.0.1': a loopback address" \
  || fail "a loopback referral server was not refused when set: $refused"
server_cmd srv1 "pxe:device-show bios-vm" | grep -q "Referral server: - (this server)" \
  || fail "a refused referral server was written"
server_cmd srv1 "pxe:device-set --referral-server $SRV2 bios-vm" | grep -q "$SRV2" || fail "pxe:device-set --referral-server"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:57 --referral-server $SRV2 uefi-vm" >/dev/null \
  || fail "pxe:device-add --referral-server"
server_cmd srv1 "pxe:explain --mac 52:54:00:12:34:56 --arch 0 --ipxe" | grep -q "SERVICE by policy: boot boot.ipxe from $SRV2" \
  || fail "pxe:explain does not refer the device: $(server_cmd srv1 "pxe:explain --mac 52:54:00:12:34:56 --arch 0 --ipxe")"
# shellcheck disable=SC2046
vm_boot bref bios 90 E2E-SERVED-BY-SRV2 $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "the referred BIOS machine did not boot srv2's program"
server_cmd srv1 "pxe:requests -n 5" | grep -q "52:54:00:12:34:56.*policy.*SERVICE.*boot.ipxe" \
  || fail "srv1 has no referral decision: $(server_cmd srv1 "pxe:requests -n 5")"
grep -a "serving boot.ipxe to /$SUBNET.1[0-9][0-9]" "$E2E_WORK/srv2/karaf/data/log/karaf.log" | grep -q . \
  || fail "srv2's log shows no transfer of boot.ipxe"

vm_boot uref uefi 180 E2E-SERVED-BY-SRV2 || fail "the referred UEFI machine did not boot srv2's program"
grep -a "serving snponly.efi to /$SUBNET.1[0-9][0-9]" "$E2E_WORK/srv2/karaf/data/log/karaf.log" | grep -q . \
  || fail "srv2's log shows no transfer of snponly.efi to the UEFI machine"
server_cmd srv1 "pxe:requests -n 10" | grep -q "52:54:00:12:34:57.*x64-uefi.*SERVICE.*snponly.efi" \
  || fail "srv1 has no referral decision for the UEFI machine: $(server_cmd srv1 "pxe:requests -n 10")"
log "PASS"

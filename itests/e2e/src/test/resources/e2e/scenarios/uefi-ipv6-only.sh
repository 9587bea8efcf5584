#!/usr/bin/env bash
# An IPv6-only segment: dnsmasq leases IPv6 addresses (stateful DHCPv6, RAs with the M flag) and
# no IPv4 ones; this server beside it. A prestaged OVMF machine with a one-shot task boots PXE over
# IPv6: a proxy ADVERTISE from this server, its address from dnsmasq, its boot file
# (tftp://[fd00:213::2]/snponly.efi) on port 4011, TFTP over IPv6; iPXE gets the hand-over file's
# URL from dnsmasq (option 59 for user class iPXE), fetches it over HTTP over IPv6 and runs the
# machine's task. Then HTTP boot over IPv6 of the same file runs a second task the same way, and
# with no task left iPXE over IPv6 exits back to the firmware ("exit 1").
source "$(dirname "$0")/../lib.sh"
export E2E_IPV6_ONLY=1 SERVER_IPV6=1
# shellcheck disable=SC2016
e2e_setup --dhcp-range=fd00:213::100,fd00:213::1ff,64,10m --dhcp-userclass=set:ipxe6,iPXE \
  '--dhcp-option=tag:ipxe6,option6:bootfile-url,http://[fd00:213::2]:8080/boot/ipxe/v6/${net0/mac:hexhyp}.ipxe'
server_start srv1 1 "bootfile.x64-uefi-http=snponly.efi@org.karafpxe.provider.policy"
uefi_disk "$E2E_WORK/disk.img" E2E-DISK-UEFI-BOOTED
marker_script E2E-UEFI-IPV6-PXE-TASK-RAN > "$E2E_WORK/task.ipxe"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:57 uefi-vm" >/dev/null || fail "pxe:device-add failed"
server_cmd srv1 "pxe:task-set --one-shot --file $E2E_WORK/task.ipxe uefi-vm" | grep -q . || fail "pxe:task-set failed"

# OVMF's own boot options, PXE over IPv4 off (no IPv4 here): PXE over IPv6 comes first.
export OVMF_DEFAULTS=1
start=$(date +%s)
# shellcheck disable=SC2046
vm_boot pxe6 uefi 240 E2E-UEFI-IPV6-PXE-TASK-RAN -fw_cfg name=opt/org.tianocore/IPv4PXESupport,string=no \
  $(uefi_disk_args "$E2E_WORK/disk.img") || fail "PXE over IPv6: the one-shot task did not run"
log "PXE over IPv6 to the task: $(( $(date +%s) - start )) s"
serial="$E2E_WORK/serial-pxe6.log" karaf_log="$E2E_WORK/srv1/karaf/data/log/karaf.log"
grep -aq "Station IP address is FD00:213:" "$serial" || fail "OVMF did not get its IPv6 address from dnsmasq"
grep -aq "NBP filename is snponly.efi" "$serial" || fail "OVMF's PXE over IPv6 did not get snponly.efi"
grep -aq "4011v6 REQUEST firmware .*REPLY tftp://\[fd00:213:" "$karaf_log" \
  || fail "no REPLY with a tftp://[...] boot file on port 4011 over IPv6"
grep -aq "Filename: http://\[fd00:213::2\]:8080/boot/ipxe/v6/52-54-00-12-34-57.ipxe" "$serial" \
  || fail "iPXE did not get the hand-over file's URL from dnsmasq"
grep -aq "547 SOLICIT iPXE .*ipxe/v6/52-54-00-12-34-57.ipxe will chain http://\[fd00:213:" "$karaf_log" \
  || fail "iPXE's SOLICIT was not decided"
grep -aq "iPXE script ipxe/s/.* for fd00:213:.*task (one-shot" "$karaf_log" \
  || fail "the machine's task script was not fetched over IPv6"
stats=$(server_cmd srv1 "pxe:dhcp-stats")
echo "$stats" | grep -Eq "answered\.offer +\| +[0-9]+ +\| +[1-9]" || fail "no DHCPv6 ADVERTISE counted: $stats"
echo "$stats" | grep -Eq "answered\.ack +\| +[0-9]+ +\| +[1-9]" || fail "no DHCPv6 REPLY counted: $stats"
echo "$stats" | grep -Eq "pxe6 +\| \[::\]:4011 +\| listening" || fail "port 4011 over IPv6 is not listed: $stats"
server_cmd srv1 "pxe:tftp-stats" | grep -Eq "Transfers completed +\| +[1-9]" || fail "no TFTP transfer completed"

# HTTP boot over IPv6 of the same file (PXE off on both families): a second one-shot task.
marker_script E2E-UEFI-IPV6-HTTP-TASK-RAN > "$E2E_WORK/task2.ipxe"
server_cmd srv1 "pxe:task-set --one-shot --file $E2E_WORK/task2.ipxe uefi-vm" | grep -q . || fail "pxe:task-set failed"
start=$(date +%s)
# shellcheck disable=SC2046
vm_boot http6 uefi 300 E2E-UEFI-IPV6-HTTP-TASK-RAN -fw_cfg name=opt/org.tianocore/IPv4PXESupport,string=no \
  -fw_cfg name=opt/org.tianocore/IPv6PXESupport,string=no $(uefi_disk_args "$E2E_WORK/disk.img") \
  || fail "HTTP boot over IPv6: the one-shot task did not run"
log "HTTP boot over IPv6 to the task: $(( $(date +%s) - start )) s"
grep -aq "URI: http://\[fd00:213:.*\]:8080/boot/snponly.efi" "$E2E_WORK/serial-http6.log" \
  || fail "HTTP boot over IPv6 did not get this server's URL for snponly.efi"

# No task left: the hand-over file sends iPXE over IPv6 on (exit 1), and the firmware goes on
# to its next boot option (HTTP boot over IPv4, which waits about a minute on a segment without
# IPv4 addresses whatever answers it: the scenario stops there).
# shellcheck disable=SC2046
vm_boot after uefi 120 ">>Start HTTP Boot over IPv4" -fw_cfg name=opt/org.tianocore/IPv4PXESupport,string=no \
  $(uefi_disk_args "$E2E_WORK/disk.img") || fail "with its task done, iPXE did not send the machine on"
grep -aq "52-54-00-12-34-57.ipxe : [0-9]* bytes \[script\]" "$E2E_WORK/serial-after.log" \
  || fail "iPXE did not fetch its hand-over file"
# iPXE asks over DHCPv4 and DHCPv6 at once: the hand-over says exit 1 when the IPv4 answer (local
# boot) was decided first, else it chains the device's local-boot script, which says it.
grep -aEq "ipxe/v6/52-54-00-12-34-57.ipxe will (exit 1|chain .*, by .*no task: local boot)" "$karaf_log" \
  || fail "the hand-over file did not send the machine to its next boot device"
grep -aq "failed to start Boot0002 \"UEFI PXEv6" "$E2E_WORK/serial-after.log" \
  || fail "PXE over IPv6 did not end when iPXE exited"
log "no task: iPXE over IPv6 ran exit 1 and the firmware went on to its next boot option"
log "PASS"

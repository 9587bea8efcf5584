#!/usr/bin/env bash
# Identification by GUID (option 97) with real firmware. QEMU's -uuid is the machine's SMBIOS UUID,
# which the firmware sends with its first three fields byte-swapped; the device is prestaged with
# the UUID as the firmware shows it (VM_GUID) and with a MAC that is not the VM's.
#  1. SeaBIOS's iPXE ROM is recognised by its GUID alone: the device's task runs.
#  2. OVMF (native PXE, then iPXE), with another MAC again, is recognised by the same GUID.
#  3. A second device holds the BIOS VM's real MAC: the GUID still comes first.
#  4. The GUID banned (pxe:banned-guid-add), the BIOS VM is matched by its MAC: the second
#     device's task runs.
# Machines that are not prestaged would get the policy's script, which says so.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 "bootfile.ipxe=boot.ipxe@org.karafpxe.provider.policy"
marker_script E2E-NOT-PRESTAGED > "$E2E_WORK/srv1/tftpboot/boot.ipxe"
marker_script E2E-TASK-OF-BY-GUID > "$E2E_WORK/by-guid.ipxe"
marker_script E2E-TASK-OF-BY-MAC > "$E2E_WORK/by-mac.ipxe"
karaf_log="$E2E_WORK/srv1/karaf/data/log/karaf.log"
server_cmd srv1 "pxe:device-add --guid $VM_GUID --mac 52:54:00:aa:bb:01 by-guid" | grep -q "Added device" \
  || fail "pxe:device-add by-guid failed"
server_cmd srv1 "pxe:task-set --file $E2E_WORK/by-guid.ipxe by-guid" | grep -q . || fail "pxe:task-set by-guid failed"
# The log lines of the request log and of the scripts served, after the line count given.
log_since() { tail -n +"$(( $1 + 1 ))" "$karaf_log" | grep -a "| requests \|| scripts " | cut -d'|' -f6-; }
# The markers the VM printed, to tell a wrong task from none.
markers() { tr -d '\r' < "$E2E_WORK/serial-$1.log" | grep -ao "E2E-[A-Z-]*" | sort -u | tr '\n' ' '; }

# bios_matched DEVICE BY MARKER WHY REQUEST: boots the BIOS VM until MARKER, then checks that the
# server's log has REQUEST matched to DEVICE by BY (GUID or MAC), and that device's script served.
# Leaves the log lines since the boot in $since.
bios_matched() {
  local device=$1 by=$2 marker=$3 why=$4 request=$5 mark
  mark=$(wc -l < "$karaf_log")
  vm_boot bios bios 60 "$marker" || fail "BIOS: $why (seen: $(markers bios))"
  since=$(log_since "$mark")
  echo "$since" | grep "$request" | grep -q "by ipxe (prestaged $device (by $by)" \
    || fail "BIOS: the server's log does not say it matched $device by $by: $since"
  echo "$since" | grep -Eq "iPXE script $DEVICE_SCRIPT for $SUBNET\.1[0-9][0-9], device $device " \
    || fail "BIOS: the server's log has no script of $device served: $since"
}

# 1. BIOS, by GUID only.
bios_matched by-guid GUID E2E-TASK-OF-BY-GUID "the device prestaged by GUID was not recognised" \
  "67 DISCOVER iPXE mac=52:54:00:12:34:56 guid=$VM_GUID"
server_cmd srv1 "pxe:requests -n 1" | grep -Eq " 67 \| 52:54:00:12:34:56 \| $VM_GUID \| x86-bios .* ipxe +\| SERVICE +\| $DEVICE_SCRIPT" \
  || fail "BIOS: pxe:requests has no device script for the VM's GUID"

# 2. UEFI: native PXE gets iPXE from the policy (the device has no boot program), then iPXE, by GUID, the task.
mark=$(wc -l < "$karaf_log")
vm_boot uefi uefi 120 E2E-TASK-OF-BY-GUID || fail "UEFI: the device prestaged by GUID was not recognised (seen: $(markers uefi))"
since=$(log_since "$mark")
echo "$since" | grep "4011 REQUEST firmware mac=52:54:00:12:34:57 guid=$VM_GUID arch=x64-uefi" | grep -q "snponly.efi" \
  || fail "UEFI: the native PXE request did not carry the VM's GUID or did not get snponly.efi: $since"
echo "$since" | grep "67 DISCOVER iPXE mac=52:54:00:12:34:57 guid=$VM_GUID" | grep -q "by ipxe (prestaged by-guid (by GUID)" \
  || fail "UEFI: the server's log does not say it matched by-guid by GUID: $since"

# 3. A second device with the BIOS VM's MAC: the GUID still wins.
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:56 by-mac" | grep -q "Added device" || fail "pxe:device-add by-mac failed"
server_cmd srv1 "pxe:task-set --file $E2E_WORK/by-mac.ipxe by-mac" | grep -q . || fail "pxe:task-set by-mac failed"
vm_boot bios bios 60 E2E-TASK-OF-BY-GUID || fail "BIOS: with a device on its MAC too, the GUID did not come first (seen: $(markers bios))"

# 4. The GUID banned: the MAC identifies the machine.
server_cmd srv1 "pxe:banned-guid-add --reason shared $VM_GUID" >/dev/null || fail "pxe:banned-guid-add failed"
server_cmd srv1 "pxe:banned-guid-list" | grep -q "$VM_GUID" || fail "the GUID is not listed as banned"
# The chain strips banned GUIDs from requests from its copy of the list, reloaded every 5 s (until
# then the store alone skips the banned GUID when it matches); once pxe:explain shows the GUID
# stripped, requests are decided, and recorded, without it.
for i in $(seq 1 10); do
  server_cmd srv1 "pxe:explain --mac 52:54:00:12:34:56 --guid $VM_GUID --arch 0 --ipxe" | grep -q "prestaged by-mac (by MAC)" \
    && break
  [ "$i" = 10 ] && fail "the ban did not reach the provider chain"
done
bios_matched by-mac MAC E2E-TASK-OF-BY-MAC "with its GUID banned, the machine was not matched by its MAC" \
  "67 DISCOVER iPXE mac=52:54:00:12:34:56"
echo "$since" | grep -q "prestaged by-guid" && fail "BIOS: the banned GUID still matched by-guid: $since"
server_cmd srv1 "pxe:requests -n 1" | grep -Eq " 67 \| 52:54:00:12:34:56 \| - +\| x86-bios .* ipxe +\| SERVICE +\| $DEVICE_SCRIPT" \
  || fail "BIOS: pxe:requests does not show the request without its banned GUID, answered with a device script"
log "PASS"

#!/usr/bin/env bash
# OVMF's own UEFI PXE client: the BINL offer, its REQUEST to port 4011, snponly.efi over our TFTP,
# then iPXE asks again and runs the script.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 "bootfile.ipxe=boot.ipxe@org.karafpxe.provider.policy"
marker_script E2E-UEFI-SCRIPT-RAN > "$E2E_WORK/srv1/tftpboot/boot.ipxe"
vm_boot uefi uefi 150 E2E-UEFI-SCRIPT-RAN || fail "the UEFI client did not run the script the server gave it"
stats=$(server_cmd srv1 "pxe:dhcp-stats")
echo "$stats" | grep -Eq "answered\.ack +\| +[1-9]" || fail "no ACK on port 4011: $stats"
server_cmd srv1 "pxe:requests -n 5" | grep -q "4011.*x64-uefi.*snponly.efi" || fail "no 4011 request decided with snponly.efi"
log "PASS"

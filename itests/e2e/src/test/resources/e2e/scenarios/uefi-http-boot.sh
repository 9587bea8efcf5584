#!/usr/bin/env bash
# UEFI HTTP boot (OVMF's HTTP boot client, PXE over IPv4 turned off): the proxy offer carries a
# URL, the firmware fetches snponly.efi over our HTTP server, and iPXE runs its script.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 "bootfile.x64-uefi-http=http://$SUBNET.2:8080/boot/snponly.efi@org.karafpxe.provider.policy" \
  "bootfile.ipxe=boot.ipxe@org.karafpxe.provider.policy"
marker_script E2E-HTTP-BOOT-RAN > "$E2E_WORK/srv1/tftpboot/boot.ipxe"
vm_boot uefi uefi 180 E2E-HTTP-BOOT-RAN -fw_cfg name=opt/org.tianocore/IPv4PXESupport,string=no \
  || fail "the UEFI HTTP boot client did not run the script"
grep -aq "Start HTTP Boot over IPv4" "$E2E_WORK/serial-uefi.log" || fail "the firmware did not boot over HTTP"
server_cmd srv1 "pxe:requests -n 10" | grep -q "x64-uefi-http.*http://" || fail "no x64-uefi-http request answered with a URL"
log "PASS"

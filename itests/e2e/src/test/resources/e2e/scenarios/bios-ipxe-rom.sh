#!/usr/bin/env bash
# SeaBIOS with QEMU's iPXE ROM, not prestaged: a proxy offer with the boot file, fetched over our
# TFTP, runs.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 "bootfile.ipxe=boot.ipxe@org.karafpxe.provider.policy"
marker_script E2E-BIOS-SCRIPT-RAN > "$E2E_WORK/srv1/tftpboot/boot.ipxe"
vm_boot bios bios 90 E2E-BIOS-SCRIPT-RAN || fail "the BIOS client did not run the script the server gave it"
server_cmd srv1 "pxe:requests -n 5" | grep -q "x86-bios.*boot.ipxe" || fail "no x86-bios request decided with boot.ipxe"
log "PASS"

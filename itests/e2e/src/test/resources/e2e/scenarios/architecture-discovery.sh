#!/usr/bin/env bash
# Architecture discovery: a BIOS machine (which says x86 whatever its CPU) tests its CPU in iPXE
# and reports it; a 64-bit CPU gets the x64 program, a 32-bit one (QEMU -cpu pentium3) the x86 one.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 "bootfile.ipxe=ipxe/discover.ipxe@org.karafpxe.provider.policy" \
  "discovery.x64-bios=boot/x64/start.ipxe@org.karafpxe.provider.ipxe.scripts" \
  "discovery.x86-bios=boot/x86/start.ipxe@org.karafpxe.provider.ipxe.scripts"
mkdir -p "$E2E_WORK/srv1/tftpboot/boot/x64" "$E2E_WORK/srv1/tftpboot/boot/x86"
marker_script E2E-GOT-THE-X64-PROGRAM > "$E2E_WORK/srv1/tftpboot/boot/x64/start.ipxe"
marker_script E2E-GOT-THE-X86-PROGRAM > "$E2E_WORK/srv1/tftpboot/boot/x86/start.ipxe"

vm_boot bios bios 90 E2E-GOT-THE-X64-PROGRAM || fail "the 64-bit BIOS machine did not get the x64 program"
vm_boot bios bios 90 E2E-GOT-THE-X86-PROGRAM -cpu pentium3 || fail "the 32-bit BIOS machine did not get the x86 program"
grep -a "reported a 64-bit CPU" "$E2E_WORK/srv1/karaf/data/log/karaf.log" | grep -q . || fail "no 64-bit report in the log"
grep -a "reported a 32-bit CPU" "$E2E_WORK/srv1/karaf/data/log/karaf.log" | grep -q . || fail "no 32-bit report in the log"
log "PASS"

#!/usr/bin/env bash
# Response delay: two PXE servers on the segment, the second with a delay. A client that is not
# prestaged is served by the first; with the first stopped, by the second once the client has
# been trying for the delay.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1 "bootfile.ipxe=boot.ipxe@org.karafpxe.provider.policy"
server_start srv2 2 "bootfile.ipxe=boot.ipxe@org.karafpxe.provider.policy" "delay.secs=8@org.karafpxe.provider.policy"
marker_script E2E-SERVED-BY-SRV1 > "$E2E_WORK/srv1/tftpboot/boot.ipxe"
marker_script E2E-SERVED-BY-SRV2 > "$E2E_WORK/srv2/tftpboot/boot.ipxe"

vm_boot first bios 90 E2E-SERVED-BY-SRV1 || fail "with both servers up, the first did not serve the client"
server_cmd srv2 "pxe:requests -n 5" | grep -q "IGNORE.*waiting 8 s" || fail "the delayed server did not hold back"

server_stop srv1
vm_boot second bios 120 E2E-SERVED-BY-SRV2 || fail "with the first server stopped, the delayed one did not serve the client"
server_cmd srv2 "pxe:requests -n 10" | grep -q "SERVICE.*boot.ipxe" || fail "no SERVICE decision on the delayed server"
log "PASS"

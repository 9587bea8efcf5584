#!/usr/bin/env bash
# A DHCP server on the same host: the PXE server runs with proxy.enabled = false beside dnsmasq,
# which leases the addresses and holds port 67, and sends option 60 "PXEClient" in its offers.
# SeaBIOS's iPXE ROM and OVMF's own PXE client take the address from dnsmasq and ask this
# server's port 4011 (the address dnsmasq names as server) for their boot file; they boot what it
# answers there. Nothing is answered on port 67 by the PXE server.
source "$(dirname "$0")/../lib.sh"
e2e_setup
SRV=$SUBNET.2
# The leasing dnsmasq moves to the PXE server's namespace (one host, one address: 10.213.0.2).
dhcp_stop
server_start srv1 1 "proxy.enabled=false@org.karafpxe.dhcp" "bootfile.ipxe=boot.ipxe@org.karafpxe.provider.policy"
ip -n "kpxe$E2E_ID-srv1" addr add fd00:213::2/64 dev eth0 nodad
dhcp_start "kpxe$E2E_ID-srv1" --dhcp-option-force=option:vendor-class,PXEClient
marker_script E2E-SAME-HOST-SCRIPT-RAN > "$E2E_WORK/srv1/tftpboot/boot.ipxe"
karaf_log="$E2E_WORK/srv1/karaf/data/log/karaf.log"

stats=$(server_cmd srv1 "pxe:dhcp-stats")
echo "$stats" | grep -Eq "proxy +\| 0\.0\.0\.0:67 +\| disabled" || fail "the ProxyDHCP listener is not disabled: $stats"
echo "$stats" | grep -Eq "pxe +\| 0\.0\.0\.0:4011 +\| listening" || fail "port 4011 is not listening: $stats"

capture_start bios
vm_boot bios bios 90 E2E-SAME-HOST-SCRIPT-RAN || fail "the BIOS client did not run the script given on port 4011"
packets=$(capture_stop bios)
# dnsmasq's offer carries the address and "PXEClient"; the client then asks port 4011 of that server.
echo "$packets" | grep "BOOTP/DHCP, Reply" | grep "Your-IP $SUBNET\.1[0-9][0-9]" | grep "Offer" | grep -q '"PXEClient"' \
  || fail "dnsmasq's offer did not carry option 60 PXEClient: $(echo "$packets" | cut -c1-160)"
echo "$packets" | grep -Eq "$SUBNET\.1[0-9][0-9]\.68 > $SRV\.4011: .*BOOTP/DHCP, Request .*DHCP-Message \(53\), length 1: Request" \
  || fail "the BIOS client did not send a request to $SRV:4011: $(echo "$packets" | cut -c1-160)"
echo "$packets" | grep -Eq "$SRV\.4011 > $SUBNET\.1[0-9][0-9]\.68: .*BOOTP/DHCP, Reply.*file \"boot.ipxe\"" \
  || fail "no answer with boot.ipxe from $SRV:4011 reached the BIOS client: $(echo "$packets" | cut -c1-160)"
echo "$packets" | grep "\.67 > .*BOOTP/DHCP, Reply" | grep -v "Your-IP" | grep -q . \
  && fail "a reply without an address (a proxy offer) reached the BIOS client from port 67"
tr -d '\r' < "$E2E_WORK/serial-bios.log" | grep -aq "tftp://$SRV/boot.ipxe" || fail "iPXE did not fetch boot.ipxe from $SRV"
decisions=$(server_cmd srv1 "pxe:requests -n 10")
echo "$decisions" | grep -Eq " 4011 \| 52:54:00:12:34:56 .* x86-bios .* iPXE .* SERVICE +\| boot.ipxe" \
  || fail "no 4011 decision with boot.ipxe for the BIOS client: $decisions"
grep -a "4011 REQUEST iPXE mac=52:54:00:12:34:56" "$karaf_log" | grep -Eq "boot.ipxe to /$SUBNET\.1[0-9][0-9]:68 " \
  || fail "the server's log has no answer on 4011 back to the BIOS client: $(grep -a 'requests ' "$karaf_log" | tail -5)"

vm_boot uefi uefi 150 E2E-SAME-HOST-SCRIPT-RAN || fail "the UEFI client did not boot through port 4011"
tr -d '\r' < "$E2E_WORK/serial-uefi.log" | grep -aq "NBP filename is snponly.efi" || fail "OVMF was not given snponly.efi"
decisions=$(server_cmd srv1 "pxe:requests -n 20")
echo "$decisions" | grep -Eq " 4011 \| 52:54:00:12:34:57 .* x64-uefi .* PXE +\| policy +\| SERVICE +\| snponly.efi" \
  || fail "no 4011 decision with snponly.efi for OVMF: $decisions"
echo "$decisions" | grep -Eq " 4011 \| 52:54:00:12:34:57 .* x64-uefi .* iPXE .* SERVICE +\| boot.ipxe" \
  || fail "no 4011 decision with boot.ipxe for the UEFI client's iPXE: $decisions"

# Port 67 was never answered nor even decided by the PXE server.
echo "$decisions" | grep -Eq "^[^|]+\| +67 \|" && fail "the PXE server decided a request on port 67: $decisions"
grep -a "requests " "$karaf_log" | grep -q "| 67 " && fail "the PXE server's log has a port 67 request"
stats=$(server_cmd srv1 "pxe:dhcp-stats")
echo "$stats" | grep -q "answered.offer" && fail "the PXE server sent offers: $stats"
echo "$stats" | grep -Eq "answered\.ack +\| +[3-9]" || fail "fewer than 3 answers on port 4011: $stats"
log "PASS"

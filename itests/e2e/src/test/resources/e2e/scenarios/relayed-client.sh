#!/usr/bin/env bash
# A client on another subnet, behind a DHCP relay: the VMs sit on 10.214.0.0/24 (bridge br1) and
# reach the address-leasing DHCP server and the PXE server on 10.213.0.0/24 only through a router
# that relays DHCP (dnsmasq's --dhcp-relay, giaddr 10.214.0.1). The PXE server's namespace has a second
# interface, 10.215.0.2, listed first and holding the default route, so that announcing anything
# but 10.213.0.2 (its address facing the relay) would show. SeaBIOS's iPXE ROM must get a proxy
# offer, through the relay, whose siaddr and option 54 are 10.213.0.2, and run the script it then
# fetches over TFTP through the router. OVMF's own PXE client must send its REQUEST to port 4011
# of that address, through the router, and be answered there.
source "$(dirname "$0")/../lib.sh"
e2e_setup "${RELAY_DHCP_RANGE[@]}"
server_start srv1 1 "bootfile.ipxe=boot.ipxe@org.karafpxe.provider.policy"
server_second_interface srv1 10.215.0.2/24 default
relay_start srv1
marker_script E2E-RELAYED-SCRIPT-RAN > "$E2E_WORK/srv1/tftpboot/boot.ipxe"
karaf_log="$E2E_WORK/srv1/karaf/data/log/karaf.log"
VM_BRIDGE=br1

capture_start bios
vm_boot bios bios 90 E2E-RELAYED-SCRIPT-RAN || fail "the relayed BIOS client did not run the script the server gave it"
packets=$(capture_stop bios)
serial=$(tr -d '\r' < "$E2E_WORK/serial-bios.log")
echo "$serial" | grep -aq "net0: $RELAY_SUBNET\.1[0-9][0-9]/" || fail "the BIOS client did not get an address on the relayed subnet"
echo "$serial" | grep -aq "^Next server: $SUBNET\.2\$" \
  || fail "iPXE was not told next-server $SUBNET.2: $(echo "$serial" | grep -a 'Next server')"
echo "$serial" | grep -aq "tftp://$SUBNET\.2/boot.ipxe" || fail "iPXE did not fetch boot.ipxe from $SUBNET.2"
# The proxy offer as it reached the client: a reply offering no address, with option 60 PXEClient.
offer=$(echo "$packets" | grep "BOOTP/DHCP, Reply" | grep "Offer" | grep -v "Your-IP" | grep '"PXEClient"' || true)
[ -n "$offer" ] || fail "no proxy offer (PXEClient, no address) reached the BIOS client: $(echo "$packets" | cut -c1-160)"
echo "$offer" | grep -q "Gateway-IP $RELAY_SUBNET\.1 " || fail "the proxy offer did not come through the relay: $offer"
echo "$offer" | grep -q "Server-IP $SUBNET\.2 " || fail "the proxy offer's siaddr is not $SUBNET.2: $offer"
echo "$offer" | grep -q "Server-ID (54), length 4: $SUBNET\.2 " || fail "the proxy offer's option 54 is not $SUBNET.2: $offer"
echo "$packets" | grep -q "10\.215\.0\.2" && fail "the server's other address 10.215.0.2 reached the client: $(echo "$packets" | cut -c1-160)"
grep -a "67 DISCOVER iPXE mac=52:54:00:12:34:56" "$karaf_log" | grep -q "boot.ipxe to /$RELAY_SUBNET\.1:67 " \
  || fail "the server did not answer the relay on port 67: $(grep -a 'requests ' "$karaf_log" | tail -5)"
server_cmd srv1 "pxe:requests -n 5" | grep -Eq " 67 \| 52:54:00:12:34:56 .* x86-bios .* policy +\| SERVICE +\| boot.ipxe" \
  || fail "no SERVICE decision with boot.ipxe on port 67 for the relayed BIOS client"

capture_start uefi
vm_boot uefi uefi 150 E2E-RELAYED-SCRIPT-RAN || fail "the relayed UEFI client did not run the script the server gave it"
packets=$(capture_stop uefi)
serial=$(tr -d '\r' < "$E2E_WORK/serial-uefi.log")
echo "$serial" | grep -aq "Server IP address is $SUBNET\.2\$" \
  || fail "OVMF was not told server $SUBNET.2: $(echo "$serial" | grep -a 'Server IP')"
offer=$(echo "$packets" | grep "BOOTP/DHCP, Reply" | grep "Offer" | grep -v "Your-IP" | grep '"PXEClient"' || true)
[ -n "$offer" ] || fail "no proxy offer (PXEClient, no address) reached the UEFI client: $(echo "$packets" | cut -c1-160)"
echo "$offer" | grep -q "Server-IP $SUBNET\.2 " || fail "the UEFI client's proxy offer's siaddr is not $SUBNET.2: $offer"
echo "$offer" | grep -q "Server-ID (54), length 4: $SUBNET\.2 " || fail "the UEFI client's proxy offer's option 54 is not $SUBNET.2: $offer"
# tcpdump decodes BOOTP on ports 67/68 only: the port 4011 exchange shows as plain UDP.
echo "$packets" | grep -Eq "$RELAY_SUBNET\.1[0-9][0-9]\.4011 > $SUBNET\.2\.4011: .*UDP, length" \
  || fail "OVMF did not send its REQUEST to $SUBNET.2:4011: $(echo "$packets" | cut -c1-160)"
echo "$packets" | grep -Eq "$SUBNET\.2\.4011 > $RELAY_SUBNET\.1[0-9][0-9]\.4011: .*UDP, length" \
  || fail "no answer from $SUBNET.2:4011 reached OVMF: $(echo "$packets" | cut -c1-160)"
echo "$packets" | grep -q "10\.215\.0\.2" && fail "the server's other address 10.215.0.2 reached the client: $(echo "$packets" | cut -c1-160)"
grep -a "4011 REQUEST firmware mac=52:54:00:12:34:57" "$karaf_log" | grep -Eq "snponly.efi to /$RELAY_SUBNET\.1[0-9][0-9]:4011 " \
  || fail "the server did not answer the UEFI client's port 4011 request: $(grep -a 'requests ' "$karaf_log" | tail -5)"
server_cmd srv1 "pxe:requests -n 10" | grep -Eq " 4011 \| 52:54:00:12:34:57 .* x64-uefi .* SERVICE +\| snponly.efi" \
  || fail "no 4011 decision with snponly.efi for the relayed UEFI client"
log "PASS"

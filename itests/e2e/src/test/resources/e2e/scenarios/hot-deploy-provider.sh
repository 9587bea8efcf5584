#!/usr/bin/env bash
# Hot deployment: a provider bundle dropped into deploy/ of the running server, with its ranking in
# etc/, changes the next boot's answer; removed, the chain answers as before. No restart.
source "$(dirname "$0")/../lib.sh"
: "${E2E_PROVIDER_JAR:?set E2E_PROVIDER_JAR to the test provider bundle (itests/test-provider)}"
e2e_setup
server_start srv1 1 "bootfile.ipxe=boot.ipxe@org.karafpxe.provider.policy"
home="$E2E_WORK/srv1"
marker_script E2E-ANSWERED-BY-POLICY > "$home/tftpboot/boot.ipxe"
marker_script E2E-ANSWERED-BY-HOT-DEPLOYED > "$home/tftpboot/hot.ipxe"

vm_boot bios bios 90 E2E-ANSWERED-BY-POLICY || fail "before the deployment the policy did not answer"

printf 'service.ranking = 500\nbootfile = hot.ipxe\n' > "$home/karaf/etc/org.karafpxe.itests.provider.cfg"
cp "$E2E_PROVIDER_JAR" "$home/karaf/deploy/test-provider.jar"
for i in $(seq 1 60); do
  server_cmd srv1 "pxe:providers" | grep -q "hot-deployed .*500" && break
  sleep 1
done
server_cmd srv1 "pxe:providers" | grep -q "hot-deployed .*500" || fail "the hot-deployed provider did not join the chain"
vm_boot bios bios 90 E2E-ANSWERED-BY-HOT-DEPLOYED || fail "the next boot was not answered by the hot-deployed provider"
server_cmd srv1 "pxe:requests -n 3" | grep -q "hot-deployed.*SERVICE.*hot.ipxe" \
  || fail "the request log does not show the hot-deployed provider deciding"

rm "$home/karaf/deploy/test-provider.jar"
for i in $(seq 1 60); do
  server_cmd srv1 "pxe:providers" | grep -q "hot-deployed" || break
  sleep 1
done
server_cmd srv1 "pxe:providers" | grep -q "hot-deployed" && fail "the removed provider stayed in the chain"
vm_boot bios bios 90 E2E-ANSWERED-BY-POLICY || fail "after the removal the policy did not answer again"
server_cmd srv1 "pxe:requests -n 1" | grep -q "policy.*SERVICE.*boot.ipxe" \
  || fail "the request log does not show the policy deciding again"
log "PASS"

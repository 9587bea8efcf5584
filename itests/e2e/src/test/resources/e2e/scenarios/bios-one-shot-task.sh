#!/usr/bin/env bash
# SeaBIOS with QEMU's iPXE ROM, prestaged with a one-shot task: the first boot runs the task's
# script; the next boot gets "exit 1" and SeaBIOS boots the disk. Then a task for every boot that
# reports its end through the completion callback (the secret its script carries): it runs once,
# the callback clears it, and a guessed callback would have cleared nothing.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1
for f in users.properties keys.properties org.ops4j.datasource-pxe.cfg; do
  [ "$(stat -c %a "$E2E_WORK/srv1/karaf/etc/$f")" = 600 ] || fail "etc/$f is readable by others after bin/start"
done
# A user of the operator's port who may look (Karaf reads users.properties at each login).
echo "e2e-viewer = e2e-viewer-pw,viewer" >> "$E2E_WORK/srv1/karaf/etc/users.properties"
bios_disk "$E2E_WORK/disk.img" E2E-DISK-BIOS-BOOTED
marker_script E2E-BIOS-TASK-RAN > "$E2E_WORK/task.ipxe"
server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:56 bios-vm" >/dev/null || fail "pxe:device-add failed"
server_cmd srv1 "pxe:task-set --one-shot --file $E2E_WORK/task.ipxe bios-vm" | grep -q . || fail "pxe:task-set failed"

# shellcheck disable=SC2046
vm_boot bios bios 90 E2E-BIOS-TASK-RAN $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "first boot: the one-shot task did not run"
server_cmd srv1 "pxe:task-list" | grep -q "No device has a boot task" || fail "the one-shot task was not cleared"
# shellcheck disable=SC2046
vm_boot bios bios 120 E2E-DISK-BIOS-BOOTED $(bios_disk_args "$E2E_WORK/disk.img") \
  || fail "second boot: the machine did not fall through to its disk"
grep -a "iPXE script ipxe/s/" "$E2E_WORK/srv1/karaf/data/log/karaf.log" | grep -q "local boot" \
  || fail "the server's log has no local-boot script served"

printf 'imgfetch http://${pxe-server}:8080/boot/done/${pxe-done} || goto failed\necho E2E-CALLBACK-CALLED\necho ................................................................\nreboot\n:failed\necho E2E-CALLBACK-FAILED\nreboot\n' > "$E2E_WORK/every.ipxe"
server_cmd srv1 "pxe:task-set --file $E2E_WORK/every.ipxe bios-vm" | grep -q . || fail "pxe:task-set (every boot) failed"
# shellcheck disable=SC2046
vm_boot bios bios 90 "E2E-CALLBACK-" $(bios_disk_args "$E2E_WORK/disk.img") || fail "the task with the callback did not run"
grep -aq E2E-CALLBACK-CALLED "$E2E_WORK/serial-bios.log" || fail "iPXE could not call the completion callback"
server_cmd srv1 "pxe:task-list" | grep -q "No device has a boot task" \
  || fail "the completion callback did not clear the task for every boot"
grep -a "Completion callback from $SUBNET.1[0-9][0-9]:[0-9]*: boot task of device 1 cleared" \
  "$E2E_WORK/srv1/karaf/data/log/karaf.log" | grep -q . || fail "the server's log has no completion callback"
# The operator's view joins what the machine fetched to its MAC (the server's neighbour table):
# its script (over TFTP, iPXE's relative boot file) and its completion callback (over HTTP) are
# steps of this machine in the API and the web console.
api() { ip netns exec "kpxe$E2E_ID-srv1" curl -s -u "e2e-viewer:e2e-viewer-pw" "http://127.0.0.1:8180$1"; }
transfers=$(api "/api/tftp/transfers?n=50")
echo "$transfers" | grep -Eq '"mac":"52:54:00:12:34:56","file":"ipxe/s/[^"]*","bytesSent":[1-9][0-9]*,[^}]*"outcome":"complete"' \
  || fail "the API does not list the machine's script transfer under its MAC: $transfers"
fetches=$(api "/api/http/fetches?n=50")
echo "$fetches" | grep -q '"mac":"52:54:00:12:34:56","method":"GET","path":"done/1","kind":"callback","status":200' \
  || fail "the API does not list the machine's completion callback under its MAC: $fetches"
log "PASS"

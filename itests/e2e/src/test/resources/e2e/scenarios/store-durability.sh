#!/usr/bin/env bash
# The store never loses an acknowledged write: devices added with pxe:device-add are all there
# after the server is killed with SIGKILL right after the last command returned, and restarted.
source "$(dirname "$0")/../lib.sh"
e2e_setup
server_start srv1 1
for i in $(seq 10 29); do
  server_cmd srv1 "pxe:device-add --mac 52:54:00:77:00:$i durable-$i" | grep -q "Added device" \
    || fail "pxe:device-add durable-$i was not acknowledged"
done
server_cmd srv1 "pxe:task-set --one-shot --script 'echo reimage' durable-29" | grep -q . || fail "pxe:task-set failed"
server_kill9 srv1
log "server killed with SIGKILL after the last acknowledged write"
server_launch srv1
devices=$(server_cmd srv1 "pxe:device-list")
for i in $(seq 10 29); do
  echo "$devices" | grep -q "durable-$i" || fail "durable-$i was lost: $devices"
done
server_cmd srv1 "pxe:task-list" | grep -q "durable-29" || fail "the task of durable-29 was lost"
log "PASS"

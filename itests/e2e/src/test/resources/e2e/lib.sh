#!/usr/bin/env bash
#
# End-to-end harness: a test network of network namespaces, the built distribution as the PXE
# server, dnsmasq as the separate address-leasing DHCP server, and QEMU firmware as the client.
# Only addresses inside the namespaces made here are used (10.213.0.0/24, and for the scenarios
# that need them 10.214.0.0/24 behind a relay and 10.215.0.0/24 as a server's second interface).
#
#   lan   (namespace): bridge br0, a tap per VM; bridge br1 for a relayed segment (relay_start)
#   dhcp  (namespace): dnsmasq on 10.213.0.1, joined to br0 by a veth pair
#   srvN  (namespace): a PXE server on 10.213.0.(1+N), joined to br0 by a veth pair
#   relay (namespace): a router between br0 (10.213.0.254) and br1 (10.214.0.1) relaying DHCP
#
# Scenarios source this file, call e2e_setup, start servers and VMs, and assert.
set -euo pipefail

E2E_DISTRO=${E2E_DISTRO:?set E2E_DISTRO to the unpacked distribution (karaf-distro/target/assembly)}
E2E_WORK=${E2E_WORK:-$(mktemp -d /tmp/kpxe-e2e.XXXXXX)}
E2E_ID=${E2E_ID:-$$}
# The exit code of a scenario that could not run for want of a tool (FirmwareBootIT skips it
# outside CI).
E2E_MISSING_TOOLS=3
NS_LAN=kpxe$E2E_ID-lan
NS_DHCP=kpxe$E2E_ID-dhcp
NS_RELAY=kpxe$E2E_ID-relay
SUBNET=10.213.0
RELAY_SUBNET=10.214.0
VM_GUID=8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f
# The name of the iPXE script the ipxe provider gives a prestaged device, for grep -E: a ticket
# under ipxe/s/ (ipxe/device-<id>.ipxe in builds that named it by the device's id).
DEVICE_SCRIPT='ipxe/(s/[A-Za-z2-7]+(-task)?|device-[0-9]+)\.ipxe'
# The bridge the next VM is plugged into: br0, or br1 behind the relay (relay_start).
VM_BRIDGE=${VM_BRIDGE:-br0}

log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() {
  log "FAIL: $*"
  for f in "$E2E_WORK"/serial-*.log; do
    [ -f "$f" ] || continue
    log "--- last lines of $(basename "$f") ---"
    tr -d '\r' < "$f" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | grep -a -v '^\s*$' | tail -25 || true
  done
  for s in "$E2E_WORK"/srv*; do
    [ -d "$s/karaf" ] || continue
    log "--- decisions of $(basename "$s") (pxe:requests) ---"
    server_cmd "$(basename "$s")" "pxe:requests -n 10" || true
    log "--- request log of $(basename "$s") ---"
    grep -a "requests " "$s/karaf/data/log/karaf.log" 2>/dev/null | tail -10 | cut -d'|' -f6- || true
  done
  exit 1
}

e2e_require() {
  [ "$(id -u)" = 0 ] || { echo "the end-to-end suite needs root (network namespaces, tap devices)"; exit 2; }
  local missing=()
  command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
  [ -e /usr/share/qemu/pxe-virtio.rom ] || [ -e /usr/lib/ipxe/qemu/pxe-virtio.rom ] || missing+=(ipxe-qemu)
  [ -e /usr/lib/ipxe/snponly.efi ] || missing+=(ipxe)
  [ -e /usr/share/OVMF/OVMF_CODE_4M.fd ] || missing+=(ovmf)
  command -v dnsmasq >/dev/null || missing+=(dnsmasq-base)
  command -v tcpdump >/dev/null || missing+=(tcpdump)
  command -v grub-mkstandalone >/dev/null && [ -d /usr/lib/grub/x86_64-efi ] || missing+=(grub-efi-amd64-bin)
  command -v mcopy >/dev/null || missing+=(mtools)
  command -v mkfs.vfat >/dev/null || missing+=(dosfstools)
  command -v sfdisk >/dev/null || missing+=(fdisk)
  # The suite does not change its host: .ci/run installs these; elsewhere a missing one skips it.
  if [ ${#missing[@]} -gt 0 ]; then
    echo "the end-to-end suite needs Debian's ${missing[*]} (apt-get install ${missing[*]}; .ci/run installs them)"
    exit "$E2E_MISSING_TOOLS"
  fi
}

e2e_cleanup() {
  local ns p
  for ns in $(ip netns list | awk '{print $1}' | grep "^kpxe$E2E_ID-" || true); do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
  done
  sleep 1
  for ns in $(ip netns list | awk '{print $1}' | grep "^kpxe$E2E_ID-" || true); do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
}

e2e_setup() {
  e2e_require
  trap e2e_cleanup EXIT
  mkdir -p "$E2E_WORK"
  log "work folder $E2E_WORK"
  ip netns add "$NS_LAN"
  ip -n "$NS_LAN" link set lo up
  ip -n "$NS_LAN" link add br0 type bridge forward_delay 0 stp_state 0
  ip -n "$NS_LAN" link set br0 up
  ip netns add "$NS_DHCP"
  ip -n "$NS_DHCP" link set lo up
  ip link add "d$E2E_ID" netns "$NS_DHCP" type veth peer name dhcp netns "$NS_LAN"
  ip -n "$NS_LAN" link set dhcp master br0 up
  ip -n "$NS_DHCP" link set "d$E2E_ID" name eth0
  ip -n "$NS_DHCP" addr add "$SUBNET.1/24" dev eth0
  ip -n "$NS_DHCP" addr add fd00:213::1/64 dev eth0 nodad
  ip -n "$NS_DHCP" link set eth0 up
  dhcp_start "$NS_DHCP" "$@"
}

# dhcp_start NAMESPACE [dnsmasq args...]: the address-leasing DHCP server (dnsmasq) on eth0 of a
# namespace; e2e_setup starts it in the dhcp namespace with e2e_setup's own arguments added (e.g. a
# range for the relayed subnet). Its PID is DHCP_PID.
dhcp_start() {
  local ns=$1; shift
  # Addresses for clients, and IPv6 router advertisements so that iPXE does not wait for them.
  # E2E_IPV6_ONLY=1: no IPv4 addresses on the segment (the caller passes the DHCPv6 range).
  local v4=(--dhcp-range="$SUBNET.100,$SUBNET.150,255.255.255.0,10m")
  [ "${E2E_IPV6_ONLY:-0}" = 1 ] && v4=()
  ip netns exec "$ns" dnsmasq --keep-in-foreground --port=0 --interface=eth0 --bind-interfaces \
    --no-ping "${v4[@]}" --dhcp-authoritative --log-dhcp \
    --enable-ra --dhcp-range=::,constructor:eth0,ra-only --dhcp-leasefile="$E2E_WORK/dnsmasq.leases" \
    --pid-file="$E2E_WORK/dnsmasq.pid" "$@" > "$E2E_WORK/dnsmasq.log" 2>&1 &
  DHCP_PID=$!
  # Scenarios run side by side: nothing of one may be shared with another (dnsmasq's default pid
  # file is /var/run/dnsmasq.pid, which a second dnsmasq refuses to take while the first runs).
  sleep 0.3
  kill -0 "$DHCP_PID" 2>/dev/null || fail "dnsmasq did not start: $(cat "$E2E_WORK/dnsmasq.log")"
}

# dhcp_stop: stops the address-leasing dnsmasq started last (e.g. to start one beside a server).
# A TERM that reaches dnsmasq while it is still starting can be lost: it is sent again until
# dnsmasq is gone, and after 10 s it is killed.
dhcp_stop() {
  local i
  for i in $(seq 1 20); do
    kill "$DHCP_PID" 2>/dev/null || break
    sleep 0.5
    kill -0 "$DHCP_PID" 2>/dev/null || break
  done
  kill -9 "$DHCP_PID" 2>/dev/null || true
  wait "$DHCP_PID" 2>/dev/null || true
}

# server_start NAME N [key=value@pid ...]: the distribution on 10.213.0.(1+N) in its own namespace.
# Each extra argument sets one configuration value: key=value@pid (etc/<pid>.cfg).
server_start() {
  local name=$1 n=$2; shift 2
  local ns="kpxe$E2E_ID-$name" home="$E2E_WORK/$name" addr="$SUBNET.$((1 + n))"
  mkdir -p "$home/tftpboot"
  rm -rf "$home/karaf"
  cp -r "$E2E_DISTRO" "$home/karaf"
  rm -rf "$home/karaf/data"
  cp /usr/lib/ipxe/undionly.kpxe /usr/lib/ipxe/snponly.efi "$home/tftpboot/"
  set_config "$name" "root=$home/tftpboot@org.karafpxe.tftp"
  local kv
  for kv in "$@"; do set_config "$name" "$kv"; done
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip link add "s$E2E_ID$n" netns "$ns" type veth peer name "$name" netns "$NS_LAN"
  ip -n "$NS_LAN" link set "$name" master br0 up
  ip -n "$ns" link set "s$E2E_ID$n" name eth0
  ip -n "$ns" addr add "$addr/24" dev eth0
  # SERVER_IPV6=1: the server also has fd00:213::(1+N), on the segment's IPv6 prefix.
  [ "${SERVER_IPV6:-0}" = 1 ] && ip -n "$ns" addr add "fd00:213::$((1 + n))/64" dev eth0 nodad
  ip -n "$ns" link set eth0 up
  server_launch "$name"
}

# server_launch NAME: starts the (already set up) server in its namespace and waits until it answers.
server_launch() {
  local name=$1 home="$E2E_WORK/$1"
  ip netns exec "kpxe$E2E_ID-$name" "$home/karaf/bin/start" 2>/dev/null
  local i
  for i in $(seq 1 90); do
    # Up when the ProxyDHCP listener listens (or is turned off: proxy.enabled = false).
    if server_cmd "$name" "pxe:dhcp-stats" 2>/dev/null | grep -Eq "proxy .*(listening|disabled)"; then
      log "server $name up"
      return 0
    fi
    sleep 1
  done
  fail "server $name did not come up; its log: $(tail -20 "$home/karaf/data/log/karaf.log" 2>/dev/null)"
}

# server_kill9 NAME: kills every process of the server's namespace with SIGKILL, as a power cut would.
server_kill9() {
  local p
  for p in $(ip netns pids "kpxe$E2E_ID-$1" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  for p in $(seq 1 20); do
    [ -z "$(ip netns pids "kpxe$E2E_ID-$1" 2>/dev/null)" ] && return 0
    sleep 0.5
  done
}

# set_config NAME key=value@pid: edits etc/<pid>.cfg of a server (before or while it runs).
set_config() {
  local name=$1 spec=$2
  local kv=${spec%@*} pid=${spec##*@}
  local key=${kv%%=*} value=${kv#*=}
  local file="$E2E_WORK/$name/karaf/etc/$pid.cfg"
  touch "$file"
  if grep -q "^[#[:space:]]*$key[[:space:]]*=" "$file"; then
    sed -i "s|^[#[:space:]]*$key[[:space:]]*=.*|$key = $value|" "$file"
  else
    printf '%s = %s\n' "$key" "$value" >> "$file"
  fi
}

# server_logged NAME PATTERN WHAT: waits up to 30 s for PATTERN (grep) in the server's log, e.g. a
# configuration change taken; fails with "the server did not take WHAT" otherwise.
server_logged() {
  local log="$E2E_WORK/$1/karaf/data/log/karaf.log"
  for _ in $(seq 1 60); do
    grep -aq "$2" "$log" && return 0
    sleep 0.5
  done
  fail "the server did not take $3"
}

server_cmd() {
  local name=$1; shift
  ip netns exec "kpxe$E2E_ID-$name" "$E2E_WORK/$name/karaf/bin/pxe" "$@" 2>/dev/null
}

server_stop() {
  local name=$1 p
  for p in $(ip netns pids "kpxe$E2E_ID-$name" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
}

# vm_tap NAME: the VM's tap device in the lan namespace, plugged into $VM_BRIDGE (made once); prints its name.
vm_tap() {
  local tap="t$E2E_ID$1"
  ip -n "$NS_LAN" link show "$tap" >/dev/null 2>&1 || {
    ip -n "$NS_LAN" tuntap add dev "$tap" mode tap
    ip -n "$NS_LAN" link set "$tap" master "$VM_BRIDGE" up
  }
  echo "$tap"
}

# vm_boot NAME FIRMWARE TIMEOUT MARKER [qemu args...]: boots a VM on the bridge ($VM_BRIDGE, br0
# unless set) and waits until MARKER appears on its serial console. FIRMWARE: bios (SeaBIOS + iPXE
# ROM, MAC 52:54:00:12:34:56) or uefi (OVMF, its own PXE client, MAC 52:54:00:12:34:57). Returns 1
# when the marker did not appear in time.
vm_boot() {
  local name=$1 firmware=$2 timeout=$3 marker=$4; shift 4
  local tap serial="$E2E_WORK/serial-$name.log"
  tap=$(vm_tap "$name")
  local fw=()
  case "$firmware" in
    bios) fw=(-device "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56" -boot n) ;;
    uefi)
      [ -f "$E2E_WORK/vars-$name.fd" ] || cp /usr/share/OVMF/OVMF_VARS_4M.fd "$E2E_WORK/vars-$name.fd"
      fw=(-machine q35 -drive "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
          -drive "if=pflash,format=raw,file=$E2E_WORK/vars-$name.fd"
          -device "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:57,romfile=,bootindex=1")
      # OVMF_DEFAULTS=1 keeps OVMF's own boot options (PXE over IPv6 on); else it is switched off.
      [ "${OVMF_DEFAULTS:-0}" = 1 ] || fw+=(-fw_cfg name=opt/org.tianocore/IPv6PXESupport,string=no) ;;
    uefi-sb)
      # OVMF with Secure Boot on and Microsoft's keys enrolled (what business PCs ship with);
      # SMM guards the variable store, as on real machines.
      [ -f "$E2E_WORK/vars-$name.fd" ] || cp /usr/share/OVMF/OVMF_VARS_4M.ms.fd "$E2E_WORK/vars-$name.fd"
      fw=(-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on
          -drive "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd"
          -drive "if=pflash,format=raw,unit=1,file=$E2E_WORK/vars-$name.fd"
          -device "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:57,romfile=,bootindex=1")
      [ "${OVMF_DEFAULTS:-0}" = 1 ] || fw+=(-fw_cfg name=opt/org.tianocore/IPv6PXESupport,string=no) ;;
    *) fail "unknown firmware $firmware" ;;
  esac
  # An earlier boot's console is kept beside it, for a look after the run.
  [ -s "$serial" ] && mv "$serial" "$serial.$(date +%s%N)"
  : > "$serial"
  # VM_MONITOR=<socket>: QEMU's monitor on that UNIX socket (press_key_on uses it); else none.
  local monitor=(-monitor none)
  [ -z "${VM_MONITOR:-}" ] || monitor=(-monitor "unix:$VM_MONITOR,server,nowait")
  ip netns exec "$NS_LAN" qemu-system-x86_64 -accel tcg -m 256 -nodefaults -nographic "${monitor[@]}" \
    -uuid "$VM_GUID" -serial "file:$serial" -no-reboot \
    -netdev "tap,id=n0,ifname=$tap,script=no,downscript=no" "${fw[@]}" "$@" \
    > "$E2E_WORK/qemu-$name.out" 2>&1 &
  local qemu=$! i
  for i in $(seq 1 "$timeout"); do
    if grep -aq "$marker" "$serial"; then
      kill "$qemu" 2>/dev/null || true; wait "$qemu" 2>/dev/null || true
      log "$name: '$marker' after ${i}s"
      return 0
    fi
    kill -0 "$qemu" 2>/dev/null || break
    sleep 1
  done
  kill "$qemu" 2>/dev/null || true; wait "$qemu" 2>/dev/null || true
  # The VM may have printed the marker just before it ended.
  if grep -aq "$marker" "$serial"; then
    log "$name: '$marker' as the VM ended"
    return 0
  fi
  log "$name: no '$marker' within ${timeout}s"
  return 1
}

# press_key_on NAME PATTERN KEY: in the background, presses KEY (a QEMU sendkey name: esc, f12)
# on the VM NAME once PATTERN is on its console; call it just before vm_boot, with VM_MONITOR set
# to the socket this makes the VM listen on. The earlier console is set aside first, as vm_boot does.
press_key_on() {
  local name=$1 pattern=$2 key=$3 serial="$E2E_WORK/serial-$1.log"
  [ -s "$serial" ] && mv "$serial" "$serial.$(date +%s%N)"
  python3 - "$serial" "$pattern" "$key" "$VM_MONITOR" <<'PY' &
import os, re, socket, sys, time
serial, pattern, key, monitor = sys.argv[1], re.compile(sys.argv[2].encode()), sys.argv[3], sys.argv[4]
deadline = time.time() + 300
while time.time() < deadline:
    if os.path.exists(serial):
        with open(serial, "rb") as f:
            if pattern.search(f.read()):
                break
    time.sleep(0.1)
else:
    sys.exit(1)
s = socket.socket(socket.AF_UNIX)
s.connect(monitor)
s.sendall(("sendkey %s\n" % key).encode())
time.sleep(0.5)
s.close()
PY
}

# bios_disk FILE MARKER: a disk whose MBR prints MARKER on the serial port and ends the VM.
bios_disk() {
  python3 "$(dirname "${BASH_SOURCE[0]}")/mbr.py" "$1" "$2"
}

# uefi_disk FILE MARKER [signed]: a GPT disk with an EFI system partition whose default loader
# (EFI/BOOT/BOOTX64.EFI) prints MARKER and powers the VM off: a standalone GRUB, or with "signed"
# what Secure Boot firmware accepts, Debian's shim (signed by Microsoft's UEFI CA) and Debian's
# signed GRUB beside it, which reads EFI/debian/grub.cfg.
uefi_disk() {
  local disk=$1 marker=$2 signed=${3:-} tmp
  tmp=$(mktemp -d)
  printf 'echo %s\necho ................................\nhalt\n' "$marker" > "$tmp/grub.cfg"
  truncate -s 40M "$tmp/esp.img"
  mkfs.vfat -F 32 -n ESP "$tmp/esp.img" >/dev/null
  mmd -i "$tmp/esp.img" ::/EFI ::/EFI/BOOT
  if [ "$signed" = signed ]; then
    mmd -i "$tmp/esp.img" ::/EFI/debian
    mcopy -i "$tmp/esp.img" "$SIGNED_SHIM" ::/EFI/BOOT/BOOTX64.EFI
    mcopy -i "$tmp/esp.img" /usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed ::/EFI/BOOT/grubx64.efi
    mcopy -i "$tmp/esp.img" "$tmp/grub.cfg" ::/EFI/debian/grub.cfg
  else
    grub-mkstandalone -O x86_64-efi -o "$tmp/BOOTX64.EFI" --modules="echo halt" \
      --locales= --themes= --fonts= "boot/grub/grub.cfg=$tmp/grub.cfg" >/dev/null
    mcopy -i "$tmp/esp.img" "$tmp/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
  fi
  truncate -s 48M "$disk"
  sfdisk -q "$disk" <<<'label: gpt
start=2048, size=81920, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B'
  dd if="$tmp/esp.img" of="$disk" bs=512 seek=2048 conv=notrunc status=none
  rm -rf "$tmp"
}

# ---- Secure Boot: Debian's signed shim and GRUB, and a kernel signed by Debian for tasks
SIGNED_SHIM=/usr/lib/shim/shimx64.efi.signed
# .ci/run puts Debian's signed kernel here (from the linux-image-amd64 package, not installed).
E2E_SIGNED_KERNEL=${E2E_SIGNED_KERNEL:-/var/cache/karaf-pxe-e2e/vmlinuz}

# secure_boot_require: the firmware and signed programs of the Secure Boot scenario, or exit 3.
secure_boot_require() {
  local missing=()
  [ -e /usr/share/OVMF/OVMF_CODE_4M.secboot.fd ] && [ -e /usr/share/OVMF/OVMF_VARS_4M.ms.fd ] || missing+=(ovmf)
  [ -e "$SIGNED_SHIM" ] || missing+=(shim-signed)
  [ -e /usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed ] || missing+=(grub-efi-amd64-signed)
  if [ ${#missing[@]} -gt 0 ] || [ ! -e "$E2E_SIGNED_KERNEL" ]; then
    echo "the Secure Boot scenario needs Debian's ${missing[*]:-} (apt-get install ${missing[*]:-}) and a kernel" \
      "signed by Debian at $E2E_SIGNED_KERNEL (boot/vmlinuz-* of the linux-image-amd64 package); .ci/run provides both"
    exit "$E2E_MISSING_TOOLS"
  fi
}

# Extra qemu arguments that attach a disk made by bios_disk or uefi_disk, booted after the network.
bios_disk_args() { echo "-drive file=$1,format=raw,if=ide -device isa-debug-exit,iobase=0xf4,iosize=4"; }
uefi_disk_args() { echo "-drive file=$1,format=raw,if=none,id=disk0 -device virtio-blk-pci,drive=disk0,bootindex=2"; }

# An iPXE script that prints a marker and ends the VM (qemu runs with -no-reboot). The lines after
# the marker give the serial port time to pass it on before the VM is gone.
marker_script() {
  printf '#!ipxe\necho %s\necho ................................................................\necho ................................................................\nreboot\n' "$1"
}

# capture_start NAME: records what the VM NAME sends and receives (DHCP and PXE, UDP 67/68/4011),
# on its tap, before it boots; capture_stop NAME ends the capture and prints it decoded by
# tcpdump -vv, one packet a line (e.g. "... 10.214.0.1.67 > 0.0.0.0.68: ... BOOTP/DHCP, Reply ...
# Server-IP 10.213.0.2 ... Server-ID (54), length 4: 10.213.0.2 ...").
capture_start() {
  local tap
  tap=$(vm_tap "$1")
  ip netns exec "$NS_LAN" tcpdump -i "$tap" -U -n -s 0 -w "$E2E_WORK/capture-$1.pcap" \
    'udp and (port 67 or port 68 or port 4011)' > "$E2E_WORK/tcpdump-$1.out" 2>&1 &
  echo $! > "$E2E_WORK/tcpdump-$1.pid"
  local i
  for i in $(seq 1 50); do
    grep -q "listening on" "$E2E_WORK/tcpdump-$1.out" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "tcpdump did not start on $tap: $(cat "$E2E_WORK/tcpdump-$1.out")"
}

capture_stop() {
  local pid
  pid=$(cat "$E2E_WORK/tcpdump-$1.pid")
  local i
  kill -INT "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  tcpdump -r "$E2E_WORK/capture-$1.pcap" -n -vv 2>/dev/null \
    | awk '/^[0-9][0-9]:[0-9][0-9]:/ { if (p != "") print p; p = $0; next }
           { sub(/^[ \t]+/, " "); p = p $0 } END { if (p != "") print p }'
}

# server_second_interface NAME ADDR/PREFIX [default]: gives a server's namespace a second
# interface (eth1, a veth whose other end stays unplugged in the lan namespace) with that address,
# added after eth0 so that it is listed first; "default" also routes everything not on a
# connected subnet through it (a gateway that is never there). An address no client can reach:
# a server that announced it would be seen at once.
server_second_interface() {
  local name=$1 addr=$2 gateway=${3:-}
  local ns="kpxe$E2E_ID-$name"
  ip link add "x$E2E_ID$name" netns "$ns" type veth peer name "${name}x" netns "$NS_LAN"
  ip -n "$ns" link set "x$E2E_ID$name" name eth1
  ip -n "$ns" addr add "$addr" dev eth1
  ip -n "$ns" link set eth1 up
  ip -n "$NS_LAN" link set "${name}x" up
  if [ "$gateway" = default ]; then
    ip -n "$ns" route add default via "$(echo "${addr%/*}" | cut -d. -f1-3).1" dev eth1
  fi
}

# relay_start SERVER...: a second segment, $RELAY_SUBNET.0/24 on bridge br1 of the lan namespace
# (boot VMs there with VM_BRIDGE=br1), behind a router (the relay namespace: $SUBNET.254 on br0,
# $RELAY_SUBNET.1 on br1, IPv4 forwarding on) that relays DHCP from br1 to the address-leasing
# dnsmasq ($SUBNET.1) and to each SERVER (names given to server_start), with giaddr
# $RELAY_SUBNET.1, and whose dnsmasq sends IPv6 router advertisements on br1 so that iPXE does not
# wait for them. The leasing dnsmasq and the servers get a route to the segment through the router.
# The leasing dnsmasq needs a range there: e2e_setup "${RELAY_DHCP_RANGE[@]}".
# The relay agent is dnsmasq's --dhcp-relay, which passes a reply on by broadcast only when its
# broadcast flag is set, and otherwise unicasts it to yiaddr (for a proxy offer, 0.0.0.0: the reply
# would never leave the router), so it also proves that proxy offers ask relays to broadcast.
RELAY_DHCP_RANGE=(--dhcp-range="set:relayed,$RELAY_SUBNET.100,$RELAY_SUBNET.150,255.255.255.0,10m"
                  --dhcp-option="tag:relayed,option:router,$RELAY_SUBNET.1")
relay_start() {
  ip -n "$NS_LAN" link add br1 type bridge forward_delay 0 stp_state 0
  ip -n "$NS_LAN" link set br1 up
  ip netns add "$NS_RELAY"
  ip -n "$NS_RELAY" link set lo up
  ip link add "r$E2E_ID" netns "$NS_RELAY" type veth peer name relay0 netns "$NS_LAN"
  ip link add "q$E2E_ID" netns "$NS_RELAY" type veth peer name relay1 netns "$NS_LAN"
  ip -n "$NS_LAN" link set relay0 master br0 up
  ip -n "$NS_LAN" link set relay1 master br1 up
  ip -n "$NS_RELAY" link set "r$E2E_ID" name eth0
  ip -n "$NS_RELAY" link set "q$E2E_ID" name eth1
  ip -n "$NS_RELAY" addr add "$SUBNET.254/24" dev eth0
  ip -n "$NS_RELAY" addr add "$RELAY_SUBNET.1/24" dev eth1
  ip -n "$NS_RELAY" addr add fd00:214::1/64 dev eth1 nodad
  ip -n "$NS_RELAY" link set eth0 up
  ip -n "$NS_RELAY" link set eth1 up
  ip netns exec "$NS_RELAY" sysctl -q -w net.ipv4.ip_forward=1
  ip -n "$NS_DHCP" route add "$RELAY_SUBNET.0/24" via "$SUBNET.254"
  local relays=(--dhcp-relay="$RELAY_SUBNET.1,$SUBNET.1") name addr
  for name in "$@"; do
    addr=$(ip -n "kpxe$E2E_ID-$name" -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1)
    relays+=(--dhcp-relay="$RELAY_SUBNET.1,$addr")
    ip -n "kpxe$E2E_ID-$name" route add "$RELAY_SUBNET.0/24" via "$SUBNET.254"
  done
  ip netns exec "$NS_RELAY" dnsmasq --keep-in-foreground --port=0 --log-dhcp --log-facility=- --no-ping \
    --pid-file="$E2E_WORK/relay-dnsmasq.pid" --dhcp-leasefile="$E2E_WORK/relay-dnsmasq.leases" \
    "${relays[@]}" --enable-ra --dhcp-range=::,constructor:eth1,ra-only \
    > "$E2E_WORK/relay-dnsmasq.log" 2>&1 &
  log "relay between br0 ($SUBNET.254) and br1 ($RELAY_SUBNET.1) for the leasing DHCP server and $*"
}

# ---- UEFI fall-through: boots timed line by line, and the time each boot option took

# timed_boot NAME MARKER: boots with every console line stamped (seconds since power-on, when the
# line was complete) into timed-NAME.log; prints the seconds from power-on to the marker.
timed_boot() {
  local name=$1 marker=$2 start end stamper rc=0
  start=$(date +%s.%N)
  rm -f "$E2E_WORK/stamp-stop"
  python3 - "$E2E_WORK/serial-$name.log" "$E2E_WORK/timed-$name.log" "$E2E_WORK/stamp-stop" "$start" <<'PY' &
import os, sys, time
serial, out, stop, start = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
while not os.path.exists(serial) or os.path.getsize(serial) > 0 and os.path.getmtime(serial) < start:
    time.sleep(0.05)
with open(serial, "rb") as f, open(out, "w") as o:
    pending = b""
    while True:
        chunk = f.read()
        if chunk:
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                o.write("%.1f %s\n" % (time.time() - start, line.decode("latin-1").rstrip("\r")))
            o.flush()
        elif os.path.exists(stop):
            break
        else:
            time.sleep(0.05)
PY
  stamper=$!
  # shellcheck disable=SC2046
  vm_boot "$name" uefi 180 "$marker" $(uefi_disk_args "$E2E_WORK/disk.img") >&2 || rc=1
  end=$(date +%s.%N)
  touch "$E2E_WORK/stamp-stop"
  wait "$stamper" 2>/dev/null || true
  [ $rc = 0 ] || return 1
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
}

# option_times NAME: the seconds each of OVMF's network boot options after PXE over IPv4 took, from
# the end of that one (iPXE's "exit 1", or the firmware's "Remote boot cancelled" when it was sent
# to its disk at once) to the end of each ("PXEv6 4.1 HTTPv4 6.3 HTTPv6 4.9"), and to the disk.
option_times() {
  awk '/Could not boot image: Error 0x00000001|PXE-E21: Remote boot cancelled/ { t = $1; out = "" }
    t != "" && match($0, /failed to load Boot[0-9A-F]+ "UEFI (PXEv6|HTTPv4|HTTPv6)/) {
      name = substr($0, RSTART + 30, RLENGTH - 30); out = out sprintf("%s %.1f ", name, $1 - t); t = $1 }
    t != "" && /E2E-DISK-UEFI-BOOTED/ { out = out sprintf("disk %.1f", $1 - t); t = "" }
    END { print out }' "$E2E_WORK/timed-$1.log"
}

# one_shot_then_fast NAME WHAT: the VM NAME (MAC 52:54:00:12:34:57) is prestaged with a one-shot
# task, which runs at its next boot; the boot after reaches the disk fast (check_fast) within 25 s.
one_shot_then_fast() {
  local total
  marker_script E2E-UEFI-TASK-RAN > "$E2E_WORK/task.ipxe"
  server_cmd srv1 "pxe:device-add --mac 52:54:00:12:34:57 $1-vm" >/dev/null || fail "pxe:device-add failed"
  server_cmd srv1 "pxe:task-set --one-shot --file $E2E_WORK/task.ipxe $1-vm" | grep -q . || fail "pxe:task-set failed"
  timed_boot "$1" E2E-UEFI-TASK-RAN >/dev/null || fail "$2: the prestaged machine's one-shot task did not run"
  total=$(timed_boot "$1" E2E-DISK-UEFI-BOOTED) || fail "$2: after its task, the machine did not reach its disk"
  check_fast "$1" "$2"
  log "$2: power-on to disk in $total s (limit 25 s)"
  awk -v t="$total" 'BEGIN { exit !(t < 25) }' || fail "$2: power-on to disk took $total s"
}

# check_fast NAME WHAT: each later boot option (PXEv6, HTTPv4, HTTPv6) ended within 15 s, and the
# HTTP boot client got the fall-through URL.
check_fast() {
  local times limit=15
  times=$(option_times "$1")
  log "$2: seconds per boot option after PXE over IPv4: $times (limit $limit s each)"
  for option in PXEv6 HTTPv4 HTTPv6; do
    echo "$times" | grep -q "$option " || fail "$2: OVMF's $option boot option was not seen on the console"
  done
  echo "$times" | awk -v l="$limit" '{ for (i = 1; i < NF; i += 2) if ($(i + 1) >= l) exit 1 }' \
    || fail "$2: a boot option took $limit s or more: $times"
  grep -aq "URI: http://$SUBNET.2:8080/boot/fall-through/" "$E2E_WORK/serial-$1.log" \
    || fail "$2: the HTTP boot client did not get the fall-through URL"
}

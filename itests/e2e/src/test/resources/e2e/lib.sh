#!/usr/bin/env bash
#
# End-to-end harness: a test network of network namespaces, the built distribution as the PXE
# server, dnsmasq as the separate address-leasing DHCP server, and QEMU firmware as the client.
# Only addresses inside the namespaces made here are used (10.213.0.0/24).
#
#   lan  (namespace): bridge br0, a tap per VM
#   dhcp (namespace): dnsmasq on 10.213.0.1, joined to br0 by a veth pair
#   srvN (namespace): a PXE server on 10.213.0.(1+N), joined to br0 by a veth pair
#
# Scenarios source this file, call e2e_setup, start servers and VMs, and assert.
set -euo pipefail

E2E_DISTRO=${E2E_DISTRO:?set E2E_DISTRO to the unpacked distribution (karaf-distro/target/assembly)}
E2E_WORK=${E2E_WORK:-$(mktemp -d /tmp/kpxe-e2e.XXXXXX)}
E2E_ID=${E2E_ID:-$$}
NS_LAN=kpxe$E2E_ID-lan
NS_DHCP=kpxe$E2E_ID-dhcp
SUBNET=10.213.0
VM_GUID=8b6b6f3e-1c9a-4e55-9d3a-0a1b2c3d4e5f

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
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
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
  # Addresses for clients, and IPv6 router advertisements so that iPXE does not wait for them.
  ip netns exec "$NS_DHCP" dnsmasq --keep-in-foreground --port=0 --interface=eth0 --bind-interfaces \
    --no-ping --dhcp-range="$SUBNET.100,$SUBNET.150,255.255.255.0,10m" --dhcp-authoritative --log-dhcp \
    --enable-ra --dhcp-range=::,constructor:eth0,ra-only --dhcp-leasefile="$E2E_WORK/dnsmasq.leases" \
    > "$E2E_WORK/dnsmasq.log" 2>&1 &
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
  ip -n "$ns" link set eth0 up
  server_launch "$name"
}

# server_launch NAME: starts the (already set up) server in its namespace and waits until it answers.
server_launch() {
  local name=$1 home="$E2E_WORK/$1"
  ip netns exec "kpxe$E2E_ID-$name" "$home/karaf/bin/start" 2>/dev/null
  local i
  for i in $(seq 1 90); do
    if server_cmd "$name" "pxe:dhcp-stats" 2>/dev/null | grep -q "proxy .*listening"; then
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

server_cmd() {
  local name=$1; shift
  ip netns exec "kpxe$E2E_ID-$name" "$E2E_WORK/$name/karaf/bin/pxe" "$@" 2>/dev/null
}

server_stop() {
  local name=$1 p
  for p in $(ip netns pids "kpxe$E2E_ID-$name" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
}

# vm_boot NAME FIRMWARE TIMEOUT MARKER [qemu args...]: boots a VM on the bridge and waits until
# MARKER appears on its serial console. FIRMWARE: bios (SeaBIOS + iPXE ROM) or uefi (OVMF, its
# own PXE client). Returns 1 when the marker did not appear in time.
vm_boot() {
  local name=$1 firmware=$2 timeout=$3 marker=$4; shift 4
  local tap="t$E2E_ID$name" serial="$E2E_WORK/serial-$name.log"
  ip -n "$NS_LAN" link show "$tap" >/dev/null 2>&1 || {
    ip -n "$NS_LAN" tuntap add dev "$tap" mode tap
    ip -n "$NS_LAN" link set "$tap" master br0 up
  }
  local fw=()
  case "$firmware" in
    bios) fw=(-device "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56" -boot n) ;;
    uefi)
      [ -f "$E2E_WORK/vars-$name.fd" ] || cp /usr/share/OVMF/OVMF_VARS_4M.fd "$E2E_WORK/vars-$name.fd"
      fw=(-machine q35 -drive "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
          -drive "if=pflash,format=raw,file=$E2E_WORK/vars-$name.fd"
          -device "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:57,romfile=,bootindex=1"
          -fw_cfg name=opt/org.tianocore/IPv6PXESupport,string=no) ;;
    *) fail "unknown firmware $firmware" ;;
  esac
  # An earlier boot's console is kept beside it, for a look after the run.
  [ -s "$serial" ] && mv "$serial" "$serial.$(date +%s%N)"
  : > "$serial"
  ip netns exec "$NS_LAN" qemu-system-x86_64 -accel tcg -m 256 -nodefaults -nographic -monitor none \
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

# bios_disk FILE MARKER: a disk whose MBR prints MARKER on the serial port and ends the VM.
bios_disk() {
  python3 "$(dirname "${BASH_SOURCE[0]}")/mbr.py" "$1" "$2"
}

# uefi_disk FILE MARKER: a GPT disk with an EFI system partition whose default loader
# (EFI/BOOT/BOOTX64.EFI, a standalone GRUB) prints MARKER and powers the VM off.
uefi_disk() {
  local disk=$1 marker=$2 tmp
  tmp=$(mktemp -d)
  printf 'echo %s\necho ................................\nhalt\n' "$marker" > "$tmp/grub.cfg"
  grub-mkstandalone -O x86_64-efi -o "$tmp/BOOTX64.EFI" --modules="echo halt" \
    --locales= --themes= --fonts= "boot/grub/grub.cfg=$tmp/grub.cfg" >/dev/null
  truncate -s 40M "$tmp/esp.img"
  mkfs.vfat -F 32 -n ESP "$tmp/esp.img" >/dev/null
  mmd -i "$tmp/esp.img" ::/EFI ::/EFI/BOOT
  mcopy -i "$tmp/esp.img" "$tmp/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
  truncate -s 48M "$disk"
  sfdisk -q "$disk" <<<'label: gpt
start=2048, size=81920, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B'
  dd if="$tmp/esp.img" of="$disk" bs=512 seek=2048 conv=notrunc status=none
  rm -rf "$tmp"
}

# Extra qemu arguments that attach a disk made by bios_disk or uefi_disk, booted after the network.
bios_disk_args() { echo "-drive file=$1,format=raw,if=ide -device isa-debug-exit,iobase=0xf4,iosize=4"; }
uefi_disk_args() { echo "-drive file=$1,format=raw,if=none,id=disk0 -device virtio-blk-pci,drive=disk0,bootindex=2"; }

# An iPXE script that prints a marker and ends the VM (qemu runs with -no-reboot). The lines after
# the marker give the serial port time to pass it on before the VM is gone.
marker_script() {
  printf '#!ipxe\necho %s\necho ................................................................\necho ................................................................\nreboot\n' "$1"
}

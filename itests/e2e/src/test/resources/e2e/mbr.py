#!/usr/bin/env python3
"""Writes a 1 MiB raw disk whose MBR prints a marker on COM1 and ends QEMU (isa-debug-exit at 0xf4).

usage: mbr.py DISK MARKER
"""
import sys

disk, marker = sys.argv[1], sys.argv[2].encode("ascii") + b"\r\n\0"
code = bytes([
    0xFA,                    # cli
    0x31, 0xC0,              # xor ax, ax
    0x8E, 0xD8,              # mov ds, ax
    0xBE, 0x1A, 0x7C,        # mov si, 0x7c1a (the marker, right after this code)
    0xBA, 0xF8, 0x03,        # mov dx, 0x3f8 (COM1)
    0xAC,                    # next: lodsb
    0x84, 0xC0,              # test al, al
    0x74, 0x03,              # jz done
    0xEE,                    # out dx, al
    0xEB, 0xF8,              # jmp next
    0xB0, 0x01,              # done: mov al, 1
    0xE6, 0xF4,              # out 0xf4, al (isa-debug-exit: QEMU ends)
    0xF4,                    # hlt
    0xEB, 0xFE,              # jmp $
])
assert len(code) == 26
sector = bytearray(512)
sector[:len(code) + len(marker)] = code + marker
sector[510:512] = b"\x55\xAA"
with open(disk, "wb") as f:
    f.write(sector)
    f.truncate(1024 * 1024)

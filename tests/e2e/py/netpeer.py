#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host side of the virtio-net e2e cases (tests/e2e/net.sh).

  netpeer.py freeport               print a TCP port free on 127.0.0.1
  netpeer.py hold PORT READYFILE    listen on 127.0.0.1:PORT until killed
  netpeer.py client HOST PORT       send a line, check the guest's answer
                                    "crc32=XXXXXXXX bytes=N" against zlib's
  netpeer.py crc32 FILE             print FILE's CRC-32 (zlib)
"""
import os
import socket
import sys
import time
import zlib


def main():
    cmd = sys.argv[1]
    if cmd == "freeport":
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
    elif cmd == "hold":
        s = socket.socket()
        s.bind(("127.0.0.1", int(sys.argv[2])))
        s.listen()
        open(sys.argv[3], "w").close()
        time.sleep(600)
    elif cmd == "client":
        data = os.urandom(3000).hex().encode() + b"\n"
        s = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=60)
        s.sendall(data)
        got = b""
        while not got.endswith(b"\n"):
            r = s.recv(4096)
            if not r:
                break
            got += r
        want = "crc32=%08x bytes=%d\n" % (zlib.crc32(data), len(data))
        if got.decode(errors="replace") != want:
            print("netpeer: the guest answered %r, wanted %r" % (got, want))
            sys.exit(1)
        print("netpeer: the guest got all %d bytes" % len(data))
    elif cmd == "crc32":
        with open(sys.argv[2], "rb") as f:
            print("%08x" % zlib.crc32(f.read()))


if __name__ == "__main__":
    main()

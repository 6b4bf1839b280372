#!/usr/bin/env python3
"""Type keys into an emulator's COM1 and record what it prints.

The emulator connects to us over TCP (Bochs: com1 mode=socket-client;
QEMU: -serial tcp:HOST:PORT). Everything it sends is appended to --out as
it arrives; once the output matches --after (a Python regex searched in
the output so far, ANSI escapes and CRs removed), the bytes of --input are
sent one at a time, --gap seconds apart, so each key's reply comes out
before the next key and the UART's 16-byte receive FIFO never overflows.

  serial-feeder.py --port-file F --out SERIAL --input KEYS [--after RE]
                   [--gap SEC] [--accept-timeout SEC]

The chosen port (an ephemeral one) is written to --port-file once we
listen. Exits when the emulator closes the connection; status 3 if it
never connected, 0 otherwise (the scenario judges the output).
"""
import argparse
import os
import re
import select
import socket
import sys
import time

ANSI = re.compile(rb"\x1b\[[0-9;?]*[@-~]|\x1b[()][0-9A-Za-z]|\r")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port-file", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--after", default="")
    p.add_argument("--gap", type=float, default=0.3)
    p.add_argument("--accept-timeout", type=float, default=60.0)
    return p.parse_args()


def listen(port_file):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.getsockname()[1])
    # Rename so the reader never sees a half-written file.
    os.replace(port_file + ".tmp", port_file)
    return srv


def run(conn, out, keys, after, gap):
    """Copy output to out; send keys (after the trigger) gap seconds apart."""
    seen = b""
    trigger = re.compile(after.encode()) if after else None
    armed = trigger is None
    next_send = time.monotonic()
    while True:
        timeout = max(0.0, next_send - time.monotonic()) if armed and keys else 1.0
        ready, _, _ = select.select([conn], [], [], timeout)
        if ready:
            data = conn.recv(4096)
            if not data:
                return
            out.write(data)
            out.flush()
            if not armed:
                seen += ANSI.sub(b"", data)
                if trigger.search(seen):
                    armed = True
                    next_send = time.monotonic() + gap
        if armed and keys and time.monotonic() >= next_send:
            conn.sendall(keys[:1])
            print("serial-feeder: sent %r" % keys[:1], file=sys.stderr)
            keys = keys[1:]
            next_send = time.monotonic() + gap


def main():
    args = parse_args()
    srv = listen(args.port_file)
    srv.settimeout(args.accept_timeout)
    try:
        conn, _ = srv.accept()
    except socket.timeout:
        print("serial-feeder: the emulator never connected", file=sys.stderr)
        return 3
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    with open(args.out, "ab") as out:
        try:
            run(conn, out, args.input.encode(), args.after, args.gap)
        except (ConnectionResetError, BrokenPipeError):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

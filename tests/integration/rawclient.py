#!/usr/bin/env python3
"""rawclient.py: a deliberately badly behaved Varlink client for the integration tests.

    rawclient.py SOCKET garbage BYTES [nul]   send BYTES of junk (with NULs if "nul"), then
                                              read replies until svcd closes the connection
    rawclient.py SOCKET send TEXT             send TEXT (\\0 = NUL) and read until closed
    rawclient.py SOCKET half                  send half a request, then vanish
    rawclient.py SOCKET flood COUNT HOLD      send COUNT calls, never read a reply, stay HOLD s
    rawclient.py SOCKET idle SECONDS          connect, send nothing, stay for SECONDS

Each message received is printed on its own line; then "closed" if svcd closed the
connection, or "open" if it was still open after the deadline (SVCD_TEST_DEADLINE)."""

import os
import random
import socket
import sys
import time

DEADLINE = float(os.environ.get("SVCD_TEST_DEADLINE", "20"))


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def send_ignoring_close(s, data):
    """Sends data; svcd may close the connection part-way, which is the point."""
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


def read_until_closed(s):
    s.settimeout(DEADLINE)
    data = b""
    state = "open"
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            state = "closed"
            break
        except socket.timeout:
            break
        if not chunk:
            state = "closed"
            break
        data += chunk
    for message in data.split(b"\0"):
        if message:
            print(message.decode("utf-8", "replace"))
    print(state)


def main():
    path, mode = sys.argv[1], sys.argv[2]
    s = connect(path)
    if mode == "garbage":
        size = int(sys.argv[3])
        alphabet = bytes(range(256)) if len(sys.argv) > 4 and sys.argv[4] == "nul" else bytes(range(1, 256))
        rng = random.Random(4)
        junk = bytes(rng.choice(alphabet) for _ in range(4096))
        send_ignoring_close(s, (junk * (size // len(junk) + 1))[:size])
        read_until_closed(s)
    elif mode == "send":
        send_ignoring_close(s, sys.argv[3].encode().replace(b"\\0", b"\0"))
        read_until_closed(s)
    elif mode == "half":
        s.sendall(b'{"method":"io.svcd.Manager.GetUnit","parameters":{"na')
        s.close()
    elif mode == "flood":
        # Says "flooding" once 100 calls are out, then keeps sending until COUNT are sent or
        # svcd stops reading (its way of pushing back), and stays connected for HOLD seconds.
        call = b'{"method":"org.varlink.service.GetInfo","parameters":{}}\0'
        count = int(sys.argv[3])
        hold = float(sys.argv[4]) if len(sys.argv) > 4 else 0
        s.setblocking(False)
        sent = 0
        end = time.monotonic() + hold
        while sent < count and time.monotonic() < end:
            try:
                s.send(call)
                sent += 1
                if sent == 100:
                    print("flooding", flush=True)
            except BlockingIOError:
                time.sleep(0.01)  # our send buffer is full: we never read the replies
            except (BrokenPipeError, ConnectionResetError):
                break
        print(f"sent {sent}", flush=True)
        time.sleep(max(0.0, end - time.monotonic()))
    elif mode == "idle":
        time.sleep(float(sys.argv[3]))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()

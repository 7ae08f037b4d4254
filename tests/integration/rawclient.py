#!/usr/bin/env python3
"""rawclient.py: a deliberately badly behaved Varlink client for the integration tests.

    rawclient.py SOCKET garbage BYTES [nul]   send BYTES of junk (with NULs if "nul"), then
                                              read replies until svcd closes the connection
    rawclient.py SOCKET send TEXT             send TEXT (\\0 = NUL) and read until closed
    rawclient.py SOCKET half                  send half a request, then vanish
    rawclient.py SOCKET flood COUNT HOLD      send COUNT calls, never read a reply, stay HOLD s
    rawclient.py SOCKET idle SECONDS          connect, send nothing, stay for SECONDS
    rawclient.py SOCKET stall SECONDS         send half a request, stay connected and read
                                              until svcd closes (or SECONDS pass)
    rawclient.py SOCKET pipeline COUNT UNIT-PREFIX [shut]
                                              send COUNT pairs (ListUnits, GetUnit of
                                              PREFIX01, PREFIX02, ...) in one go (then shut
                                              down the sending side if "shut"); read slowly
                                              at first, then fast; print one line per reply
                                              ("units N" or "unit ID") and "complete" or
                                              "incomplete" (see pipeline() below)
    rawclient.py SOCKET hold COUNT SECONDS [sync]
                                              open COUNT connections and keep them SECONDS;
                                              with "sync", then count how many svcd closed
                                              at once and print "closed X kept Y"; without,
                                              print "held COUNT"

Each message received is printed on its own line; then "closed" if svcd closed the
connection, or "open" if it was still open after the deadline (SVCD_TEST_DEADLINE)."""

import json
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


def read_until_closed(s, deadline=None):
    deadline = DEADLINE if deadline is None else deadline
    s.settimeout(deadline)
    data = b""
    state = "open"
    end = time.monotonic() + deadline
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


def summarize(message):
    """One line for a reply: "units N", "unit ID", "error NAME" or "bad JSON"."""
    try:
        m = json.loads(message)
    except ValueError:
        return "bad JSON"
    if "error" in m:
        return f"error {m['error']}"
    p = m.get("parameters", {})
    if "units" in p:
        return f"units {len(p['units'])}"
    if "unit" in p:
        return f"unit {p['unit'].get('Id')}"
    return "other " + ",".join(sorted(p))


def pipeline(s, count, prefix, shut):
    """Back-pressure: the replies to COUNT pipelined ListUnits are each larger than svcd's
    high-water mark, and the client is slow at first. Every reply must still arrive, whole
    and in order, before the deadline."""
    calls = b""
    for i in range(1, count + 1):
        calls += b'{"method":"io.svcd.Manager.ListUnits","parameters":{}}\0'
        calls += b'{"method":"io.svcd.Manager.GetUnit","parameters":{"name":"%s%02d.service"}}\0' % (
            prefix.encode(), i)
    s.sendall(calls)
    if shut:
        s.shutdown(socket.SHUT_WR)
    want = 2 * count
    data = bytearray()
    got = 0
    state = "open"
    end = time.monotonic() + 3 * DEADLINE
    s.settimeout(DEADLINE)
    reads = 0
    while got < want and time.monotonic() < end:
        slow = reads < 60
        try:
            chunk = s.recv(16384 if slow else 1 << 20)
        except (socket.timeout, ConnectionResetError):
            break
        reads += 1
        if not chunk:
            state = "closed"
            break
        data += chunk
        while True:
            i = data.find(b"\0")
            if i < 0:
                break
            print(summarize(bytes(data[:i])), flush=True)
            del data[:i + 1]
            got += 1
        if slow:
            time.sleep(0.02)
    print("complete" if got == want else f"incomplete: {got} of {want} replies, connection {state}")


def hold_connections(path, count, seconds, sync):
    conns = [connect(path) for _ in range(count)]
    if sync:
        # svcd accepts in order and refuses by closing at once: once this last connection
        # is answered (or closed), every earlier one has been accepted or refused.
        last = connect(path)
        send_ignoring_close(last, b'{"method":"org.varlink.service.GetInfo","parameters":{}}\0')
        last.settimeout(DEADLINE)
        try:
            last.recv(65536)
        except (socket.timeout, ConnectionResetError):
            pass
        closed = 0
        for c in conns:
            c.setblocking(False)
            try:
                if c.recv(1) == b"":
                    closed += 1
            except BlockingIOError:
                pass
            except ConnectionResetError:
                closed += 1
        print(f"closed {closed} kept {count - closed}", flush=True)
    else:
        print(f"held {count}", flush=True)
    time.sleep(seconds)


def main():
    path, mode = sys.argv[1], sys.argv[2]
    if mode == "hold":
        hold_connections(path, int(sys.argv[3]), float(sys.argv[4]), len(sys.argv) > 5 and sys.argv[5] == "sync")
        return
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
    elif mode == "stall":
        s.sendall(b'{"method":"io.svcd.Manager.GetUnit","parameters":{"na')
        read_until_closed(s, float(sys.argv[3]))
    elif mode == "pipeline":
        pipeline(s, int(sys.argv[3]), sys.argv[4], len(sys.argv) > 5 and sys.argv[5] == "shut")
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()

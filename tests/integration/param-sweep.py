#!/usr/bin/env python3
"""param-sweep.py SOCKET UNIT: calls every method of io.svcd.Manager that svcd describes
(org.varlink.service.GetInterfaceDescription) with one parameter at a time replaced by a
value of each JSON kind, and with a "parameters" that is not an object, each call on a
connection of its own. The other parameters get harmless values: UNIT for a unit name (a
unit that does not exist, or one whose state does not matter), true for a flag. Shutdown
and a GetLogs that follows are left out (t-garbage-params checks Shutdown alone).

Prints one line per call, "METHOD PARAM LABEL FIT -> OUTCOME":
  FIT      "right" if the value has the declared type (or is null for an optional
           parameter, which Varlink reads as absent), "wrong" if not, "-" for the calls
           that replace the parameters as a whole or add an unknown one;
  OUTCOME  "reply", "error NAME", "closed" (svcd closed the connection without answering)
           or "timeout" (no answer in 10 s)."""

import json
import re
import socket
import sys

SOCK, UNIT = sys.argv[1], sys.argv[2]
TIMEOUT = 10

VALUES = {
    "int": 7,
    "negative": -1,
    "int64max": 2**63 - 1,
    "float": 1.5e308,
    "string": "x",
    "empty": "",
    "long": "y" * 100000,  # beyond svcd's bound on a request: ProtocolError whatever the parameter
    "bool": True,
    "null": None,
    "array": [1, "a"],
    "object": {"a": {"b": []}},
}


def harmless(kind):
    return {"string": UNIT, "bool": True, "int": 1, "[]string": [UNIT]}.get(kind, 1)


def fits(kind, optional, value):
    if value is None:
        return optional
    if kind == "string":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "[]string":
        return isinstance(value, list) and all(isinstance(x, str) for x in value)
    return True  # a type this script does not know: no claim


def call(message):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    try:
        s.connect(SOCK)
        s.sendall(json.dumps(message).encode() + b"\0")
        buf = b""
        while b"\0" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                return "closed"
            buf += chunk
        reply = json.loads(buf.split(b"\0", 1)[0])
        return "error " + reply["error"] if "error" in reply else "reply"
    except socket.timeout:
        return "timeout"
    finally:
        s.close()


def methods():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    s.connect(SOCK)
    s.sendall(json.dumps({"method": "org.varlink.service.GetInterfaceDescription",
                          "parameters": {"interface": "io.svcd.Manager"}}).encode() + b"\0")
    buf = b""
    while b"\0" not in buf:
        buf += s.recv(65536)
    s.close()
    text = json.loads(buf.split(b"\0", 1)[0])["parameters"]["description"]
    for m in re.finditer(r"method (\w+)\(([^)]*)\)", text):
        params = []
        for p in filter(None, (x.strip() for x in m.group(2).split(","))):
            name, kind = (x.strip() for x in p.split(":", 1))
            params.append((name, kind.lstrip("?"), kind.startswith("?")))
        yield m.group(1), params


for name, params in methods():
    if name == "Shutdown":
        continue
    method = "io.svcd.Manager." + name
    base = {p: harmless(kind) for p, kind, _ in params if p != "follow"}
    for p, kind, optional in params:
        for label, value in VALUES.items():
            if p == "follow" and value not in (None, "x", 7, [1, "a"]):
                continue  # a follow svcd takes as true streams until the client leaves
            args = dict(base, **{p: value})
            fit = "right" if fits(kind, optional, value) else "wrong"
            print(f"{name} {p} {label} {fit} -> {call({'method': method, 'parameters': args})}", flush=True)
    print(f"{name} bogusParameter int - -> {call({'method': method, 'parameters': dict(base, bogusParameter=1)})}",
          flush=True)
    for label in ("array", "string", "null", "int"):
        print(f"{name} (parameters) {label} - -> {call({'method': method, 'parameters': VALUES[label]})}", flush=True)

#!/usr/bin/env bash
# placeholder until its tests land (this session).
echo "1..0 # SKIP not written yet"

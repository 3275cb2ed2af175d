#!/usr/bin/env bash
# Set-up shared by the README's two commands: system packages (apt, when root and missing),
# npm ci (when node_modules does not match the lock file), then the build.
#   scripts/setup.sh app   – what the app needs
#   scripts/setup.sh test  – also what the tests need (real git stores, AWS CLI, Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-app}"

app_packages=(git ca-certificates libglib2.0-bin)
test_packages=(git ca-certificates openssl openssh-client awscli gnome-keyring dbus-daemon dbus-x11 libsecret-tools
  libsecret-1-dev libglib2.0-bin pkg-config make gcc chromium xvfb)
if [ "$kind" = test ]; then packages=("${test_packages[@]}"); else packages=("${app_packages[@]}"); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages (${missing[*]}); install them with your package manager" >&2
  fi
fi

# npm ci only when the installed tree was not made from this lock file (saves ~40 s when warm).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.ccd-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.ccd-lock-hash
fi
# npm test builds on its own (it must work without this script too); the app needs it here.
if [ "$kind" = app ]; then npm run build --silent; fi

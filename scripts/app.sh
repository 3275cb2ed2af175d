#!/usr/bin/env bash
# The README's "run the app" command: set-up, then the desktop app (or, where no Electron
# runtime can be had, one line saying why and the terminal wizard).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
exec npm start --silent

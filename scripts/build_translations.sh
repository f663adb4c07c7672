#!/usr/bin/env bash
# Compile i18n/*.ts into .qm with Qt 5's lrelease (Debian: qttools5-dev-tools).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lrelease="$(command -v lrelease || true)"
[ -n "$lrelease" ] || lrelease=/usr/lib/qt5/bin/lrelease
shopt -s nullglob
for ts in "$here"/i18n/*.ts; do
  "$lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done

#!/usr/bin/env bash
# System packages for the browser tests of the web UI and the report (crates/warta-cli/tests/server_e2e.rs,
# report_e2e.rs).
# Called by .ci/run as root on Debian. Skips the install when Chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
echo "installed: $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"

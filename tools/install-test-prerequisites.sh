#!/usr/bin/env bash
# Installs what the tests need beyond .NET: Debian python3-nibabel (the reference NIfTI reader for cross-checks),
# Debian chromium (the HTML report is tested in a real browser) and npm bids-validator@1.15.0 (validates datasets
# offline). Idempotent: installs only what is missing. Called by build.ps1 -Task Test and by .ci/run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

missing=()
/usr/bin/python3 -c 'import nibabel' >/dev/null 2>&1 || missing+=(python3-nibabel python3-numpy)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "Missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

validator="$here/node/node_modules/.bin/bids-validator"
if [ ! -x "$validator" ]; then
  echo "Installing bids-validator@1.15.0 into tools/node"
  npm install --prefix "$here/node" --no-audit --no-fund --silent bids-validator@1.15.0 >/dev/null
fi

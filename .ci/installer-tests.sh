#!/usr/bin/env bash
# CI stage: packages and installer tests (called by .ci/run on Debian 12; apt-get update done).
# Builds the Linux app image, the .deb, the server bundle and two MSIs; runs the MSI cycle under
# Wine, the .deb cycle under Xvfb and checks the systemd unit. Prints "N passed, M failed" last
# and exits non-zero on any failure. Takes about 2-3 minutes on 2 cores.
set -uo pipefail
cd "$(dirname "$0")/.."
PROJECT_DIR=$PWD
source packaging/test/checks.sh

# Package dependencies of videoberatung.deb, then the tools of the build and the tests.
DEB_DEPENDS="libgtk-3-0 libv4l-0 libpulse0 libasound2 libx11-6 libxext6 libxi6 libxrender1 libxtst6 libfreetype6 libfontconfig1"
TOOLS="msitools wixl wine wine64 python3 binutils xvfb xauth x11-utils xdotool imagemagick unzip systemd curl"
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $DEB_DEPENDS $TOOLS >/dev/null \
  || { echo "apt-get install failed"; echo "0 passed, 1 failed"; exit 1; }

# Runs one test script, adds its "N passed, M failed" to ours.
run_suite() {
  local name=$1 out; shift
  echo "=== $name"
  out=$("$@" 2>&1); local status=$?
  echo "$out"
  local summary; summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)
  if [[ -n $summary ]]; then
    PASSED=$((PASSED + ${summary%% passed*}))
    FAILED=$((FAILED + $(sed -E 's/.*, ([0-9]+) failed/\1/' <<<"$summary")))
  fi
  [[ $status -eq 0 ]] || [[ -n $summary && ! $summary =~ ", 0 failed" ]] || { FAILED=$((FAILED + 1)); echo "FAIL  $name exited $status"; }
}

echo "=== build"
[[ -f target/videoberatung.jar && -d target/lib ]] || mvn -B -q package -DskipTests
check "app image builds (jlink + jpackage)" packaging/build-app-image.sh
check "deb builds" packaging/build-deb.sh
check "server bundle builds" packaging/build-server.sh
for f in target/dist/videoberatung_*_amd64.deb target/dist/videoberatung-server-*.tar.gz; do echo "FIGURE size $(basename "$f"): $(du -m "$f" | cut -f1) MB"; done
echo "FIGURE runtime image after jlink: $(du -sm target/dist/app-image/videoberatung/lib/runtime | cut -f1) MB"
echo "FIGURE app image: $(du -sm target/dist/app-image/videoberatung | cut -f1) MB"

run_suite "MSI under Wine" installer/test/test-msi.sh
run_suite ".deb under Xvfb" packaging/test/test-deb.sh
run_suite "server bundle (slim, starts from the bundle)" packaging/test/test-server-bundle.sh

echo "=== server unit"
check "systemd unit passes systemd-analyze verify" bash -c \
  "systemd-analyze verify packaging/server/videoberatung-server.service 2>&1 | { ! grep -q .; }"
check "example settings define port, bind, public URL and TLS" bash -c \
  "grep -qE '^port=[0-9]+$' packaging/server/server.properties.example \
   && grep -qE '^bind=' packaging/server/server.properties.example \
   && grep -qE '^public\.url=https://' packaging/server/server.properties.example \
   && grep -qE '^#? ?tls\.cert=' packaging/server/server.properties.example"

finish_checks

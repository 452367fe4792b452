#!/usr/bin/env bash
# Installs the .deb with dpkg, starts the installed app under Xvfb in demo mode (no server
# configured), checks that a window appears (screenshot) and that no native library was unpacked
# into the user's home or temp dir, then purges the package.
#
# usage: packaging/test/test-deb.sh [DEB]   (default target/dist/videoberatung_<version>_amd64.deb)
# Needs root, the package's Depends installed, xvfb xauth imagemagick xdotool.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../common.sh"
source "$HERE/checks.sh"
DEB=${1:-$DIST_DIR/videoberatung_$(project_version)_amd64.deb}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/videoberatung-deb-test.XXXXXX")
SHOTS=${SHOTS_DIR:-$TARGET_DIR/dist/screenshots}
APP_PID=
XVFB_PID=
cleanup() {
  if [[ -n $APP_PID ]]; then kill "$APP_PID" 2>/dev/null || true; fi
  if [[ -n $XVFB_PID ]]; then kill "$XVFB_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$SHOTS" "$WORK/home" "$WORK/tmp"

echo "== install"
dpkg --purge videoberatung >/dev/null 2>&1 || true
check "dpkg -i installs the package" dpkg -i "$DEB"
check_equals "package is installed" "install ok installed" "$(dpkg-query -W -f='${Status}' videoberatung 2>/dev/null)"
check "launcher in /opt/videoberatung" test -x /opt/videoberatung/bin/videoberatung
check "videoberatung on PATH" test -x /usr/bin/videoberatung
check "menu entry installed" test -f /usr/share/applications/videoberatung.desktop
check "machine-wide configuration is a conffile" \
  grep -q /etc/videoberatung/videoberatung.properties <<<"$(dpkg-query -W -f='${Conffiles}' videoberatung)"
check "natives shipped inside the app" test -f /opt/videoberatung/lib/app/lib/libglassgtk3.so

echo "== start under Xvfb (demo mode)"
# Xvfb picks a free display itself and writes its number once it accepts clients.
exec {displayfd}> "$WORK/display"
Xvfb -displayfd "$displayfd" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 & XVFB_PID=$!
exec {displayfd}>&-
deadline() { echo $(( $(date +%s) + $1 )); }
end=$(deadline 60)
until [[ -s $WORK/display ]] || [[ $(date +%s) -ge $end ]]; do sleep 0.1; done
export DISPLAY=:$(head -n 1 "$WORK/display")
check "Xvfb accepts clients ($DISPLAY)" xdpyinfo

# A fresh user: no user configuration, demo mode; java.io.tmpdir is watched for unpacked natives.
run_app() {
  env -i PATH=/usr/bin:/bin DISPLAY=$DISPLAY HOME="$WORK/home" LANG=de_DE.UTF-8 \
    JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$WORK/tmp -Dprism.order=sw" \
    /usr/bin/videoberatung "$@" > "$WORK/app.out" 2>&1 &
  APP_PID=$!
}
run_app
window=
end=$(deadline 90)
while [[ -z $window && $(date +%s) -lt $end ]] && kill -0 "$APP_PID" 2>/dev/null; do
  window=$(xdotool search --onlyvisible --pid "$APP_PID" 2>/dev/null | head -n 1 || true)
  if [[ -z $window ]]; then sleep 0.2; fi
done
check "a window appears" test -n "$window"
if [[ -z $window ]]; then
  echo "  the app $(kill -0 "$APP_PID" 2>/dev/null && echo "still runs" || echo "has ended"); its last output:"
  tail -n 30 "$WORK/app.out" | sed 's/^/  | /'
fi
# The window is mapped before its first frame: wait until the screen holds more than a flat colour.
colours=0
end=$(deadline 30)
while [[ -n $window && $colours -lt 16 && $(date +%s) -lt $end ]]; do
  if import -window root "$SHOTS/deb-demo.png" 2>/dev/null; then colours=$(identify -format %k "$SHOTS/deb-demo.png"); fi
  if [[ $colours -lt 16 ]]; then sleep 0.5; fi
done
check "screenshot shows a drawn window (>= 16 colours: $colours)" test "$colours" -ge 16
kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=
check "no JavaFX natives unpacked into ~/.openjfx" test ! -e "$WORK/home/.openjfx"
check "no JNA natives unpacked into ~/.cache/JNA" test ! -e "$WORK/home/.cache/JNA"
# Native code (ELF or PE, whatever its name) left in java.io.tmpdir. Not every file: JavaFX copies the
# fonts it loads from jars there and BridJ makes an empty folder, both deleted by their shutdown hooks;
# a SIGTERM that arrives while they are being made (the kill above comes right at the first drawn frame)
# can leave one behind.
natives_left() {
  local file magic
  while IFS= read -r -d '' file; do
    magic=$(head -c 4 "$file" | od -An -tx1 | tr -d ' \n')
    case $magic in 7f454c46|4d5a*) echo "$file" ;; esac
  done < <(find "$1" -type f -print0)
}
check "no native library unpacked into java.io.tmpdir" test -z "$(natives_left "$WORK/tmp")"
if [[ -n $(ls -A "$WORK/tmp") ]]; then
  echo "  left in java.io.tmpdir after the kill:"
  (cd "$WORK/tmp" && find . -mindepth 1 -printf '%M %s %p\n' | head -n 20 | sed 's/^/  | /')
fi

# Start time to a usable queue, printed by the app itself when asked.
run_app --exit-after-queue-shown
status=0; timeout 120 tail --pid="$APP_PID" -f /dev/null || status=$?
wait "$APP_PID" 2>/dev/null || status=$?
APP_PID=
queue_ms=$(sed -n 's/^QUEUE_SHOWN \([0-9]*\).*/\1/p' "$WORK/app.out" | head -n 1)
check "installed app shows the queue and exits (QUEUE_SHOWN)" test -n "$queue_ms"
check_equals "app exits 0 after the queue was shown" 0 "$status"
echo "FIGURE installed app start to queue: ${queue_ms:-?} ms"
kill "$XVFB_PID" 2>/dev/null || true; XVFB_PID=

echo "== purge"
check "dpkg --purge removes the package" dpkg --purge videoberatung
check "/opt/videoberatung gone" test ! -e /opt/videoberatung
check "/etc/videoberatung gone" test ! -e /etc/videoberatung
check "launcher link gone" test ! -e /usr/bin/videoberatung
check "menu entry gone" test ! -e /usr/share/applications/videoberatung.desktop

finish_checks

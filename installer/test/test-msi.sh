#!/usr/bin/env bash
# Installer test under Wine: builds two MSIs (0.1.0 and 0.1.1) from installer/ around a Linux app
# image, then installs, upgrades, refuses a downgrade and uninstalls them silently with Wine's
# msiexec, checking files, the machine-wide configuration, registry, Add/Remove Programs and
# shortcuts. What Wine cannot show (UAC, ACLs, hidden log properties, the app running on
# Windows) is listed in docs/deployment.md.
#
# usage: installer/test/test-msi.sh [APP_IMAGE_DIR]   (default target/dist/app-image/videoberatung)
# Needs: wixl msitools wine wine64 python3, a JDK (java runs the properties check).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PROJECT_DIR=$(cd "$HERE/../.." && pwd)
source "$PROJECT_DIR/packaging/test/checks.sh"
APP_IMAGE=$(cd "${1:-$PROJECT_DIR/target/dist/app-image/videoberatung}" && pwd)
URL=https://beratung.example.test
NEW_URL=https://neu.beratung.example.test
UPGRADE_CODE='{75F1A327-6580-4AB5-97A2-545EB88EF82C}'

WORK=$(mktemp -d "${TMPDIR:-/tmp}/videoberatung-msi-test.XXXXXX")
export WINEPREFIX=$WORK/prefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" HOME=$WORK/home
unset DISPLAY
cleanup() { wineserver -k 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$HOME"

# Two builds of the same app image that differ the way releases do.
make_image() { # version, extra file
  cp -al "$APP_IMAGE" "$WORK/$1/videoberatung" 2>/dev/null || { mkdir -p "$WORK/$1"; cp -al "$APP_IMAGE" "$WORK/$1/videoberatung"; }
  echo "$1" > "$WORK/$1/videoberatung/lib/app/build-info.txt"
  echo "$1" > "$WORK/$1/videoberatung/lib/app/$2"
}
make_image 0.1.0 only-in-0.1.0.txt
make_image 0.1.1 only-in-0.1.1.txt
"$PROJECT_DIR/installer/build-msi.sh" "$WORK/0.1.0/videoberatung" 0.1.0 "$WORK/v1.msi" >/dev/null
"$PROJECT_DIR/installer/build-msi.sh" "$WORK/0.1.1/videoberatung" 0.1.1 "$WORK/v2.msi" >/dev/null
echo "FIGURE size MSI around the Linux app image: $(du -m "$WORK/v1.msi" | cut -f1) MB"

echo "== MSI tables"
table() { msiinfo export "$WORK/v1.msi" "$1" | tail -n +4 | tr -d '\r'; }
property() { table Property | awk -F'\t' -v p="$1" '$1 == p { print $2 }'; }
check_equals "UpgradeCode is the product's fixed one" "$UPGRADE_CODE" "$(property UpgradeCode)"
check_equals "per-machine install (ALLUSERS=1)" 1 "$(property ALLUSERS)"
check "old versions are removed before the new files go in (RemoveExistingProducts after InstallValidate)" \
  grep -qP "^RemoveExistingProducts\t\t1401$" <(table InstallExecuteSequence)
check "Upgrade table replaces every older or equal version" \
  grep -qP "^\Q$UPGRADE_CODE\E\t\t0\.1\.0\t\t513\t\tWIX_UPGRADE_DETECTED" <(table Upgrade)
for p in SERVER_URL DESKTOP_SHORTCUT INSTALLDIR; do
  check "$p is a secure public property" grep -qE "(^|;)$p(;|$)" <<<"$(property SecureCustomProperties)"
done
# TURN credentials are short-lived and come from the server per call: none in the MSI.
check "no STUN/TURN properties in the MSI" bash -c "! grep -qiE 'TURN_|STUN_' <<<'$(property SecureCustomProperties)'"
check "IniFile writes no stun/turn keys" bash -c "! grep -qP '\t(stun|turn)\.' <(msiinfo export '$WORK/v1.msi' IniFile)"
check "IniFile writes server.url from SERVER_URL" \
  grep -qP "\tCONFIGDIR\tvideoberatung\tserver\.url\t\[SERVER_URL\]\t0\t" <(table IniFile)
check "Start menu shortcut to the launcher" grep -qP "^StartMenuShortcut\tProgramMenuFolder\tVideoberatung\t" <(table Shortcut)
check "desktop shortcut only with DESKTOP_SHORTCUT=1" grep -qP '^DesktopShortcut\t.*\tDESKTOP_SHORTCUT = "1"\t' <(table Component)

echo "== Wine prefix"
wineboot -i >/dev/null 2>&1
C=$WINEPREFIX/drive_c
INSTALL_DIR="$C/Program Files/Videoberatung"
CONFIG="$C/ProgramData/Videoberatung/videoberatung.properties"
DESKTOP_LNK="$C/users/$(id -un)/Desktop/Videoberatung.lnk"   # Wine: per-user desktop (see docs)
msiexec() { wine msiexec "$@" >/dev/null 2>&1; }
config_value() { java "$PROJECT_DIR/packaging/test/PropertiesValue.java" "$CONFIG" "$1" 2>/dev/null; }
reg_value() { wine reg query 'HKLM\Software\Videoberatung\Videoberatung' /v "$1" /reg:64 2>/dev/null | tr -d '\r' | awk -v n="$1" '$1 == n { print $3 }'; }
arp_versions() { # DisplayVersion of every Add/Remove Programs entry named Videoberatung
  wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s /reg:64 2>/dev/null | tr -d '\r' \
    | awk '/^HKEY/ { name=""; version="" } $1 == "DisplayName" { name=$3 } $1 == "DisplayVersion" { version=$3 }
           name == "Videoberatung" && version != "" { print version; name="" }' | sort | tr '\n' ' ' | sed 's/ $//'
}
same_files() { # every file of the image is installed with the same content
  (cd "$1" && find . -type f -exec md5sum {} +) | (cd "$INSTALL_DIR" && md5sum --quiet -c -)
}

echo "== install 0.1.0 with properties"
status=0
msiexec /i "$(winepath -w "$WORK/v1.msi")" /qn /l*v "$(winepath -w "$WORK/install.log")" \
  SERVER_URL=$URL DESKTOP_SHORTCUT=1 || status=$?
check_equals "msiexec /i /qn exits 0" 0 "$status"
check "every file of the image is installed" same_files "$WORK/0.1.0/videoberatung"
check "launcher in place" test -f "$INSTALL_DIR/bin/videoberatung"
check_equals "configuration holds SERVER_URL" "$URL" "$(config_value server.url)"
check "no TURN or STUN keys in the configuration" bash -c "! grep -qE '^(turn|stun)\.' '$CONFIG'"
check_equals "SERVER_URL remembered in HKLM (64-bit view)" "$URL" "$(reg_value ServerUrl)"
check_equals "one Add/Remove Programs entry, 0.1.0" 0.1.0 "$(arp_versions)"
check "Start menu shortcut created" test -n "$(find "$C" -name Videoberatung.lnk -path '*Start Menu/Programs*')"
check "desktop shortcut created with DESKTOP_SHORTCUT=1" test -f "$DESKTOP_LNK"

echo "== upgrade to 0.1.1, new SERVER_URL only"
status=0
msiexec /i "$(winepath -w "$WORK/v2.msi")" /qn SERVER_URL=$NEW_URL || status=$?
check_equals "upgrade exits 0" 0 "$status"
check_equals "one Add/Remove Programs entry, now 0.1.1" 0.1.1 "$(arp_versions)"
check "installed files are the new build's" same_files "$WORK/0.1.1/videoberatung"
check "files only in the old build are gone" test ! -e "$INSTALL_DIR/lib/app/only-in-0.1.0.txt"
check_equals "SERVER_URL given on upgrade replaces the old one" "$NEW_URL" "$(config_value server.url)"
check_equals "DESKTOP_SHORTCUT not given on upgrade is kept" 1 "$(reg_value DesktopShortcut)"
check "desktop shortcut kept across the upgrade" test -f "$DESKTOP_LNK"

echo "== downgrade to 0.1.0 is refused"
status=0
msiexec /i "$(winepath -w "$WORK/v1.msi")" /qn || status=$?
check "older MSI over a newer install fails" test "$status" -ne 0
check_equals "0.1.1 stays installed" 0.1.1 "$(arp_versions)"

echo "== uninstall"
status=0
msiexec /x "$(winepath -w "$WORK/v2.msi")" /qn || status=$?
check_equals "msiexec /x /qn exits 0" 0 "$status"
check "install folder removed" test ! -e "$INSTALL_DIR"
check "configuration file and folder removed" test ! -e "$C/ProgramData/Videoberatung"
check "registry key removed" bash -c "! wine reg query 'HKLM\\Software\\Videoberatung\\Videoberatung' /reg:64"
check_equals "no Add/Remove Programs entry" "" "$(arp_versions)"
check "shortcuts removed" test -z "$(find "$C" -name Videoberatung.lnk)"

finish_checks

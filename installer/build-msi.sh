#!/usr/bin/env bash
# Builds the Videoberatung MSI with wixl (Debian/Ubuntu package msitools/wixl) from an app image.
#
# usage: installer/build-msi.sh APP_IMAGE_DIR VERSION OUT.msi
#   APP_IMAGE_DIR  a jpackage app image: the Windows one (Videoberatung.exe, app/, runtime/) for
#                  shipping, or the Linux one (bin/videoberatung, lib/) to test the installer's
#                  logic under Wine. The MSI's source is the same for both.
#   VERSION        a.b.c, each part a number (MSI ProductVersion rules: a,b < 256, c < 65536)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[[ $# -eq 3 ]] || { sed -n '2,9p' "$0"; exit 2; }
APP_IMAGE=$(cd "$1" && pwd)
VERSION=$2
OUT=$3
[[ $VERSION =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,5}$ ]] || { echo "error: version '$VERSION' is not a.b.c" >&2; exit 2; }

if [[ -f $APP_IMAGE/Videoberatung.exe ]]; then
  LAUNCHER='Videoberatung.exe'
elif [[ -f $APP_IMAGE/bin/videoberatung ]]; then
  LAUNCHER='bin\videoberatung'
else
  echo "error: $APP_IMAGE is not a Videoberatung app image" >&2; exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/videoberatung-msi.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# File ids and component GUIDs come from the relative paths, so they stay stable across builds.
(cd "$APP_IMAGE" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) \
  | sed "s|^|$(basename "$APP_IMAGE")/|" \
  | wixl-heat -p "$(basename "$APP_IMAGE")/" --component-group AppFiles --var var.SourceDir \
      --directory-ref INSTALLDIR --win64 > "$WORK/appfiles.wxs" "$WORK/config.wxs"
python3 "$HERE/msi_config.py" wix "$HERE/wix/settings.txt" "$WORK"

mkdir -p "$(dirname "$OUT")"
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")
# wixl resolves File/@Source relative to the working directory only.
(cd "$(dirname "$APP_IMAGE")" && wixl -a x64 -I "$WORK" -D Version="$VERSION" \
  -D SourceDir="$(basename "$APP_IMAGE")" -D Win64=yes -D Launcher="$LAUNCHER" \
  -o "$OUT" "$HERE/wix/product.wxs" "$WORK/appfiles.wxs" "$WORK/config.wxs")
python3 "$HERE/msi_config.py" postprocess "$HERE/wix/settings.txt" "$OUT"
echo "msi: $OUT ($(du -h "$OUT" | cut -f1))"

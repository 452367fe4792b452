#!/usr/bin/env bash
# Builds the Linux desktop package videoberatung_<version>_amd64.deb from the app image.
# The package installs the image to /opt/videoberatung, a menu entry, /usr/bin/videoberatung and
# the machine-wide configuration /etc/videoberatung/videoberatung.properties as a conffile.
#
# usage: packaging/build-deb.sh [APP_IMAGE_DIR] [OUT_DIR]
# Needs only dpkg-deb (no fakeroot: --root-owner-group sets the owners).
set -euo pipefail
source "$(dirname "$0")/common.sh"

APP_IMAGE=${1:-$DIST_DIR/app-image/videoberatung}
OUT_DIR=${2:-$DIST_DIR}
VERSION=$(project_version)
LINUX=$PROJECT_DIR/packaging/linux
STAGE=$TARGET_DIR/deb-stage
DEB=$OUT_DIR/videoberatung_${VERSION}_amd64.deb

[[ -x $APP_IMAGE/bin/videoberatung ]] || die "no Linux app image at $APP_IMAGE (run packaging/build-app-image.sh)"

rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/doc/videoberatung" "$STAGE/etc/videoberatung" "$OUT_DIR"
cp -a "$APP_IMAGE" "$STAGE/opt/videoberatung"
ln -s /opt/videoberatung/bin/videoberatung "$STAGE/usr/bin/videoberatung"
install -m 644 "$LINUX/videoberatung.desktop" "$STAGE/usr/share/applications/"
install -m 644 "$LINUX/videoberatung.properties" "$STAGE/etc/videoberatung/"
install -m 644 "$PROJECT_DIR/docs/deployment.md" "$STAGE/usr/share/doc/videoberatung/"
printf 'Videoberatung\nCopyright: %s\nThird-party licences of the bundled runtime: /opt/videoberatung/lib/runtime/legal\n' \
  "$APP_VENDOR" > "$STAGE/usr/share/doc/videoberatung/copyright"
install -m 755 "$LINUX/postinst" "$LINUX/postrm" "$STAGE/DEBIAN/"
echo /etc/videoberatung/videoberatung.properties > "$STAGE/DEBIAN/conffiles"

cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: videoberatung
Version: $VERSION
Architecture: amd64
Maintainer: $APP_VENDOR <it@videoberatung.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: libgtk-3-0, libv4l-0, libpulse0, libasound2, libx11-6, libxext6, libxi6, libxrender1, libxtst6, libfreetype6, libfontconfig1
Section: video
Priority: optional
Homepage: https://videoberatung.invalid/
Description: Video consultations for job-centre advisors
 Desktop client for video consultations: day queue, device check, call window
 and case notes. Includes its own Java runtime under /opt/videoberatung.
CONTROL

dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "deb: $DEB ($(du -h "$DEB" | cut -f1))"

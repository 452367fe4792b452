#!/usr/bin/env bash
# Builds the server bundle videoberatung-server-<version>.tar.gz: the same jar as the desktop app
# (started with the `server` argument) with its libraries, the systemd unit and the example
# settings, laid out relative to / (extract with `tar -xzf ... -C /`, see docs/deployment.md).
# Only opt/ and etc/: extracting a lib/ folder onto a merged-/usr system would replace /lib.
#
# usage: packaging/build-server.sh [OUT_DIR]
set -euo pipefail
source "$(dirname "$0")/common.sh"
OUT_DIR=${1:-$DIST_DIR}
VERSION=$(project_version)
STAGE=$TARGET_DIR/server-stage
[[ -f $TARGET_DIR/videoberatung.jar && -d $TARGET_DIR/lib ]] || die "run 'mvn -B package' first"

rm -rf "$STAGE"
mkdir -p "$STAGE/opt/videoberatung-server/lib" "$STAGE/etc/videoberatung" "$STAGE/etc/systemd/system" "$OUT_DIR"
cp "$TARGET_DIR/videoberatung.jar" "$STAGE/opt/videoberatung-server/"
cp "$TARGET_DIR/lib/"*.jar "$STAGE/opt/videoberatung-server/lib/"
install -m 644 "$PROJECT_DIR/packaging/server/server.properties.example" "$STAGE/etc/videoberatung/"
install -m 644 "$PROJECT_DIR/packaging/server/videoberatung-server.service" "$STAGE/etc/systemd/system/"
tar --owner=root --group=root -czf "$OUT_DIR/videoberatung-server-$VERSION.tar.gz" -C "$STAGE" opt etc
echo "server bundle: $OUT_DIR/videoberatung-server-$VERSION.tar.gz ($(du -h "$OUT_DIR/videoberatung-server-$VERSION.tar.gz" | cut -f1))"

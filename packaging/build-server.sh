#!/usr/bin/env bash
# Builds the server bundle videoberatung-server-<version>.tar.gz: the same jar as the desktop app
# (started with the `server` argument) with only the libraries the server uses, the systemd unit and
# the example settings, laid out relative to / (extract with `tar -xzf ... -C /`, see docs/deployment.md).
# The libraries: the server's own dependencies (packaging/server/server-dependencies.txt, checked
# against the server's code by ServerDependenciesTest) and what Maven resolves for them; no JavaFX,
# libjitsi or camera natives.
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
TREE=$TARGET_DIR/server-dependency-tree.tgf
"${MVN:-mvn}" -B -q -f "$PROJECT_DIR/pom.xml" dependency:tree -DoutputType=tgf -Dscope=runtime -DoutputFile="$TREE" \
  || die "could not resolve the dependency tree"
mapfile -t jars < <(awk -f "$PROJECT_DIR/packaging/server/dependency-closure.awk" \
  "$PROJECT_DIR/packaging/server/server-dependencies.txt" "$TREE") || die "a server dependency is not in the project"
[[ ${#jars[@]} -gt 0 ]] || die "no server libraries resolved"
for jar in "${jars[@]}"; do
  [[ -f $TARGET_DIR/lib/$jar ]] || die "target/lib has no $jar"
  cp "$TARGET_DIR/lib/$jar" "$STAGE/opt/videoberatung-server/lib/"
done
echo "server libraries: ${#jars[@]} of $(find "$TARGET_DIR/lib" -name '*.jar' | wc -l) jars ($(du -sh "$STAGE/opt/videoberatung-server/lib" | cut -f1))"
install -m 644 "$PROJECT_DIR/packaging/server/server.properties.example" "$STAGE/etc/videoberatung/"
install -m 644 "$PROJECT_DIR/packaging/server/videoberatung-server.service" "$STAGE/etc/systemd/system/"
tar --owner=root --group=root -czf "$OUT_DIR/videoberatung-server-$VERSION.tar.gz" -C "$STAGE" opt etc
echo "server bundle: $OUT_DIR/videoberatung-server-$VERSION.tar.gz ($(du -h "$OUT_DIR/videoberatung-server-$VERSION.tar.gz" | cut -f1))"

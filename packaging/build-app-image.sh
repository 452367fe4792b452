#!/usr/bin/env bash
# Builds the desktop app image: a jlink-trimmed runtime plus the app's jars, made by jpackage,
# with every native library unpacked into the image so nothing is extracted into the user's
# profile or temp dir at run time (AppLocker/WDAC-style rules forbid loading from there).
#
# usage: packaging/build-app-image.sh [OUT_DIR]
#   Needs `mvn package` first (target/videoberatung.jar + target/lib). Runs on Linux (makes the
#   Linux image) and on Windows under Git Bash (makes the Windows image); the JDK must have jmods.
# Output: OUT_DIR/<name>/ (default target/dist/app-image/videoberatung or .../Videoberatung)
set -euo pipefail
source "$(dirname "$0")/common.sh"

PLATFORM=$(host_platform)
VERSION=$(project_version)
OUT_DIR=${1:-$DIST_DIR/app-image}
WORK=$TARGET_DIR/packaging-work
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")}

[[ -f $TARGET_DIR/videoberatung.jar && -d $TARGET_DIR/lib ]] || die "run 'mvn -B package' first"
[[ -d $JAVA_HOME/jmods ]] || die "$JAVA_HOME has no jmods; jlink needs a JDK with jmods"

# JDK modules the app and its libraries use. The jars run on the class path, so jlink cannot
# work this out itself; the list comes from jdeps over target/lib plus what libraries load
# reflectively (see docs/deployment.md, "Runtime image").
JDK_MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml
JDK_MODULES+=,jdk.unsupported,jdk.crypto.ec,jdk.localedata,jdk.charsets,jdk.net,jdk.sctp
# Every security provider the runtime's java.security names must be in the image: the JDK looks a missing one up
# with the service loader, which instantiates each provider on the class path on its way, and BouncyCastle's
# (bcprov, a signed jar the CDS archive cannot hold: ~740 classes) then cost ~0.5 s of the demo sign-in.
JDK_MODULES+=,java.security.jgss,java.security.sasl,java.xml.crypto,java.smartcardio,jdk.security.jgss
JDK_MODULES+=,jdk.crypto.cryptoki

# Native libraries to unpack, per platform: "jar-name-prefix|path-in-jar (regex)".
# JavaFX looks for its natives at <dir of javafx jar>/../lib (Linux) or ../bin (Windows) before
# it falls back to unpacking into ~/.openjfx, so that dir is where all natives go.
case $PLATFORM in
  linux-x64)
    NAME=videoberatung
    APP_DIR_IN_IMAGE=lib/app
    NATIVE_DIR_NAME=lib
    NATIVES=(
      "javafx-graphics-|^[^/]*\.so$"
      "libjitsi-|^linux-x86-64/[^/]*\.so$"
      "jna-|^com/sun/jna/linux-x86-64/libjnidispatch\.so$"
      "bridj-|^org/bridj/lib/linux_x64/libbridj\.so$"
      "webcam-capture-|^com/github/sarxos/webcam/ds/buildin/lib/linux_x64/OpenIMAJGrabber\.so$"
      "sqlite-jdbc-|^org/sqlite/native/Linux/x86_64/libsqlitejdbc\.so$"
    )
    BRIDJ_LIB=libbridj.so; GRABBER_LIB=OpenIMAJGrabber.so; SQLITE_LIB=libsqlitejdbc.so
    ;;
  win-x64)
    NAME=Videoberatung
    APP_DIR_IN_IMAGE=app
    NATIVE_DIR_NAME=bin
    NATIVES=(
      "javafx-graphics-|^[^/]*\.dll$"
      "libjitsi-|^win32-x86-64/[^/]*\.dll$"
      "jna-|^com/sun/jna/win32-x86-64/jnidispatch\.dll$"
      "bridj-|^org/bridj/lib/win64/bridj\.dll$"
      "webcam-capture-|^com/github/sarxos/webcam/ds/buildin/lib/win64/OpenIMAJGrabber\.dll$"
      "sqlite-jdbc-|^org/sqlite/native/Windows/x86_64/sqlitejdbc\.dll$"
    )
    BRIDJ_LIB=bridj.dll; GRABBER_LIB=OpenIMAJGrabber.dll; SQLITE_LIB=sqlitejdbc.dll
    ;;
esac

rm -rf "$WORK" "${OUT_DIR:?}/$NAME"
mkdir -p "$WORK/input/lib" "$OUT_DIR"

echo "== jlink ($JDK_MODULES)"
"$JAVA_HOME/bin/jlink" --module-path "$JAVA_HOME/jmods" --add-modules "$JDK_MODULES" \
  --include-locales=de,en --strip-debug --no-header-files --no-man-pages --compress=2 --generate-cds-archive \
  --output "$WORK/runtime"

echo "== app jars"
cp "$TARGET_DIR/videoberatung.jar" "$WORK/input/"
# The platform-less javafx-*.jar are empty placeholders: the classifier jars hold the code.
find "$TARGET_DIR/lib" -maxdepth 1 -name '*.jar' ! -regex '.*/javafx-[a-z]+-[0-9.]+\.jar' \
  -exec cp {} "$WORK/input/lib/" \;

echo "== native libraries"
mkdir -p "$WORK/natives"
for entry in "${NATIVES[@]}"; do
  prefix=${entry%%|*}; pattern=${entry#*|}
  jar=$(find "$WORK/input/lib" -maxdepth 1 -name "${prefix}[0-9]*.jar" | head -n 1)
  [[ -n $jar ]] || die "no jar ${prefix}*.jar in target/lib"
  mapfile -t entries < <("$JAVA_HOME/bin/jar" tf "$jar" | grep -E "$pattern")
  [[ ${#entries[@]} -gt 0 ]] || die "no native library matching $pattern in $jar"
  rm -rf "$WORK/unpack" && mkdir "$WORK/unpack"
  (cd "$WORK/unpack" && "$JAVA_HOME/bin/jar" xf "$jar" "${entries[@]}")
  find "$WORK/unpack" -type f -exec cp {} "$WORK/natives/" \;
done
ls "$WORK/natives"

# $APPDIR is expanded by the jpackage launcher to the installed app dir.
NATIVE_DIR='$APPDIR/'$NATIVE_DIR_NAME
JAVA_OPTIONS=(
  "-Djava.library.path=$NATIVE_DIR"
  "-Djna.boot.library.path=$NATIVE_DIR"
  "-Djna.nounpack=true"
  "-Dbridj.library=$NATIVE_DIR/$BRIDJ_LIB"
  "-Dbridj.OpenIMAJGrabber.library=$NATIVE_DIR/$GRABBER_LIB"
  "-Dorg.sqlite.lib.path=$NATIVE_DIR"
  "-Dorg.sqlite.lib.name=$SQLITE_LIB"
)

echo "== jpackage app-image"
args=(--type app-image --name "$NAME" --app-version "$VERSION" --vendor "$APP_VENDOR"
      --description "$APP_DESCRIPTION" --copyright "$APP_VENDOR"
      --input "$WORK/input" --main-jar videoberatung.jar --main-class de.videoberatung.app.Launcher
      --runtime-image "$WORK/runtime" --dest "$OUT_DIR")
for option in "${JAVA_OPTIONS[@]}"; do args+=(--java-options "$option"); done
[[ -f $PROJECT_DIR/packaging/icons/videoberatung.png && $PLATFORM == linux-x64 ]] && args+=(--icon "$PROJECT_DIR/packaging/icons/videoberatung.png")
[[ -f $PROJECT_DIR/packaging/icons/videoberatung.ico && $PLATFORM == win-x64 ]] && args+=(--icon "$PROJECT_DIR/packaging/icons/videoberatung.ico")
"$JAVA_HOME/bin/jpackage" "${args[@]}"

mkdir -p "$OUT_DIR/$NAME/$APP_DIR_IN_IMAGE/$NATIVE_DIR_NAME"
cp "$WORK/natives/"* "$OUT_DIR/$NAME/$APP_DIR_IN_IMAGE/$NATIVE_DIR_NAME/"

# Class-data sharing (AppCDS): one training start of the image to the demo queue writes the classes it
# loaded, parsed and verified into an archive in the image; the launcher maps it at every start instead of
# loading those classes again (docs/benchmarks.md). The base is the runtime's own archive (jlink
# --generate-cds-archive). JDK 17 uses an archive only when the class path is exactly the one of the
# training start, so the training runs with the image mounted where the .deb installs it (CDS_INSTALL_DIR,
# /opt/videoberatung), in a private mount namespace that leaves the machine's /opt alone. Anywhere else
# (the image run from target/dist) the JVM ignores the archive and starts as without it.
# Linux only so far: the Windows image is built on a runner where this step is not written yet.
if [[ $PLATFORM == linux-x64 ]]; then
  IMAGE=$OUT_DIR/$NAME
  INSTALL_DIR=${CDS_INSTALL_DIR:-/opt/videoberatung}
  ARCHIVE=$IMAGE/$APP_DIR_IN_IMAGE/$NAME.jsa
  CFG=$IMAGE/$APP_DIR_IN_IMAGE/$NAME.cfg
  run_display=()
  if [[ -z ${DISPLAY:-} ]] && command -v xvfb-run >/dev/null; then run_display=(xvfb-run -a); fi
  namespace=(unshare --mount)
  [[ $(id -u) -eq 0 ]] || namespace+=(--map-root-user)
  if [[ -z ${DISPLAY:-} && ${#run_display[@]} -eq 0 ]]; then
    echo "== no display and no xvfb-run: app image without a CDS archive"
  elif ! "${namespace[@]}" true 2>/dev/null; then
    echo "== no private mount namespace (unshare): app image without a CDS archive"
  else
    echo "== CDS archive (training start at $INSTALL_DIR)"
    rm -rf "$WORK/cds-data"
    # shellcheck disable=SC2016
    JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$INSTALL_DIR/$APP_DIR_IN_IMAGE/$NAME.jsa" timeout 600 \
      "${namespace[@]}" bash -c 'set -e; mount -t tmpfs none "$(dirname "$1")"; mkdir -p "$1"
                                 mount --bind "$2" "$1"; shift 2; exec "$@"' _ "$INSTALL_DIR" "$IMAGE" \
      "${run_display[@]}" "$INSTALL_DIR/bin/$NAME" --demo --data-dir "$WORK/cds-data" --exit-after-queue-shown \
      >"$WORK/cds-training.log" 2>&1 || { tail -n 20 "$WORK/cds-training.log"; die "the CDS training start failed"; }
    grep -q '^QUEUE_SHOWN ' "$WORK/cds-training.log" || die "the CDS training start never showed the queue"
    [[ -s $ARCHIVE ]] || die "the CDS training start wrote no archive"
    # The launcher's options, in its [JavaOptions] section.
    sed -i "/^\[JavaOptions\]/a java-options=-XX:SharedArchiveFile=\$APPDIR/$NAME.jsa" "$CFG"
    grep -q 'SharedArchiveFile' "$CFG" || die "could not add the CDS archive to $CFG"
    echo "CDS archive: $(du -h "$ARCHIVE" | cut -f1) for $INSTALL_DIR, training start $(grep '^QUEUE_SHOWN ' "$WORK/cds-training.log" | cut -d' ' -f2) ms"
  fi
fi

runtime_dir=$([[ $PLATFORM == linux-x64 ]] && echo lib/runtime || echo runtime)
echo "app image: $OUT_DIR/$NAME ($(du -sh "$OUT_DIR/$NAME" | cut -f1), runtime $(du -sh "$OUT_DIR/$NAME/$runtime_dir" | cut -f1))"

#!/usr/bin/env bash
# The server bundle carries only what the server uses, and the server starts from it: extracts
# target/dist/videoberatung-server-*.tar.gz into a scratch root, checks that no desktop library is
# inside, starts the bundled server (demo data, loopback, a free port) and asks it for its health and
# a sign-in. Prints "N passed, M failed" last.
#
# usage: packaging/test/test-server-bundle.sh [BUNDLE]
set -uo pipefail
cd "$(dirname "$0")/../.."
source packaging/test/checks.sh

BUNDLE=${1:-$(ls target/dist/videoberatung-server-*.tar.gz 2>/dev/null | head -n 1)}
[[ -f $BUNDLE ]] || { echo "no server bundle; run packaging/build-server.sh"; echo "0 passed, 1 failed"; exit 1; }
ROOT=$(mktemp -d)
SERVER_PID=
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$ROOT"
}
trap cleanup EXIT

tar -xzf "$BUNDLE" -C "$ROOT"
LIB=$ROOT/opt/videoberatung-server/lib
echo "FIGURE server bundle: $(du -m "$BUNDLE" | cut -f1) MB packed, $(du -sm "$ROOT/opt" | cut -f1) MB installed, $(ls "$LIB" | wc -l) libraries"
check "bundle has the server's libraries (Javalin, SQLite, Flyway, Jackson, logback)" bash -c \
  "ls '$LIB' | grep -q '^javalin-' && ls '$LIB' | grep -q '^sqlite-jdbc-' && ls '$LIB' | grep -q '^flyway-core-' \
   && ls '$LIB' | grep -q '^jackson-databind-' && ls '$LIB' | grep -q '^logback-classic-'"
# BouncyCastle's bcpkix (with bcprov, bcutil) is the server's own: it reads the TLS key's PEM file.
check "bundle has no desktop libraries (JavaFX, libjitsi, ice4j, camera, bctls, JNA)" bash -c \
  "! ls '$LIB' | grep -E '^(javafx-|controlsfx-|atlantafx-|ikonli-|libjitsi-|ice4j-|webcam-capture-|bridj-|bctls-jdk|jna-)'"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -jar "$ROOT/opt/videoberatung-server/videoberatung.jar" server --demo --port "$PORT" --data "$ROOT/data" \
  >"$ROOT/server.log" 2>&1 &
SERVER_PID=$!
health=
for _ in $(seq 1 120); do
  health=$(curl -sf "http://127.0.0.1:$PORT/api/v1/health") && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.5
done
check "bundled server answers /api/v1/health with UP" grep -q '"status":"UP"' <<<"$health"
check "bundled server signs the demo advisor in (SQLite, Flyway, Jackson at work)" bash -c \
  "curl -sf -X POST -H 'Content-Type: application/json' -d '{\"username\":\"demo.berater\",\"password\":\"demo\"}' \
   http://127.0.0.1:$PORT/api/v1/session | grep -q '\"role\":\"ADVISOR\"'"
check "bundled server logged no missing class" bash -c "! grep -qE 'ClassNotFound|NoClassDefFound' '$ROOT/server.log'"
[[ $FAILED -eq 0 ]] || tail -n 30 "$ROOT/server.log"
finish_checks

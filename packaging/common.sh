# Shared settings for the packaging and installer scripts (sourced, not run).
# shellcheck shell=bash

PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR=${TARGET_DIR:-$PROJECT_DIR/target}
DIST_DIR=${DIST_DIR:-$TARGET_DIR/dist}

APP_VENDOR="Videoberatung"
APP_DESCRIPTION="Videoberatung: Video-Sprechstunde für Beraterinnen und Berater"

# The pom's version without a qualifier: MSI and Debian need a plain a.b.c.
project_version() {
  local v
  v=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$PROJECT_DIR/pom.xml" | head -n 1)
  echo "${v%%-*}"
}

# linux-x64 or win-x64, the platform this shell builds for.
host_platform() {
  case "$(uname -s)" in
    Linux) echo linux-x64 ;;
    MINGW*|MSYS*|CYGWIN*) echo win-x64 ;;
    *) echo "unsupported build host: $(uname -s)" >&2; return 1 ;;
  esac
}

die() { echo "error: $*" >&2; exit 1; }

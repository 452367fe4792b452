#!/usr/bin/env bash
# Everything the build host can package (called by `mvn -B package -Ppackage-native`):
#   Linux:   app image, videoberatung_<v>_amd64.deb, videoberatung-server-<v>.tar.gz
#   Windows: app image, zipped for installer/build-msi.sh (see .github/workflows/windows-msi.yml)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/common.sh"
"$HERE/build-app-image.sh"
case $(host_platform) in
  linux-x64)
    "$HERE/build-deb.sh"
    "$HERE/build-server.sh"
    ;;
  win-x64)
    (cd "$DIST_DIR/app-image" && powershell -NoProfile -Command \
      "Compress-Archive -Force -Path Videoberatung -DestinationPath ../videoberatung-app-image-win-x64.zip")
    echo "app image zip: $DIST_DIR/videoberatung-app-image-win-x64.zip"
    ;;
esac

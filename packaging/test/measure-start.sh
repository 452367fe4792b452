#!/usr/bin/env bash
# Start -> queue of Linux app images as the .deb installs them: each image in turn is bind-mounted at
# /opt/videoberatung in a private mount namespace (the machine's /opt stays as it is, so the AppCDS archive made
# for that path applies) and started in demo mode under Xvfb with the environment of test-deb.sh.
# Prints "<image> QUEUE_SHOWN <ms> / <process CPU ms>" per start; run timed measurements under the shared lock.
#
# usage: packaging/test/measure-start.sh [-n ROUNDS] IMAGE_DIR...   (as root, or with unshare --map-root-user)
set -euo pipefail
rounds=3
if [[ ${1:-} == -n ]]; then rounds=$2; shift 2; fi
[[ $# -gt 0 ]] || { echo "usage: $0 [-n ROUNDS] IMAGE_DIR..." >&2; exit 2; }
namespace=(unshare --mount)
[[ $(id -u) -eq 0 ]] || namespace+=(--map-root-user)

one() {
  local image=$1 work out
  work=$(mktemp -d); mkdir -p "$work/home" "$work/tmp"
  # shellcheck disable=SC2016
  "${namespace[@]}" bash -c 'mount -t tmpfs none /opt && mkdir -p /opt/videoberatung \
      && mount --bind "$1" /opt/videoberatung \
      && exec env -i PATH=/usr/bin:/bin HOME="$2/home" LANG=de_DE.UTF-8 \
         JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$2/tmp -Dprism.order=sw" \
         xvfb-run -a /opt/videoberatung/bin/videoberatung --demo --data-dir "$2/data" --exit-after-queue-shown' \
    _ "$image" "$work" > "$work.out" 2>&1 || true
  out="$(grep -o '^QUEUE_SHOWN [0-9]*' "$work.out" || echo 'QUEUE_SHOWN -')"
  echo "$image $out / $(grep '^STARTUP queue-shown' "$work.out" | cut -d' ' -f4 || true)"
  rm -rf "$work" "$work.out"
}

echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < rounds; i++)); do
  for image in "$@"; do one "$(readlink -f "$image")"; done
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"

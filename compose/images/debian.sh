#!/usr/bin/env bash
# A Debian 12 base image made with debootstrap from the machine's own Debian mirror (no image registry needed).
#   bash compose/images/debian.sh IMAGE        e.g. workup-local/debian:12
set -euo pipefail
image="$1"
command -v debootstrap >/dev/null || {
  echo "images: installing debootstrap"
  apt-get update -qq >/dev/null && apt-get install -y -qq debootstrap >/dev/null
}
# The mirror apt already uses here (deb822 sources or the classic list), else Debian's default.
mirror=$(grep -hoE '^URIs: *http[^ ]*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | head -1 | sed 's/^URIs: *//' || true)
[ -n "$mirror" ] || mirror=$(grep -hoE '^deb +http[^ ]*/debian/? ' /etc/apt/sources.list 2>/dev/null \
  | head -1 | awk '{print $2}' || true)
mirror="${mirror:-http://deb.debian.org/debian}"
root=$(mktemp -d /tmp/workup-debian.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "images: debootstrap bookworm from $mirror (about a minute)"
debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$mirror" >/tmp/workup-debootstrap.log 2>&1 \
  || {
    tail -20 /tmp/workup-debootstrap.log
    echo "images: debootstrap failed (log: /tmp/workup-debootstrap.log)" >&2
    exit 1
  }
# Small images: no package lists, docs or caches; apt never asks questions in a build.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$root/etc/apt/apt.conf.d/90workup"
tar -C "$root" -c . | docker import -c 'ENV DEBIAN_FRONTEND=noninteractive' -c 'CMD ["bash"]' - "$image" >/dev/null
echo "images: built $image"

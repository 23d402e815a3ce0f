#!/usr/bin/env bash
# Installs what PoseSearch needs on Debian 12, only what is missing, so a second run
# installs nothing and takes seconds:
#   - PostgreSQL 15 server and its dev headers, and pgvector 0.8 built from Debian's
#     own source package (pgvector has no Debian 12 binary package; binaries from the
#     next release would drag in a new libc, so only the *source* is taken from it);
#   - Debian's Python stack for training (torch 1.13 CPU, numpy, onnx, pytest, tqdm,
#     matplotlib) and OpenBLAS (without it torch falls back to the reference BLAS,
#     about 8x slower);
#   - Debian's chromium, the browser the web UI tests drive through Playwright (it cannot
#     download its own here);
#   - onnxruntime's Python wheel is not in Debian; the tests that need it skip cleanly.
# The .NET 10 SDK is a prerequisite (README).
set -euo pipefail

need_root() { if [ "$(id -u)" -ne 0 ]; then echo "sudo"; fi; }
SUDO=$(need_root)

APT_PACKAGES=(
  postgresql-15 postgresql-server-dev-15 postgresql-contrib
  build-essential dpkg-dev
  python3-torch python3-numpy python3-onnx python3-pytest python3-tqdm python3-matplotlib
  libopenblas0-pthread
  docker-compose wrk
  chromium
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
}

if [ "${#missing[@]}" -gt 0 ]; then
  echo "[prereqs] installing Debian packages: ${missing[*]}"
  apt_update_once
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -f /usr/share/postgresql/15/extension/vector.control ]; then
  echo "[prereqs] building pgvector from Debian's source package (suite trixie, source only)"
  src_list=/etc/apt/sources.list.d/posesearch-trixie-src.sources
  if [ ! -f "$src_list" ]; then
    # deb-src only: no binary package from trixie is ever installed.
    mirror=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
      | grep -oE 'https?://[^ ]+/debian/?$|https?://[^ ]+/debian/? ' | grep -v security | head -n 1 | tr -d ' ' || true)
    mirror=${mirror:-http://deb.debian.org/debian}
    printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$mirror" | $SUDO tee "$src_list" >/dev/null
    apt_updated=0
  fi
  apt_update_once
  build=$(mktemp -d)
  (cd "$build" && apt-get source -qq pgvector >/dev/null)
  dir=$(find "$build" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  make -s -C "$dir" PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config OPTFLAGS="" >/dev/null
  $SUDO make -s -C "$dir" PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config install >/dev/null
  rm -rf "$build"
fi

command -v dotnet >/dev/null || { echo "[prereqs] the .NET 10 SDK is required (dotnet on PATH)" >&2; exit 1; }
echo "[prereqs] ok: PostgreSQL 15 + pgvector, Python training stack, chromium, .NET $(dotnet --version)"

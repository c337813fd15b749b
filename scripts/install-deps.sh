#!/usr/bin/env bash
# Installs what Yungu needs to build, test and benchmark on Debian 12.
# Idempotent: does nothing when every package is already present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ccache
  libboost-dev libboost-system-dev      # HTTP server: Boost.Beast / Asio
  libsqlite3-dev sqlite3                # embedded store; sqlite3 CLI for benchmarks
  libpq-dev postgresql                  # PostgreSQL backend; its tests start their own cluster
  nlohmann-json3-dev                    # JSON
  libspdlog-dev libfmt-dev              # logging
  libcli11-dev                          # command line
  libtomlplusplus-dev                   # configuration file
  libuchardet-dev                       # encoding detection (GBK/GB18030 uploads)
  libminizip-dev zlib1g-dev libexpat1-dev  # XLSX read/write
  libsodium-dev                         # hashing, base64, later signatures and passwords
  libvectorscan-dev                     # multi-pattern scanning: personal-data discovery, quality patterns
  libssl-dev libraptor2-dev ca-certificates  # harvesting: HTTPS client, Turtle/RDF-XML catalogs, trusted CAs
  libgtest-dev libgmock-dev python3-rdflib  # tests
  libbenchmark-dev wrk time             # benchmarks
  curl                                  # scripts and smoke checks
  chromium fonts-noto-cjk               # the web portal's browser tests (headless), Chinese glyphs
)
# Node.js (18 or newer) builds the web portal; a machine that already has it
# (e.g. from NodeSource) keeps its own, otherwise Debian's.
if ! command -v node >/dev/null; then packages+=(nodejs); fi
if ! command -v npm >/dev/null; then packages+=(npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "error: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

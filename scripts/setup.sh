#!/usr/bin/env bash
# Installs the Debian packages formfuzz needs, and only the missing ones.
# Idempotent: a second run installs nothing and says so. Needs root (or sudo) only
# when something is missing.
set -euo pipefail

with_deb_src=0
for a in "$@"; do
  case $a in
    --deb-src) with_deb_src=1 ;;
    -h|--help)
      echo "usage: scripts/setup.sh [--deb-src]"
      echo "  installs the missing Debian packages formfuzz needs (and its npm packages);"
      echo "  --deb-src also enables Debian source packages (deb-src for bookworm) and installs autoconf, automake, libtool, tcl, flex, bison: for bench/real/"
      exit 0 ;;
    *) echo "setup: unknown argument: $a (see --help)" >&2; exit 2 ;;
  esac
done
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi

packages=(
  clang llvm libclang-rt-14-dev lld      # compilers, sanitizer runtimes, llvm-cov/llvm-profdata, llvm-symbolizer
  gcc make cmake ninja-build pkg-config  # build
  libsecp256k1-dev                       # ECDSA recovery (vm signatures)
  nettle-dev                             # SHA-1, SHA-256, Keccak permutation, HMAC
  zlib1g-dev                             # CRC-32/Adler-32 of the engine's checksum stage
  libssl-dev                             # X.509 certificates (dns)
  libldns-dev                            # DNS wire-format oracle (dns)
  libb2-dev                              # BLAKE2s for WireGuard mac1 (net)
  afl++                                  # AFL++ peer engine: afl-clang-fast, libAFLDriver.a
  nsd ldnsutils                          # reference DNS server and dig-like client for live tests
  gnuplot-nox                            # plots in the HTML report
  libxml2-utils                          # xmllint: report/JUnit/SARIF well-formedness checks
  chromium libpng-dev                    # report page rendered headless (test), screenshot measured with libpng
  zip unzip                              # OSS-Fuzz style seed corpus export
  libjansson-dev jq                      # JSON in the tools (triage index, SARIF, stats); jq in tool tests
  libmicrohttpd-dev                      # formfuzz-econ's 127.0.0.1 HTTP server (econ); formfuzz run/campaign --metrics
  prometheus                             # Prometheus server and promtool: the monitor_prometheus test scrapes --metrics
  curl libcurl4-openssl-dev              # HTTP client of econ's live test; libcurl for formfuzz-econ's webhook deliveries and formfuzz mcp --url
  libjwt-dev                             # independent JWT implementation: differential for mcp tokens (mcp)
  libcrypt-dev                           # sha512-crypt for Formfile USER passwords (mcp)
  libpcap-dev                            # formfuzz corpus import: DNS and HTTP requests from pcap captures
  tcpdump                                # live_corpus_capture: a real loopback capture for corpus import (needs the right to capture)
  valgrind                               # callgrind instruction counts in bench/
  nodejs                                 # runs the npm packages of package.json (openai client, MCP SDK and servers)
  dpkg-dev                               # dpkg-shlibdeps: the Depends of `make deb` (CPack)
  git
  yamllint                               # checks .github/workflows/ and .pre-commit-hooks.yaml (ci_yamllint test)
)

# --deb-src (opt-in): source package lists for Debian bookworm, so that
# `apt-get source` works (bench/real/ builds real libraries from their Debian
# sources). Adds /etc/apt/sources.list.d/formfuzz-deb-src.sources only when no
# deb-src entry exists yet, then refreshes the lists; a second run changes nothing.
deb_src() {
  local f=/etc/apt/sources.list.d/formfuzz-deb-src.sources
  if grep -rqsE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "setup: deb-src entries already present"
  else
    echo "setup: adding deb-src entries for bookworm: $f"
    local tmp; tmp=$(mktemp)
    cat >"$tmp" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    chmod 644 "$tmp"
    $SUDO install -m 644 "$tmp" "$f"
    rm -f "$tmp"
  fi
  # the source lists are fetched once; later runs find them
  if ! ls /var/lib/apt/lists/*_source_Sources* >/dev/null 2>&1; then
    echo "setup: apt-get update (source package lists)"
    $SUDO apt-get update -q
  fi
}

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# Debian's nodejs comes without npm (package npm); other builds of nodejs
# (NodeSource's) carry npm themselves and conflict with Debian's npm package.
command -v npm >/dev/null 2>&1 || missing+=(npm)

# The npm packages pinned in package.json / package-lock.json, local to the
# project (node_modules/), installed only when the lock file changed since the
# last install.
npm_packages() {
  local root; root=$(cd "$(dirname "$0")/.." && pwd)
  [ -f "$root/package-lock.json" ] || return 0
  if [ -L "$root/node_modules" ]; then # npm ci would empty the directory it points to (another checkout's)
    echo "setup: node_modules is a link to another checkout's packages: not reinstalled here"
    return 0
  fi
  if [ -f "$root/node_modules/.package-lock.json" ] &&
     [ "$root/node_modules/.package-lock.json" -nt "$root/package-lock.json" ]; then
    echo "setup: npm packages already installed"
    return 0
  fi
  echo "setup: installing the npm packages of package-lock.json into node_modules/"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
}

if [ "$with_deb_src" = 1 ]; then
  # what the real targets' builds need beyond the compilers: autoreconf (as
  # Debian's own builds run it: libxml2's patched Makefile.am), tclsh (SQLite's amalgamation),
  # flex and bison (NSD's zone and config parsers)
  for p in autoconf automake libtool tcl flex bison; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    echo "setup: error: --deb-src needs root or passwordless sudo" >&2
    exit 1
  fi
  deb_src
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  npm_packages
  exit 0
fi

echo "setup: installing ${#missing[@]} missing package(s): ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if [ -z "$SUDO" ]; then
    echo "setup: error: not root and no passwordless sudo; install these as root: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  echo "setup: apt-get install failed; refreshing package lists and retrying"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# nsd's Debian package starts a system service on port 53; formfuzz starts its own
# instances on loopback ports, so the system one is stopped if it came up.
if printf '%s\n' "${missing[@]}" | grep -qx nsd; then
  (command -v systemctl >/dev/null && $SUDO systemctl disable --now nsd 2>/dev/null) || true
  (command -v service >/dev/null && $SUDO service nsd stop 2>/dev/null) || true
fi
npm_packages
echo "setup: done"

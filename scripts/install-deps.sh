#!/usr/bin/env bash
# Installs every Debian package tocsin needs to build, test, benchmark and fuzz.
# Idempotent and non-interactive: safe to run on a fresh Debian 12 machine or again on a used one.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  clang clang-format libclang-rt-14-dev
  libsimdjson-dev nlohmann-json3-dev libyaml-cpp-dev libtomlplusplus-dev
  libcli11-dev libfmt-dev libsqlite3-dev libzip-dev libcurl4-openssl-dev libssl-dev
  libpcre2-dev
  libyaml-dev                     # libyaml: workflow files and pnpm lockfiles (src/yaml/tree.h)
  libgtest-dev libgmock-dev libbenchmark-dev
  libhyperscan-dev libgit2-dev zlib1g-dev
  libpq-dev postgresql
  python3
  openssh-client  # ssh-keygen -Y sign: the SSH-signed tags of tests/release/sshsig_test.cpp
  libcpp-httplib-dev              # tocsin serve (Debian's build carries OpenSSL, zlib, brotli)
  chromium chromium-driver wrk    # tocsin serve: browser tests (test-only) and the load benchmark
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

#!/usr/bin/env bash
# Installs every Debian package phi-auditd needs to build, test and benchmark.
# Idempotent: prints nothing and changes nothing when everything is already there.
# With --fuzz, also clang and its libFuzzer/sanitizer runtimes (only `make fuzz` needs them).
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang-format time tzdata dpkg-dev systemd
  libboost-dev libboost-system-dev
  librocksdb-dev libyaml-cpp-dev libspdlog-dev libfmt-dev
  libre2-dev libsimdjson-dev libcli11-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  liblz4-dev libzstd-dev libsnappy-dev libbz2-dev zlib1g-dev
)
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Installs every Debian package phi-auditd needs to build, test and benchmark.
# Idempotent: prints nothing and changes nothing when everything is already there.
# With --fuzz, also clang and its libFuzzer/sanitizer runtimes (only `make fuzz` needs them).
# rsyslog (for the syslog sink's tests) is unpacked into build-deps/rsyslog, not installed: see
# the end of this file.
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang-format time tzdata dpkg-dev systemd
  libboost-dev libboost-system-dev
  librocksdb-dev libyaml-cpp-dev libspdlog-dev libfmt-dev
  libre2-dev libsimdjson-dev libcli11-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  liblz4-dev libzstd-dev libsnappy-dev libbz2-dev zlib1g-dev
  libhpdf-dev fonts-dejavu-core  # PDF access reports: libharu, and a Unicode TrueType font
  libestr0 libfastjson4 libssl3  # what the unpacked rsyslogd and its ossl driver link to
)
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-dev)
fi

sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# rsyslog and its OpenSSL stream driver for tests/integration/rsyslog_receiver.cpp, which starts
# its own unprivileged rsyslogd from here. Installing the packages would make rsyslog this
# machine's system logger (rsyslog.service enabled and started, /etc/rsyslog.conf, and a
# Conflicts that removes syslog-ng), so the .debs are only downloaded and unpacked.
rsyslog_dir="$(cd "$(dirname "$0")/.." && pwd)/build-deps/rsyslog"
if [ ! -x "$rsyslog_dir/usr/sbin/rsyslogd" ] ||
   [ -z "$(find "$rsyslog_dir/usr/lib" -name lmnsd_ossl.so 2>/dev/null)" ]; then
  echo "install-deps: unpacking rsyslog and rsyslog-openssl into $rsyslog_dir"
  download="$(mktemp -d)"
  trap 'rm -rf "$download"' EXIT
  apt_as=()
  [ "$(id -u)" -eq 0 ] && apt_as=(-o APT::Sandbox::User=root)  # _apt cannot write to $download
  fetch() { (cd "$download" && apt-get download -qq "${apt_as[@]}" rsyslog rsyslog-openssl); }
  fetch 2>/dev/null || { "${sudo_cmd[@]}" apt-get update -qq && fetch; }
  rm -rf "$rsyslog_dir.partial"
  mkdir -p "$rsyslog_dir.partial"
  for deb in "$download"/*.deb; do dpkg-deb -x "$deb" "$rsyslog_dir.partial"; done
  rm -rf "$rsyslog_dir"
  mv "$rsyslog_dir.partial" "$rsyslog_dir"
fi

#!/usr/bin/env bash
# Alert delivery, issue 8: ALERTS (1,000,000) alert records over syslog TCP and over syslog TLS
# to a receiver in the same process (phi_sink_delivery_bench), JSON and CEF bodies; then ingest
# with the full rule pack and a sink that is down (syslog and webhook to closed ports) against
# the same run without it (bench/detection-throughput.sh's data, DEAD_SINK=1).
# Usage: bench/sink-delivery.sh [build-dir] [alerts]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
alerts=${2:-1000000}
work=${BENCH_DIR:-/tmp/phi-sink-bench}
mkdir -p "$work"
if [ ! -f "$work/server.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$work/server.key" -out "$work/server.pem" 2>/dev/null
fi
echo "machine: $(nproc) cores"
for format in json cef; do
  "$build/bench/phi_sink_delivery_bench" "$work/run" "$alerts" tcp "$format" | tail -2
  "$build/bench/phi_sink_delivery_bench" "$work/run" "$alerts" tls \
    "$work/server.pem" "$work/server.key" "$format" | tail -2
done
rm -rf "$work/run"

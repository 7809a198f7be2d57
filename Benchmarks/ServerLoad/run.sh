#!/usr/bin/env bash
# Load test of `search serve`: a release build serves the bundled corpus, and wrk (Debian's `wrk`, installed if
# missing) sends GET /api/search over search-api.lua's queries with 64 connections for 30 s.
#
#   Benchmarks/ServerLoad/run.sh                 # CONNECTIONS=64 DURATION=30s THREADS=2 PORT=18092
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${PORT:-18092}
read -r -a build_flags <<< "${SWIFT_BUILD_FLAGS:-}"

if ! command -v wrk > /dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null
fi
swift build -c release "${build_flags[@]}" --product search
binary="$(swift build -c release "${build_flags[@]}" --show-bin-path)/search"

work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
"$binary" index Corpus --index "$work/index" --quiet
# One log line per request would measure the terminal; keep the log in a file.
"$binary" serve --index "$work/index" --port "$port" 2> "$work/server.log" &
server=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break
    sleep 0.2
done
curl -sf "http://127.0.0.1:$port/api/search?q=Shoigu+Pyongyang&limit=1" > /dev/null
wrk -t "${THREADS:-2}" -c "${CONNECTIONS:-64}" -d "${DURATION:-30s}" --latency \
    -s Benchmarks/ServerLoad/search-api.lua "http://127.0.0.1:$port"
echo "requests logged: $(grep -c ' ms$' "$work/server.log"), of which not 200: $(grep -cE ' [^2][0-9]{2} [0-9.]+ ms$' "$work/server.log" || true)"

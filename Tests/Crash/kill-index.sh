#!/usr/bin/env bash
# Crash test: runs `search index` into one index again and again, each run adding a new batch of documents and
# committing once, and kills it with SIGKILL at a random moment. After every kill the index must pass
# `search check`, hold either exactly the documents of the last completed commit or those plus the whole
# interrupted batch (a commit is all or nothing), and still find a document of the last completed commit by a
# token no other document has.
#
#   Tests/Crash/kill-index.sh                       # N=20 runs, builds the release binary first
#   N=200 SEARCH_BINARY=.build/release/search Tests/Crash/kill-index.sh
#
# BATCH (default 2000) sets the documents per run. Exits non-zero at the first violation.
set -euo pipefail

N=${N:-20}
BATCH=${BATCH:-2000}
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${SEARCH_BINARY:-}" ]; then
    (cd "$root" && nice -n 10 swift build -c release --product search >&2)
    SEARCH_BINARY="$root/.build/release/search"
fi
search=$SEARCH_BINARY
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
index="$work/index"

# Writes batch $1: $BATCH JSONL documents with ids r$1-<j>, each holding the unique token u$1x<j> among words
# drawn from a small vocabulary (so terms get long postings lists with full blocks).
generate() {
    awk -v run="$1" -v count="$BATCH" 'BEGIN {
        srand(run)
        split("alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega north south east west " \
              "river mountain harbour treaty summit minister navy election market storm archive", words, " ")
        for (j = 0; j < count; j++) {
            body = ""
            n = 20 + int(rand() * 120)
            for (k = 0; k < n; k++) body = body words[1 + int(rand() * 27)] " "
            printf("{\"id\": \"r%d-%d\", \"title\": \"run %d document %d\", \"body\": \"%s u%dx%d\"}\n",
                run, j, run, j, body, run, j)
        }
    }' > "$work/batch-$1.jsonl"
}

documents() {
    "$search" stats --index "$index" --json | sed -E 's/.*"documents": *([0-9]+).*/\1/'
}

fail() {
    echo "FAIL (run $i): $*" >&2
    exit 1
}

# Run 0 completes: the bundled corpus, then a first batch, timed to choose the kill moments (up to 1.5 times
# as long as a whole run, so that some runs complete).
"$search" index --index "$index" --quiet "$root/Corpus"
generate 0
start=$(date +%s%N)
"$search" index --index "$index" --quiet "$work/batch-0.jsonl"
window_ms=$(( ($(date +%s%N) - start) / 1000000 * 3 / 2 + 50 ))
committed=$(documents)
last_run=0
killed=0
completed=0
echo "run 0: $committed documents committed; kill window ${window_ms} ms"

for i in $(seq 1 "$N"); do
    generate "$i"
    "$search" index --index "$index" --quiet "$work/batch-$i.jsonl" &
    pid=$!
    delay_ms=$(( (RANDOM * 32768 + RANDOM) % window_ms ))
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null || true
    status=0
    { wait "$pid"; } 2>/dev/null || status=$?
    if [ "$status" -eq 137 ]; then
        killed=$((killed + 1))
        outcome="killed after ${delay_ms} ms"
    else
        completed=$((completed + 1))
        outcome="completed within ${delay_ms} ms"
    fi
    [ "$status" -eq 0 ] || [ "$status" -eq 137 ] || fail "search index exited with status $status"

    "$search" check --index "$index" > "$work/check.out" 2>&1 || fail "search check: $(cat "$work/check.out")"
    now=$(documents)
    if [ "$now" -eq $((committed + BATCH)) ]; then
        committed=$now
        last_run=$i
    elif [ "$now" -ne "$committed" ]; then
        fail "$now documents; expected $committed (last commit) or $((committed + BATCH)) (this batch committed)"
    elif [ "$status" -eq 0 ]; then
        fail "the run completed but its documents are missing"
    fi
    j=$(( (RANDOM * 32768 + RANDOM) % BATCH ))
    "$search" --index "$index" --json --limit 1 "u${last_run}x${j}" > "$work/query.out" \
        || fail "query failed: $(cat "$work/query.out")"
    grep -q "\"id\": *\"r${last_run}-${j}\"" "$work/query.out" \
        || fail "document r${last_run}-${j} of the last commit is not found: $(cat "$work/query.out")"
    echo "run $i: $outcome, $now documents, check ok, r${last_run}-${j} found"
done
echo "ok: $N runs ($killed killed, $completed completed before the kill), $committed documents, every check passed"

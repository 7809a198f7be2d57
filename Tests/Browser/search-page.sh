#!/usr/bin/env bash
# Browser test of the search page: serves the bundled corpus, opens the page in headless Chromium (Debian's
# `chromium`, installed if missing), submits "Shoigu Pyongyang" through the form's GET URL, checks that the founding
# article is the first result, checks that /api/search answers what `search --json` prints, and saves a screenshot.
#
#   Tests/Browser/search-page.sh                 # debug build; screenshot in .build/browser-test/
#   SWIFT_BUILD_FLAGS="-c release" PORT=18091 OUT_DIR=/tmp/shots Tests/Browser/search-page.sh
#   SEARCH_BINARY="$(swift build --show-bin-path)/search" Tests/Browser/search-page.sh   # after swift build --build-tests
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)

port=${PORT:-18090}
out=${OUT_DIR:-.build/browser-test}
read -r -a build_flags <<< "${SWIFT_BUILD_FLAGS:-}"
query="Shoigu Pyongyang"
expected_id="japan-forward-russia-militant-friendships"
expected_title="Russian 'Militant Friendships' with China and North Korea Menace Japan"

if ! command -v chromium > /dev/null; then
    echo "Installing chromium (Debian package)…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
fi

# SEARCH_BINARY reuses a built `search` (CI builds it with the tests; a plain build would recompile everything).
binary=${SEARCH_BINARY:-}
if [ -z "$binary" ]; then
    swift build "${build_flags[@]}" --product search
    binary="$(swift build "${build_flags[@]}" --show-bin-path)/search"
fi

work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$out"

"$binary" index Corpus --index "$work/index" --quiet
"$binary" serve --index "$work/index" --port "$port" 2> "$out/server.log" &
server=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break
    kill -0 "$server" 2> /dev/null || { cat "$out/server.log"; echo "FAIL: the server exited"; exit 1; }
    sleep 0.2
done

browse() {
    chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
        --user-data-dir="$work/profile" "$@" 2> /dev/null
}

# The form, as the browser sees it, tells how a search is submitted.
browse --dump-dom "http://127.0.0.1:$port/" > "$out/home.html"
submit=$(python3 - "$out/home.html" "$query" << 'PY'
import sys, urllib.parse
from html.parser import HTMLParser
class Form(HTMLParser):
    form, field = None, None
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form is None: self.form = attrs
        if tag == "input" and attrs.get("type") == "search" and self.field is None: self.field = attrs.get("name")
page = Form(); page.feed(open(sys.argv[1], encoding="utf-8").read())
assert page.form and page.form.get("method", "get").lower() == "get", f"no GET form: {page.form}"
assert page.field, "no search box"
print(page.form.get("action", "/") + "?" + urllib.parse.urlencode({page.field: sys.argv[2]}))
PY
)
echo "Submitting the form: GET $submit"
browse --dump-dom "http://127.0.0.1:$port$submit" > "$out/results.html"
python3 - "$out/results.html" "$expected_id" "$expected_title" << 'PY'
import sys
from html.parser import HTMLParser
class Results(HTMLParser):
    def __init__(self):
        super().__init__(); self.hits = []; self.in_title = False; self.marks = 0; self.in_mark = False
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "hit" in (attrs.get("class") or "").split():
            self.hits.append({"id": attrs.get("data-id"), "title": "", "href": None})
        elif tag == "a" and self.hits and self.hits[-1]["href"] is None:
            self.hits[-1]["href"] = attrs.get("href"); self.in_title = True
        elif tag == "mark":
            self.marks += 1
    def handle_endtag(self, tag):
        if tag == "a": self.in_title = False
    def handle_data(self, data):
        if self.in_title: self.hits[-1]["title"] += data
page = Results(); page.feed(open(sys.argv[1], encoding="utf-8").read())
assert page.hits, "no results on the page"
first = page.hits[0]
assert first["id"] == sys.argv[2], f"first result is {first['id']}, not {sys.argv[2]}"
assert first["title"].strip() == sys.argv[3], f"first title is {first['title']!r}"
assert first["href"].startswith("https://japan-forward.com/"), first["href"]
assert page.marks > 0, "no highlighted words"
print(f"First of {len(page.hits)} results: {first['title'].strip()} ({first['href']}); {page.marks} highlights")
PY

# The API answers exactly what `search --json` prints, plus took_ms.
curl -sf "http://127.0.0.1:$port/api/search?q=Shoigu+Pyongyang&limit=5" > "$out/api.json"
"$binary" --index "$work/index" --json --limit 5 "$query" > "$out/cli.json"
python3 - "$out/api.json" "$out/cli.json" << 'PY'
import json, sys
api, cli = (json.load(open(path)) for path in sys.argv[1:3])
assert isinstance(api.pop("took_ms"), float), "took_ms missing"
assert api == cli, f"API and CLI differ:\n{api}\n{cli}"
print(f"/api/search matches search --json: {cli['total']} matches")
PY

browse --screenshot="$out/search-page.png" --window-size=1280,1200 "http://127.0.0.1:$port$submit" > /dev/null
test -s "$out/search-page.png"
echo "Screenshot: $out/search-page.png"
echo "PASS: browser test in $(( $(date +%s) - started )) s"

#!/usr/bin/env bash
# Build the frozen bundle and start it as a new user would, offscreen, so it cannot break silently:
#   bash packaging/smoke.sh [OUT_DIR]
# 1. pyinstaller packaging/token-desk.spec (dist and work folders under OUT_DIR, default a temp dir);
# 2. the bundle paints its window once and exits 0 (DESKTOP_APP_EXIT_AFTER_FIRST_PAINT=1);
# 3. started normally, its embedded tenant answers (401 without a token), and SIGTERM ends it with
#    exit status 0 and the SQLite WAL merged;
# then prints the bundle's size and its cold start-up time beside the source checkout's.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d /tmp/token-desk-bundle.XXXXXX)}
python=${PYTHON:-python3}

echo "== building the bundle in $out"
mkdir -p "$out"
if ! "$python" -m PyInstaller --noconfirm --distpath "$out/dist" --workpath "$out/work" \
        packaging/token-desk.spec >"$out/build.log" 2>&1; then
    cat "$out/build.log" >&2
    echo "the bundle did not build (log above)" >&2
    exit 1
fi
echo "built (log: $out/build.log)"
bundle="$out/dist/token-desk/token-desk"
[ -x "$bundle" ] || { echo "no executable at $bundle" >&2; exit 1; }

homes=$(mktemp -d /tmp/token-desk-homes.XXXXXX)
trap 'rm -rf "$homes"' EXIT
fresh_home() {  # a new user: HOME and XDG folders under a new temp dir
    local home
    home=$(mktemp -d "$homes/home.XXXXXX")
    mkdir -p -m 700 "$home/config" "$home/cache" "$home/data" "$home/state" "$home/run"
    echo "$home"
}
user_env() {  # user_env HOME: that user's environment (offscreen), as arguments for env
    local home=$1
    echo HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" XDG_DATA_HOME="$home/data" \
        XDG_STATE_HOME="$home/state" XDG_RUNTIME_DIR="$home/run" QT_QPA_PLATFORM=offscreen
}
with_home() {  # with_home HOME command...: run in that user's environment
    local home=$1; shift
    # shellcheck disable=SC2046 - the temp paths have no spaces
    env $(user_env "$home") "$@"
}
first_paint_seconds() {  # the wall time of a cold start to the first paint (fresh home each time)
    local home start end
    home=$(fresh_home)
    start=$(date +%s.%N)
    with_home "$home" env DESKTOP_APP_EXIT_AFTER_FIRST_PAINT=1 "$@" >"$home/log" 2>&1 \
        || { cat "$home/log" >&2; echo "exit-after-first-paint run failed: $*" >&2; return 1; }
    end=$(date +%s.%N)
    grep -q "first paint done" "$home/log" || { cat "$home/log" >&2; return 1; }
    "$python" -c "print(f'{$end - $start:.2f}')"
}

echo "== the bundle paints and exits"
first_paint_seconds "$bundle" >/dev/null
echo "ok"

echo "== the bundle's local tenant answers, and SIGTERM ends it cleanly"
home=$(fresh_home)
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$home/config/token-desk"
printf '{"embedded_url": "http://127.0.0.1:%s"}' "$port" >"$home/config/token-desk/settings.json"
# shellcheck disable=SC2046 - env itself in the background, so that $! is the app's process
env $(user_env "$home") "$bundle" >"$home/log" 2>&1 &
pid=$!
code=000
for _ in $(seq 1 300); do
    code=$("$python" -c 'import sys, urllib.error, urllib.request
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=2).status)
except urllib.error.HTTPError as error:
    print(error.code)
except OSError:
    print("000")' "http://127.0.0.1:$port/t/local/api/v1/alerts/")
    [ "$code" = 401 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if [ "$code" != 401 ]; then
    kill "$pid" 2>/dev/null || true
    cat "$home/log" >&2
    echo "the bundle's local tenant did not answer (got $code)" >&2
    exit 1
fi
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
leftovers=$(find "$home" -name '*-wal' -o -name '*-shm')
if [ "$status" != 0 ] || [ -n "$leftovers" ]; then
    cat "$home/log" >&2
    echo "SIGTERM: exit status $status, left: $leftovers" >&2
    exit 1
fi
echo "ok (401 on 127.0.0.1:$port, SIGTERM -> 0, WAL merged)"

echo "== figures (start to first paint, seconds, 3 runs each, a fresh home each run)"
runs() { local t all=""; for _ in 1 2 3; do t=$(first_paint_seconds "$@"); all="$all $t"; done; echo "$all"; }
echo "bundle size: $(du -sh "$out/dist/token-desk" | cut -f1) ($(find "$out/dist/token-desk" -type f | wc -l) files)"
echo "bundle start-up:$(runs "$bundle")"
echo "source start-up:$(runs env PYTHONPATH="$PWD" "$python" -m desktop_app)"

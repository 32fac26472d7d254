#!/usr/bin/env bash
# Real-browser end-to-end + accessibility (axe) run for Bekwaam.
#
#   e2e/run.sh                      build the debug binary, then test it
#   BEKWAAM_BIN=path e2e/run.sh     test a prebuilt binary instead
#
# Installs Chromium (Debian package) and the pinned npm packages when they
# are missing, starts `bekwaam demo` on a free loopback port with a fresh
# temporary database, runs flows.mjs against it and exits with its status.
# The server and the temporary folder are always cleaned up.
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$E2E_DIR/.." && pwd)"
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CHROMIUM_PATH

log() { printf '[e2e] %s\n' "$*" >&2; }
started=$SECONDS

# --- Chromium -----------------------------------------------------------
if [[ ! -x "$CHROMIUM_PATH" ]]; then
  log "installing chromium with apt-get"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
"$CHROMIUM_PATH" --version >&2

# --- npm packages (exact versions from package-lock.json) -----------------
# node_modules is stale when the lock file changed since the last `npm ci`
# (npm writes node_modules/.package-lock.json on install).
if [[ ! -d "$E2E_DIR/node_modules" \
      || ! -f "$E2E_DIR/node_modules/.package-lock.json" \
      || "$E2E_DIR/package-lock.json" -nt "$E2E_DIR/node_modules/.package-lock.json" ]]; then
  log "npm ci"
  (cd "$E2E_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- the binary -----------------------------------------------------------
if [[ -n "${BEKWAAM_BIN:-}" ]]; then
  BIN="$BEKWAAM_BIN"
else
  log "cargo build"
  (cd "$ROOT" && cargo build --quiet)
  BIN="$ROOT/target/debug/bekwaam"
fi
if [[ ! -x "$BIN" ]]; then
  log "no executable binary at $BIN"
  exit 2
fi

# --- the server -----------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bekwaam-e2e.XXXXXX")"
SERVER_PID=""
cleanup() {
  local status=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -f "$WORK/server.log" ]]; then
    log "server log (last 40 lines):"
    tail -n 40 "$WORK/server.log" >&2 || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Port 0: the OS picks a free port and the server prints the URL it got,
# so there is no race with another process grabbing a port we chose.
BEKWAAM_LANG=nl "$BIN" demo --addr 127.0.0.1:0 --data "$WORK/data" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

BASE=""
for _ in $(seq 1 300); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "bekwaam demo exited before it was ready"
    exit 2
  fi
  BASE="$(grep -aoE 'http://127\.0\.0\.1:[0-9]+' "$WORK/server.log" | head -n 1 || true)"
  [[ -n "$BASE" ]] && break
  sleep 0.1
done
if [[ -z "$BASE" ]]; then
  log "bekwaam demo printed no URL within 30 s"
  exit 2
fi

ready=""
for _ in $(seq 1 100); do
  if node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$BASE/healthz" 2>/dev/null; then
    ready=1; break
  fi
  sleep 0.1
done
if [[ -z "$ready" ]]; then
  log "$BASE/healthz did not answer within 10 s"
  exit 2
fi
log "bekwaam demo is up at $BASE (pid $SERVER_PID, data in $WORK/data) after $((SECONDS - started)) s"

# The demo also prints a fresh anonymous survey link ("Probeer de
# vragenlijst als docent: $BASE/s/<token>"); the teacher flow answers it.
SURVEY_URL="$(grep -aoE 'https?://[^[:space:]]+/s/[0-9a-f]{32}' "$WORK/server.log" | head -n 1 || true)"
if [[ -z "$SURVEY_URL" ]]; then
  log "bekwaam demo printed no survey link"
  exit 2
fi

# --- the browser run --------------------------------------------------------
set +e
E2E_BASE_URL="$BASE" E2E_SURVEY_URL="$SURVEY_URL" E2E_SERVER_LOG="$WORK/server.log" E2E_ARTIFACTS="${E2E_ARTIFACTS:-$ROOT/target/e2e-artifacts}" \
  node "$E2E_DIR/flows.mjs"
status=$?
set -e
log "finished with status $status in $((SECONDS - started)) s"
exit "$status"

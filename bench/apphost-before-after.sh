#!/usr/bin/env bash
# The AppHost's start, before (the home-made orchestrator, last at commit 5655636) and after (Aspire's), side by side
# in one run: each AppHost started as ./run.sh starts it, timed from process start to the gateway's GET /health
# answering 200 (the gateway waits for every server and service), cold (new data folder) then warm (same folder),
# alternating before/after; and the memory (PSS, shared pages shared out) of the AppHost with its dashboard and, after,
# Aspire's orchestrator (dcp), once healthy. Usage: bench/apphost-before-after.sh [--rounds N] [--before <git rev>]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=1
before_rev=5655636
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --before) before_rev="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
source eng/prerequisites.sh
require_dotnet
require_node
require_servers

work="$(mktemp -d /tmp/apphost-before-after.XXXXXX)"
# PostgreSQL runs as its own user when we are root: it must be able to pass through to its data folder.
chmod 711 "$work"
cleanup() {
  pkill -TERM -f "AppHost:DataPath=$work" 2>/dev/null || true
  sleep 3
  git worktree remove --force "$work/before" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "Building before ($before_rev) and after ($(git rev-parse --short HEAD)), Release..."
git worktree add --detach "$work/before" "$before_rev" >/dev/null 2>&1
(cd "$work/before" && ./eng/local-packages.sh >/dev/null && dotnet build ActionsDashboard.AppHost -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null)
dotnet build ActionsDashboard.AppHost -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null

free_port() { python3 -c 'import socket,random
for _ in range(200):
  p=random.randint(20000,30000); s=socket.socket()
  try: s.bind(("127.0.0.1",p)); s.close(); print(p); break
  except OSError: pass'; }

pss_kb() { # sum of PSS of the given pids
  local total=0
  for pid in "$@"; do
    local v; v=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# run_one <before|after> <data dir>: prints "<seconds> <apphost+dashboard PSS MB> <orchestrator PSS MB>"
run_one() {
  local which="$1" data="$2" gateway dashboard otlp pid start elapsed
  gateway=$(free_port); dashboard=$(free_port); otlp=$(free_port)
  start=$(date +%s.%N)
  if [ "$which" = before ]; then
    (cd "$work/before/ActionsDashboard.AppHost/bin/Release/net10.0" && exec dotnet ActionsDashboard.AppHost.dll \
      --AppHost:DataPath="$data" --AppHost:GatewayPort="$gateway" --AppHost:DashboardPort="$dashboard" --AppHost:DemoScenario=false \
      >"$data.log" 2>&1) &
  else
    (cd ActionsDashboard.AppHost/bin/Release/net10.0 && ASPNETCORE_URLS="http://localhost:$dashboard" \
      ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://localhost:$otlp" ASPIRE_ALLOW_UNSECURED_TRANSPORT=true DOTNET_ENVIRONMENT=Development \
      exec dotnet ActionsDashboard.AppHost.dll --AppHost:DataPath="$data" --AppHost:GatewayPort="$gateway" \
      --AppHost:Servers=Processes --AppHost:DemoScenario=false >"$data.log" 2>&1) &
  fi
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$gateway/health"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the $which AppHost exited; its log: $data.log" >&2; tail -20 "$data.log" >&2; exit 1; fi
    sleep 0.2
  done
  elapsed=$(python3 -c "print($(date +%s.%N) - $start)")
  sleep 5 # settle before reading memory
  local dash_pids dcp_pids
  dash_pids=$(pgrep -f "Aspire.Dashboard" | while read -r p; do tr '\0' ' ' < "/proc/$p/environ" 2>/dev/null | grep -q "ASPNETCORE_URLS=http://localhost:$dashboard" && echo "$p"; done || true)
  dcp_pids=$(pgrep -f "dcp .*--monitor $pid\b" || true)
  for p in $dcp_pids; do dcp_pids="$dcp_pids $(pgrep -P "$p" | while read -r c; do grep -q dcp "/proc/$c/cmdline" 2>/dev/null && echo "$c"; done)"; done
  printf '%.1f %d %d\n' "$elapsed" "$(( $(pss_kb "$pid" $dash_pids) / 1024 ))" "$(( $(pss_kb $dcp_pids) / 1024 ))"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  sleep 3
}

printf '%s cores, load average at start: %s\n\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-6s %10s %24s %18s\n' "AppHost" "start" "to healthy" "AppHost+dashboard PSS" "orchestrator PSS"
for round in $(seq 1 "$rounds"); do
  for which in before after; do rm -rf "$work/$which-$round"; done
  for kind in cold warm; do
    for which in before after; do
      read -r secs mem dcp < <(run_one "$which" "$work/$which-$round")
      printf '%-8s %-6s %8s s %21s MB %15s MB\n' "$which" "$kind" "$secs" "$mem" "$([ "$which" = before ] && echo "-" || echo "$dcp")"
    done
  done
done
printf '\nload average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# The services' benches before (hand-written ServiceDefaults and client integrations, commit 5655636) and after
# (OpenTelemetry, resilience, service discovery and Aspire's client integrations), run alternately in one run on the
# same machine: the gateway's proxied request (Gateway.Bench, both gateway builds as processes, interleaved), webhook ingestion and POST -> consumer at 200/s
# (Webhooks.Bench), warm /api/dashboard (GitHubProxy.Bench). Prints each bench's summary lines, before then after.
# Usage: bench/services-before-after.sh [--before <git rev>]
set -euo pipefail
cd "$(dirname "$0")/.."
before_rev=5655636
[ "${1:-}" = "--before" ] && before_rev="$2"
source eng/prerequisites.sh
require_dotnet
require_servers

work="$(mktemp -d /tmp/services-before-after.XXXXXX)"
trap 'git worktree remove --force "$work/before" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/before" "$before_rev" >/dev/null 2>&1
# Before the samples were copied in, benches read them from shared/github-samples in the folder above the repository.
mkdir -p "$work/shared" && ln -s "$(pwd)/samples/github" "$work/shared/github-samples"
benches=(Webhooks.Bench GitHubProxy.Bench)
echo "Building the benches before ($before_rev) and after ($(git rev-parse --short HEAD)), Release..."
(cd "$work/before" && ./eng/local-packages.sh >/dev/null && dotnet build Gateway -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null \
  && for b in "${benches[@]}"; do dotnet build "bench/$b" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null; done)
for b in Gateway.Bench "${benches[@]}"; do dotnet build "bench/$b" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null; done

run() { # <tree> <bench> <args...>
  local tree="$1" bench="$2"; shift 2
  (cd "$tree" && dotnet "bench/$bench/bin/Release/net10.0/$bench.dll" "$@" 2>&1)
}

printf '%s cores, load average at start: %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
# The gateway: both builds as their own processes (as under the AppHost), measured interleaved by one load generator.
echo
echo "=== Gateway.Bench, before and after side by side ==="
run "$(pwd)" Gateway.Bench --seconds 5 --rounds 4 \
  --gateway-dll "$work/before/Gateway/bin/Release/net10.0/Gateway.dll" --gateway-dll "$(pwd)/Gateway/bin/Release/net10.0/Gateway.dll" \
  | grep -vE '^(info|warn|dbug)' | tail -25 || echo "(Gateway.Bench failed)"
for b in "${benches[@]}"; do
  case "$b" in
    Webhooks.Bench) args=(--seconds 10) ;;
    GitHubProxy.Bench) args=(--requests 1000) ;;
  esac
  for side in before after; do
    tree="$([ "$side" = before ] && echo "$work/before" || pwd)"
    echo
    echo "=== $b, $side ==="
    run "$tree" "$b" "${args[@]}" | grep -vE '^(info|warn|dbug)' | tail -25 || echo "($b $side failed)"
  done
done
printf '\nload average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# #20 item 2: a soak of the whole application through the AppHost (Aspire's testing builder, servers as local processes):
# signed webhooks at 50/s through the gateway, 50 signed-in browsers refreshing /api/dashboard, 500 /events connections
# that reconnect now and then; each process's memory (VmRSS, PSS), fds and threads sampled every minute; at the end the
# slope per process (MB/min, least squares after a warm-up), failing when one grows without bound.
# Arguments: --minutes 30 --rate 50 --browsers 50 --streams 500 --sample-seconds 60 --slope-limit 2.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/prerequisites.sh
require_dotnet
require_node
require_servers
prepare_build
dotnet build bench/Chaos.Bench -c Release -nologo -v:q -clp:ErrorsOnly
# dotnet-gcdump (the tool manifest) reads each service's live heap after the warm-up and at the end.
dotnet tool restore >/dev/null
exec dotnet bench/Chaos.Bench/bin/Release/net10.0/Chaos.Bench.dll --soak "$@"

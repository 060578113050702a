#!/usr/bin/env bash
# Prints the AppHost's cold and warm start as ./run.sh starts it (and the memory of the AppHost, the dashboard and the
# orchestrator), and the gateway's cost (req/s, p50/p99 through the gateway vs the
# same service directly, with ratios). Arguments: --seconds N --concurrency N --rounds N.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/prerequisites.sh
require_dotnet
require_node
require_servers
prepare_build
dotnet build bench/ActionsDashboard.Bench -c Release -nologo -v:q -clp:ErrorsOnly
exec dotnet bench/ActionsDashboard.Bench/bin/Release/net10.0/ActionsDashboard.Bench.dll "$@"

#!/usr/bin/env bash
# #20 item 1: the whole application through the AppHost (Aspire's testing builder, servers as local processes) under
# faults: signed workflow_run / workflow_job webhooks through the gateway at a steady rate while RabbitMQ, Redis,
# PostgreSQL, each service and two services at once are killed (SIGKILL) and brought back with the orchestrator's start
# command; then acknowledged deliveries are looked for in the read model and at an /events and a /ws client.
# Arguments: --rate 20 --seconds 60. Exits non-zero on any loss or duplicate.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/prerequisites.sh
require_dotnet
require_node
require_servers
prepare_build
dotnet build bench/Chaos.Bench -c Release -nologo -v:q -clp:ErrorsOnly
exec dotnet bench/Chaos.Bench/bin/Release/net10.0/Chaos.Bench.dll "$@"

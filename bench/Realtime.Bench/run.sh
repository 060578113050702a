#!/usr/bin/env bash
# Realtime.Hub: bus → client latency at a steady rate (WebSockets and /events), fan-out to N /events connections
# and M SignalR WebSocket connections on one instance (time for one event to reach all, memory per connection).
# Arguments: --rate 200 --seconds 20 --connections 10000 --ws-connections 2000.
set -euo pipefail
cd "$(dirname "$0")/../.."
source eng/prerequisites.sh
require_dotnet
require_node
require_servers
prepare_build
dotnet build bench/Realtime.Bench -c Release -nologo -v:q -clp:ErrorsOnly
exec dotnet bench/Realtime.Bench/bin/Release/net10.0/Realtime.Bench.dll "$@"

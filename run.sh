#!/usr/bin/env bash
# Runs the whole app through the Aspire AppHost: PostgreSQL, Redis, RabbitMQ and every service, with the Aspire
# dashboard at http://localhost:18888 (its login link is printed) and the app at http://localhost:8080.
# Installs missing server packages (Debian/Ubuntu) when no container runtime answers, builds once, then starts the AppHost.
# Extra arguments go to the AppHost, e.g. ./run.sh --AppHost:GatewayPort=9090 or --publisher manifest --output-path m.json
set -euo pipefail
cd "$(dirname "$0")"
source eng/prerequisites.sh

require_dotnet
require_node
# With Docker or Podman the servers run as Aspire's containers; without, as local processes from Debian's packages.
if ! container_runtime_answers "$@"; then
  require_servers
fi
prepare_build

configuration="${CONFIGURATION:-Release}"
echo "Building (${configuration})..."
dotnet build ActionsDashboard.AppHost -c "$configuration" -nologo -v:q -clp:ErrorsOnly

# What `dotnet run --project ActionsDashboard.AppHost` takes from Properties/launchSettings.json: the dashboard's
# address, its OTLP endpoint (every service's telemetry goes there), plain HTTP on this machine.
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:18888}"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="${ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL:-http://localhost:18889}"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT="${ASPIRE_ALLOW_UNSECURED_TRANSPORT:-true}"
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
cd ActionsDashboard.AppHost
exec dotnet "bin/${configuration}/net10.0/ActionsDashboard.AppHost.dll" "$@"

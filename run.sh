#!/usr/bin/env bash
# Runs the whole app: PostgreSQL, Redis, RabbitMQ and every service, through the AppHost, with its dashboard.
# Installs missing server packages (Debian/Ubuntu), builds once, then starts the AppHost.
# Extra arguments go to the AppHost, e.g. ./run.sh --AppHost:GatewayPort=9090 or --publisher manifest --output-path m.json
set -euo pipefail
cd "$(dirname "$0")"
source eng/prerequisites.sh

require_dotnet
require_node
require_servers
prepare_build

configuration="${CONFIGURATION:-Release}"
echo "Building (${configuration})..."
dotnet build ActionsDashboard.AppHost -c "$configuration" -nologo -v:q -clp:ErrorsOnly
exec dotnet "ActionsDashboard.AppHost/bin/${configuration}/net10.0/ActionsDashboard.AppHost.dll" "$@"

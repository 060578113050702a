#!/usr/bin/env bash
# Prints what the gateway's session check adds to a warm request: req/s and p50/p99 of the same proxied GET with and
# without the check, interleaved in one run. Arguments: --seconds N --concurrency N --rounds N.
set -euo pipefail
cd "$(dirname "$0")/../.."
source eng/prerequisites.sh
require_dotnet
require_servers
prepare_build
dotnet build bench/Gateway.Bench -c Release -nologo -v:q -clp:ErrorsOnly
exec dotnet bench/Gateway.Bench/bin/Release/net10.0/Gateway.Bench.dll "$@"

#!/usr/bin/env bash
# Cold and warm load of the dashboard through the gateway in headless chromium: bytes transferred and time until
# the first run is on screen. Starts the whole app (demo mode) unless --url points at a running gateway.
# Arguments: --rounds N (default 5), --url http://127.0.0.1:8080 (sign-in through that gateway's GitHub must need no form: demo mode).
set -euo pipefail
cd "$(dirname "$0")/../.."
source eng/prerequisites.sh
require_dotnet
require_node
require_servers
prepare_build
install_debian_packages chromium
dotnet build bench/Web.Bench -c Release -nologo -v:q -clp:ErrorsOnly
exec dotnet bench/Web.Bench/bin/Release/net10.0/Web.Bench.dll "$@"

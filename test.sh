#!/usr/bin/env bash
# Runs every test: the browser app's Vitest tests, .NET unit, functional and end-to-end tests (real PostgreSQL, Redis and RabbitMQ processes,
# the whole app through the AppHost). Installs what the tests need (Debian/Ubuntu), builds, then tests.
# Ends with one line: "N passed, N failed". Extra arguments go to dotnet test (e.g. --filter Name~Manifest).
set -euo pipefail
cd "$(dirname "$0")"
source eng/prerequisites.sh

require_dotnet
require_node
require_servers
# The browser tests drive Debian's chromium (Playwright cannot download its own browsers here).
install_debian_packages chromium
prepare_build

results="$(pwd)/TestResults"
rm -rf "$results"

echo "Building..."
dotnet build ActionsDashboard.sln -nologo -v:q -clp:ErrorsOnly

status=0
# The browser app's component and logic tests (Vitest; the build above ran npm ci).
echo "Front-end tests (Vitest)..."
mkdir -p "$results"
(cd Web/ClientApp && npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json") || status=$?

# One test project at a time: the end-to-end tests start the whole app, which wants the machine's 2 cores.
dotnet test ActionsDashboard.sln --no-build -m:1 -nologo \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m "$@" || status=$?

python3 - "$results" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
files = glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True)
for trx in files:
    counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
# Vitest's JSON report (Jest's shape).
import json, os
vitest = f"{sys.argv[1]}/vitest.json"
if os.path.exists(vitest):
    report = json.load(open(vitest))
    passed += report.get("numPassedTests", 0)
    failed += report.get("numFailedTests", 0)
    if not report.get("success", False) and report.get("numFailedTests", 0) == 0:
        failed += 1  # a suite that failed to load
# A run that failed without a failed test (a crashed or hung test host) still counts as a failure.
if int(sys.argv[2]) != 0 and failed == 0:
    failed = 1
print(f"{passed} passed, {failed} failed")
PY
exit $status

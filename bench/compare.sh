#!/usr/bin/env bash
# Issue #17's figures in one go (about 14 minutes on 2 cores): each bench appends what it measured to
# TestResults/bench-figures.jsonl (bench/Shared/Figures.cs), then one table of figure, goal and whether it is met is printed
# and written to TestResults/compare.json. Each bench's own output is kept in TestResults/bench-<name>.log.
#   bench/compare.sh [--skip gateway,dashboard,ingest,fanout,webhook,memory]
# Run it on a quiet machine: every figure shares the 2 cores with its load generator, and other work skews them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/prerequisites.sh
require_dotnet
require_node
require_servers
# The reference proxy of goal 1.
install_debian_packages nginx-light
prepare_build

skip=""
while [ $# -gt 0 ]; do
  case "$1" in
    --skip) skip="$2"; shift 2 ;;
    *) echo "Unknown argument: $1 (usage: bench/compare.sh [--skip gateway,dashboard,ingest,fanout,webhook,memory])" >&2; exit 2 ;;
  esac
done
wanted() { [[ ",$skip," != *",$1,"* ]]; }

results="$(pwd)/TestResults"
mkdir -p "$results"
export BENCH_FIGURES="$results/bench-figures.jsonl"
rm -f "$BENCH_FIGURES"

echo "Building the benches (Release)..."
for project in Gateway.Bench GitHubProxy.Bench Webhooks.Bench Realtime.Bench ActionsDashboard.Bench; do
  dotnet build "bench/$project" -c Release -nologo -v:q -clp:ErrorsOnly
done

failed=0
step() {
  local name="$1"; shift
  echo "== $name: $* (log: TestResults/bench-$name.log)"
  local started=$SECONDS
  if ! "$@" > "$results/bench-$name.log" 2>&1; then
    echo "   $name failed; the end of its log:" >&2
    tail -20 "$results/bench-$name.log" >&2
    failed=1
  fi
  echo "   $((SECONDS - started)) s"
}

if wanted gateway; then
  step gateway dotnet bench/Gateway.Bench/bin/Release/net10.0/Gateway.Bench.dll \
    --gateway-dll Gateway/bin/Release/net10.0/Gateway.dll --nginx --rounds 3 --seconds 4
fi
if wanted dashboard; then
  step dashboard dotnet bench/GitHubProxy.Bench/bin/Release/net10.0/GitHubProxy.Bench.dll --rounds history --requests 300 --rate 50 --revalidate-rate 250 \
    --gateway-dll Gateway/bin/Release/net10.0/Gateway.dll --gateway-rates 50,250,1000
fi
if wanted ingest; then
  step ingest dotnet bench/Webhooks.Bench/bin/Release/net10.0/Webhooks.Bench.dll --seconds 8
fi
if wanted fanout; then
  step fanout dotnet bench/Realtime.Bench/bin/Release/net10.0/Realtime.Bench.dll --seconds 5 --connections 10000 --ws-connections 5000
fi
if wanted webhook; then
  step webhook dotnet bench/Realtime.Bench/bin/Release/net10.0/Realtime.Bench.dll --gateway --rate 200 --seconds 10 \
    --subscribers 1000 --browser-rate 20 --browser-seconds 10
fi
if wanted memory; then
  step memory dotnet bench/ActionsDashboard.Bench/bin/Release/net10.0/ActionsDashboard.Bench.dll --memory-only
fi

python3 - "$BENCH_FIGURES" "$results/compare.json" <<'PY'
import json, os, sys, datetime
source, target = sys.argv[1], sys.argv[2]
figures = [json.loads(line) for line in open(source)] if os.path.exists(source) else []
goals = {
    "1": "gateway >= 0.9x nginx, req/s and p99",
    "2": "warm /api/dashboard p99 <= 10 ms, 20 users, 20 repos x 3,000 runs",
    "3": "webhook -> client p50 <= 10 ms, p99 <= 25 ms at 200/s with 1,000 other subscribers; -> row in chromium p50 <= 15, p99 <= 40 ms",
    "4": "one event to 10,000 /events + 5,000 /ws in <= 1 s, <= 20 KiB each",
    "5": ">= 1,500 deliveries/s, acknowledgement p99 < 50 ms",
    "6": "memory at rest, scaling 1 -> 4 instances",
}
def fmt(v):
    if v is None: return "-"
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))): return str(v)
    return f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
rows = [("goal", "figure", "value", "goal", "met")]
for f in figures:
    goal = f.get("goal")
    sign = ">=" if f.get("higher_is_better") else "<="
    met = f.get("met")
    rows.append((f["goal_id"], f["figure"], f"{fmt(f['value'])} {f['unit']}", "-" if goal is None else f"{sign} {fmt(goal)} {f['unit']}",
                 "-" if met is None else ("yes" if met else "NO")))
widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
print()
for i, r in enumerate(rows):
    print("  ".join(str(c).ljust(widths[j]) for j, c in enumerate(r)))
    if i == 0:
        print("  ".join("-" * w for w in widths))
measured = {f["goal_id"] for f in figures}
missing = [f"{g}: {goals[g]}" for g in goals if g not in measured]
if missing:
    print("\nNot measured by this run: " + "; ".join(missing))
for f in figures:
    if f.get("comparison"):
        print(f"  [{f['goal_id']}] {f['figure']}: {f['comparison']}")
json.dump({"measured_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "cores": os.cpu_count(), "load_average": os.getloadavg(), "goals": goals, "figures": figures},
          open(target, "w"), indent=2)
print(f"\nWritten to {target}")
PY
exit $failed

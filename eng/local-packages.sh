#!/usr/bin/env bash
# Generates the git-ignored local package source (.local-packages/) named in nuget.config, for the few
# dependencies the NuGet registry reachable here lacks (see ../shared/ARCHITECTURE.md):
#   - System.IO.Hashing 7.0.0 (YARP 2.1.0 depends on it): the SDK ships the assembly itself, so we pack
#     that very file (Sdks/Microsoft.NET.Sdk/tools/net10.0/System.IO.Hashing.dll).
#   - Mono.TextTemplating 3.0.0 and Microsoft.VisualStudio.SolutionPersistence 1.0.52: design-time-only
#     dependencies of Microsoft.EntityFrameworkCore.Design; empty stubs are enough for `dotnet ef
#     migrations add` (they are never loaded at run time: Design is referenced with PrivateAssets=all).
# Idempotent: re-running rewrites the same packages. Needs dotnet and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.local-packages"
mkdir -p "$out"

sdk_dir="$(dotnet --list-sdks | tail -n 1 | sed -E 's/^([^ ]+) \[(.*)\]$/\2\/\1/')"
hashing_dll="$sdk_dir/Sdks/Microsoft.NET.Sdk/tools/net10.0/System.IO.Hashing.dll"
if [ ! -f "$hashing_dll" ]; then
  hashing_dll="$(find "$sdk_dir" -name System.IO.Hashing.dll | head -n 1)"
fi
if [ -z "$hashing_dll" ] || [ ! -f "$hashing_dll" ]; then
  echo "local-packages: System.IO.Hashing.dll not found in the .NET SDK at $sdk_dir" >&2
  exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "local-packages: python3 is needed to write the packages; install it with: apt-get install -y python3" >&2
  exit 1
fi

python3 - "$out" "$hashing_dll" <<'PY'
import sys, zipfile, os
out, hashing_dll = sys.argv[1], sys.argv[2]

def nuspec(pkg_id, version, description):
    return f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>{pkg_id}</id>
    <version>{version}</version>
    <authors>ActionsDashboard (generated locally)</authors>
    <description>{description}</description>
  </metadata>
</package>
"""

content_types = """<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="nuspec" ContentType="application/octet" />
  <Default Extension="dll" ContentType="application/octet" />
  <Default Extension="txt" ContentType="application/octet" />
</Types>
"""

def write(pkg_id, version, description, files):
    path = os.path.join(out, f"{pkg_id.lower()}.{version}.nupkg")
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        # A fixed timestamp keeps the package bytes identical run to run (NuGet caches by hash).
        def add(name, data):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
        add(f"{pkg_id}.nuspec", nuspec(pkg_id, version, description))
        add("[Content_Types].xml", content_types)
        for name, data in files:
            add(name, data)
    os.replace(tmp, path)

with open(hashing_dll, "rb") as f:
    dll = f.read()
write("System.IO.Hashing", "7.0.0", "The .NET SDK's own System.IO.Hashing assembly, packed for YARP.",
      [("lib/net8.0/System.IO.Hashing.dll", dll)])
write("Mono.TextTemplating", "3.0.0", "Empty design-time stub for Microsoft.EntityFrameworkCore.Design.",
      [("lib/netstandard2.0/_._", b"")])
write("Microsoft.VisualStudio.SolutionPersistence", "1.0.52",
      "Empty design-time stub for Microsoft.EntityFrameworkCore.Design.",
      [("lib/netstandard2.0/_._", b"")])
PY
echo "local-packages: wrote $(ls "$out" | wc -l) packages to $out"

#!/usr/bin/env bash
# Generates the git-ignored local package source (.local-packages/) named in nuget.config, for the few
# dependencies the NuGet registry reachable here lacks (see ../shared/ARCHITECTURE.md):
#   - Mono.TextTemplating 3.0.0 and Microsoft.VisualStudio.SolutionPersistence 1.0.52: design-time-only
#     dependencies of Microsoft.EntityFrameworkCore.Design; empty stubs are enough for `dotnet ef
#     migrations add` (they are never loaded at run time: Design is referenced with PrivateAssets=all).
# Idempotent: re-running rewrites the same packages. Needs dotnet and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.local-packages"
mkdir -p "$out"

if ! command -v python3 >/dev/null 2>&1; then
  echo "local-packages: python3 is needed to write the packages; install it with: apt-get install -y python3" >&2
  exit 1
fi

python3 - "$out" <<'PY'
import sys, zipfile, os
out = sys.argv[1]

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

write("Mono.TextTemplating", "3.0.0", "Empty design-time stub for Microsoft.EntityFrameworkCore.Design.",
      [("lib/netstandard2.0/_._", b"")])
write("Microsoft.VisualStudio.SolutionPersistence", "1.0.52",
      "Empty design-time stub for Microsoft.EntityFrameworkCore.Design.",
      [("lib/netstandard2.0/_._", b"")])
PY
echo "local-packages: wrote $(ls "$out" | wc -l) packages to $out"

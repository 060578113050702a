#!/usr/bin/env bash
# Shared by ./run.sh and ./test.sh: makes sure this Debian/Ubuntu machine has what the app needs, installing
# missing Debian packages when it can (as root, or through sudo), and saying exactly what to do otherwise.
# Source it; it defines functions only.

_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

_apt_updated=0
# install_debian_packages PKG... : installs the packages that are not installed yet.
install_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: ${missing[*]}. This script installs them on Debian or Ubuntu only; install them with your package manager." >&2
    return 1
  fi
  echo "Installing ${missing[*]} (Debian packages)..."
  if [ $_apt_updated = 0 ]; then
    _as_root apt-get update -qq || { echo "Could not run apt-get update. Run as root or with sudo: apt-get install -y ${missing[*]}" >&2; return 1; }
    _apt_updated=1
  fi
  # Servers must not start on install: the AppHost runs its own instances on its own ports.
  if ! _as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    echo "Could not install ${missing[*]}. Install them yourself: sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
}

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    # Ubuntu ships the SDK in its own archive; on Debian it comes from Microsoft's package feed.
    install_debian_packages dotnet-sdk-10.0 2>/dev/null || true
  fi
  if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks | grep -q '^10\.'; then
    echo "The .NET 10 SDK is required: https://learn.microsoft.com/dotnet/core/install/linux-debian (then re-run)." >&2
    return 1
  fi
}

require_node() {
  if ! command -v npm >/dev/null 2>&1; then
    install_debian_packages nodejs npm || true
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    echo "Node.js 20 or newer (with npm) is required to build the browser app; found: $(node --version 2>/dev/null || echo none). https://nodejs.org/en/download/package-manager" >&2
    return 1
  fi
}

# The servers the AppHost runs locally, and what it needs to run PostgreSQL as its own user.
require_servers() {
  install_debian_packages postgresql redis-server rabbitmq-server util-linux python3
}

# True when the AppHost will run the servers as containers: AppHost:Servers (environment or the AppHost's
# arguments, passed here) says so, or, unset, Docker or Podman answers (the docker client alone does not).
container_runtime_answers() {
  local servers="${AppHost__Servers:-}"
  for arg in "$@"; do
    case "$arg" in --AppHost:Servers=*) servers="${arg#*=}" ;; esac
  done
  case "$servers" in
    [Cc]ontainers) return 0 ;;
    [Pp]rocesses|[Ee]xisting) return 1 ;;
  esac
  for runtime in docker podman; do
    if command -v "$runtime" >/dev/null 2>&1 && timeout 5 "$runtime" info >/dev/null 2>&1; then
      return 0
    fi
  done
  return 1
}

# What the build needs before restore. Nothing today: every package, YARP's System.IO.Hashing and the
# design-time dependencies of Microsoft.EntityFrameworkCore.Design included, now comes from the registry.
# Kept as the one place for such a step, since every script calls it.
prepare_build() {
  :
}

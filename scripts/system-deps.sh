#!/usr/bin/env bash
# Install the Debian packages the tests use, only when one is missing.
set -euo pipefail
needed=(hunspell hunspell-de-de poppler-utils chromium fonts-dejavu-core libharfbuzz-subset0)
missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Java runs the Nu Html Checker; npm installs it. Checked as commands: either may come from elsewhere.
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

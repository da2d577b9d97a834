#!/usr/bin/env bash
# The one test command (`npm test`): installs what the tests need when it is
# missing, then runs the typecheck, the linter, the build and every test.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
command -v prometheus >/dev/null 2>&1 || need_apt+=(prometheus)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v git >/dev/null 2>&1 || need_apt+=(git)
[ -x /usr/bin/tini ] || need_apt+=(tini)  # the image's init; test/deploy runs the ENTRYPOINT with it
# --web.config.file tests: certificates, bcrypt hashes (htpasswd -B) and requests as users make them;
# the image check's registries use openssl and htpasswd -B too
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v htpasswd >/dev/null 2>&1 || need_apt+=(apache2-utils)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v docker-registry >/dev/null 2>&1 || need_apt+=(docker-registry)  # the image check's tests run real registries (never the system service)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)  # compare-images' JSON is checked against Python's json.dumps, as weaveworks' tool printed it
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test: installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need_apt[@]}" | sort -u) >/dev/null
fi
command -v kubectl >/dev/null 2>&1 || { echo "test: kubectl is required and not installed" >&2; exit 1; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "test: installing npm packages"
  npm ci --no-fund --no-audit
fi

echo "test: typecheck"; npx tsc -p tsconfig.json --noEmit
echo "test: lint"; npx eslint .
echo "test: build"; npm run build --silent
echo "test: tests"; node scripts/run-tests.mjs "$@"

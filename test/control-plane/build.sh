#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go modules pinned in go.mod into a
# per-machine cache outside the clone, keyed by version. Idempotent: a second
# run with the binaries present does nothing. Prints the cache directory.
#
#   SWITCHBOARD_CONTROL_PLANE_CACHE  overrides ~/.cache/switchboard/control-plane
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

dir="$(control_plane_dir)"
if [[ -x "$dir/kube-apiserver" && -x "$dir/etcd" ]]; then
  echo "$dir"
  exit 0
fi

command -v go >/dev/null || { echo "build.sh: go is not installed (need Go >= 1.26)" >&2; exit 1; }
mkdir -p "$dir"
tmp="$(mktemp -d "$dir/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

cd "$here"
for pin in "k8s.io/kubernetes $KUBERNETES_VERSION" "go.etcd.io/etcd/server/v3 $ETCD_VERSION"; do
  grep -q "^	$pin\$" go.mod || { echo "build.sh: go.mod does not pin $pin (versions.sh)" >&2; exit 1; }
done
export GOFLAGS="${GOFLAGS:-} -mod=readonly -trimpath"
export CGO_ENABLED=0
pkg=k8s.io/component-base/version
minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
ldflags="-s -w -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"

echo "build.sh: building etcd $ETCD_VERSION into $dir" >&2
nice -n 10 go build -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3
echo "build.sh: building kube-apiserver $KUBERNETES_VERSION into $dir (several minutes)" >&2
nice -n 10 go build -ldflags "$ldflags" -o "$tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver

# Rename into place last, so an interrupted build never leaves a half binary.
mv "$tmp/etcd" "$dir/etcd"
mv "$tmp/kube-apiserver" "$dir/kube-apiserver"
echo "$dir"

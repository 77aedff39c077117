# Versions of the test control plane, as pinned in go.mod (build.sh refuses to run when they differ).
# build.sh sources this file; services/operator/src/testing/control-plane.ts reads it for the cache path.
KUBERNETES_VERSION=v1.36.3
ETCD_VERSION=v3.6.8

# The cache directory for these versions.
control_plane_dir() {
  local root="${SWITCHBOARD_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard/control-plane}"
  echo "$root/kubernetes-$KUBERNETES_VERSION-etcd-$ETCD_VERSION"
}

# Versions of the test control plane; they must match go.mod.
# Sourced by build.sh; the tests read the same cache path (see src/paths.ts).
KUBERNETES_VERSION=v1.36.3
ETCD_VERSION=v3.6.8

# The cache directory for these versions.
control_plane_dir() {
  local root="${SWITCHBOARD_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard/control-plane}"
  echo "$root/kubernetes-$KUBERNETES_VERSION-etcd-$ETCD_VERSION"
}

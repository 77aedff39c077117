//go:build tools

// Package controlplane pins the two binaries the Kubernetes integration tests
// run: kube-apiserver and etcd. build.sh compiles them into a per-version cache.
package controlplane

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
)

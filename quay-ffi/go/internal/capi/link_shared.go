//go:build quay_shared

package capi

// With the build tag quay_shared, libquay is linked as the shared library libquay.so
// (pkg-config's quay).

// #cgo pkg-config: quay
import "C"

//go:build !quay_shared

package capi

// By default libquay is linked statically (pkg-config's quay-static: libquay.a by its path), so
// that a Go binary carries it and needs no libquay.so at run time.

// #cgo pkg-config: quay-static
import "C"

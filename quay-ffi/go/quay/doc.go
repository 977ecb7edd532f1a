// Package quay is the Go client of the Quay container registry API (Red Hat Quay, self-hosted
// Quay, quay.io): one method per operation of the SDK's spec, each taking a context.Context and
// a typed parameter struct and returning a typed result, iterators (iter.Seq2) over every page
// of paged lists, and errors as *APIError values that errors.Is matches against the stable
// codes (ErrNotFound, ErrAlreadyExists, ErrInvalidInput, ...).
//
// The package calls libquay, the SDK's Rust core, through cgo: arguments are checked against
// the spec before anything is sent (names, digests, enums, unknown body keys), and failed
// requests are retried with backoff. By default libquay is linked statically (pkg-config
// module quay-static); the build tag quay_shared links libquay.so (module quay) instead.
//
// The operation methods, the types and the error sentinels are generated from the spec by
// `cargo xtask generate`; package quaytest starts the SDK's fake Quay for tests.
package quay

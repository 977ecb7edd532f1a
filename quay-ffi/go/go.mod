module github.com/quay-sdk/quay-sdk/quay-ffi/go

go 1.24

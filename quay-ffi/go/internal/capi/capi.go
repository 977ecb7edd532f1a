// Package capi is the only cgo package of the module: thin Go wrappers over libquay's C API
// (quay.h), shared by package quay and package quaytest. It owns every pointer libquay hands
// out and frees each exactly once.
package capi

/*
#include <stdlib.h>
#include <string.h>
#include <quay.h>
*/
import "C"

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// Error is a libquay error object, copied into Go memory.
type Error struct {
	// Code is the stable dotted code (api.not_found, invalid_input, cancelled, ...).
	Code string
	// Message names the call and says what went wrong; never the token.
	Message string
	// Status is the HTTP status Quay answered with, or 0.
	Status int
	// Type is Quay's error type (insufficient_scope, ...), or "".
	Type string
	// Operation is the operationId of the failed call, or "".
	Operation string
}

// take copies a libquay error into Go memory and frees it.
func take(err *C.QuayError) *Error {
	if err == nil {
		return &Error{Code: "internal", Message: "libquay failed without an error object"}
	}
	defer C.quay_error_free(err)
	return &Error{
		Code:      goString(C.quay_error_code(err)),
		Message:   goString(C.quay_error_message(err)),
		Status:    int(C.quay_error_status(err)),
		Type:      goString(C.quay_error_type(err)),
		Operation: goString(C.quay_error_operation(err)),
	}
}

func goString(s *C.char) string {
	if s == nil {
		return ""
	}
	return C.GoString(s)
}

// takeString copies a string libquay handed over and frees it.
func takeString(s *C.char) []byte {
	if s == nil {
		return nil
	}
	defer C.quay_string_free(s)
	return C.GoBytes(unsafe.Pointer(s), C.int(C.strlen(s)))
}

// cString is a C copy of s, to be freed with C.free.
func cString(s string) *C.char {
	return C.CString(s)
}

// noNUL refuses a name that a C string would cut short at an embedded NUL byte.
func noNUL(call, name, value string) *Error {
	if strings.IndexByte(value, 0) >= 0 {
		return &Error{Code: "invalid_input", Message: fmt.Sprintf("%s: invalid input: `%s` must not contain a NUL byte, got %q", call, name, value)}
	}
	return nil
}

// cDocument is a C copy of a JSON document, to be freed with C.free; a document with a NUL
// byte is refused without showing it (it may hold a token or a password).
func cDocument(call, name string, doc []byte) (*C.char, *Error) {
	if bytes.IndexByte(doc, 0) >= 0 {
		return nil, &Error{Code: "invalid_input", Message: fmt.Sprintf("%s: invalid input: `%s` must not contain a NUL byte (its text is not shown: it may hold a secret)", call, name)}
	}
	p := C.malloc(C.size_t(len(doc) + 1))
	buf := unsafe.Slice((*byte)(p), len(doc)+1)
	copy(buf, doc)
	buf[len(doc)] = 0
	return (*C.char)(p), nil
}

// Client is a libquay client.
type Client struct {
	p *C.QuayClient
}

// NewClient makes a client from a JSON configuration.
func NewClient(config []byte) (*Client, *Error) {
	cfg, e := cDocument("configuration", "config", config)
	if e != nil {
		return nil, e
	}
	defer C.free(unsafe.Pointer(cfg))
	var err *C.QuayError
	p := C.quay_client_new(cfg, &err)
	if p == nil {
		return nil, take(err)
	}
	return &Client{p: p}, nil
}

// Free frees the client; no call may be in flight.
func (c *Client) Free() {
	C.quay_client_free(c.p)
	c.p = nil
}

// Call calls an operation with JSON arguments, cancelled by token (may be nil).
func (c *Client) Call(operation string, args []byte, token *Token) ([]byte, *Error) {
	if err := noNUL("call", "operation", operation); err != nil {
		return nil, err
	}
	a, e := cDocument(operation, "args", args)
	if e != nil {
		return nil, e
	}
	defer C.free(unsafe.Pointer(a))
	op := cString(operation)
	defer C.free(unsafe.Pointer(op))
	var result *C.char
	var err *C.QuayError
	if C.quay_call_cancellable(c.p, op, a, token.ptr(), &result, &err) != 0 {
		return nil, take(err)
	}
	return takeString(result), nil
}

// Pager is a libquay pager; it outlives its client.
type Pager struct {
	p *C.QuayPager
}

// Paginate makes a pager over a paged operation's items.
func (c *Client) Paginate(operation string, args []byte) (*Pager, *Error) {
	if err := noNUL("paginate", "operation", operation); err != nil {
		return nil, err
	}
	a, e := cDocument(operation, "args", args)
	if e != nil {
		return nil, e
	}
	defer C.free(unsafe.Pointer(a))
	op := cString(operation)
	defer C.free(unsafe.Pointer(op))
	var err *C.QuayError
	p := C.quay_paginate(c.p, op, a, &err)
	if p == nil {
		return nil, take(err)
	}
	return &Pager{p: p}, nil
}

// Next is the next item's JSON, or nil after the last one; token (may be nil) cancels the wait.
func (p *Pager) Next(token *Token) ([]byte, *Error) {
	var item *C.char
	var err *C.QuayError
	switch C.quay_pager_next_cancellable(p.p, token.ptr(), &item, &err) {
	case 1:
		return takeString(item), nil
	case 0:
		return nil, nil
	default:
		return nil, take(err)
	}
}

// Free frees the pager; no Next may be in flight.
func (p *Pager) Free() {
	C.quay_pager_free(p.p)
	p.p = nil
}

// Token is a cancel token. Cancel and Free may race (a context's AfterFunc against the end of
// the call): the mutex makes a Cancel after Free a no-op rather than a use after free.
type Token struct {
	mu sync.Mutex
	p  *C.QuayCancelToken
}

// NewToken makes a cancel token.
func NewToken() *Token {
	return &Token{p: C.quay_cancel_token_new()}
}

func (t *Token) ptr() *C.QuayCancelToken {
	if t == nil {
		return nil
	}
	return t.p
}

// Cancel cancels every call given the token; a no-op once freed.
func (t *Token) Cancel() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.p != nil {
		C.quay_cancel_token_cancel(t.p)
	}
}

// Free frees the token; no call using it may be in flight.
func (t *Token) Free() {
	t.mu.Lock()
	defer t.mu.Unlock()
	C.quay_cancel_token_free(t.p)
	t.p = nil
}

// Operations is the operation table as JSON.
func Operations() []byte {
	return takeString(C.quay_operations_json())
}

// Version is libquay's version.
func Version() string {
	return goString(C.quay_version())
}

// Fake is a running fake Quay.
type Fake struct {
	p *C.QuayFake
	// URL is its base URL.
	URL string
	// Token is its superuser's token.
	Token string
}

// StartFake starts a fake Quay with JSON options.
func StartFake(options []byte) (*Fake, *Error) {
	o, e := cDocument("fake", "options", options)
	if e != nil {
		return nil, e
	}
	defer C.free(unsafe.Pointer(o))
	var err *C.QuayError
	p := C.quay_fake_start(o, &err)
	if p == nil {
		return nil, take(err)
	}
	return &Fake{p: p, URL: goString(C.quay_fake_url(p)), Token: goString(C.quay_fake_superuser_token(p))}, nil
}

// PushTags pushes one manifest into namespace/repository and points count tags prefix{i} at it.
func (f *Fake) PushTags(namespace, repository string, count int, prefix string) (string, *Error) {
	for _, arg := range [][2]string{{"namespace", namespace}, {"repository", repository}, {"prefix", prefix}} {
		if err := noNUL("pushTags", arg[0], arg[1]); err != nil {
			return "", err
		}
	}
	if count < 0 {
		return "", &Error{Code: "invalid_input", Message: fmt.Sprintf("pushTags: invalid input: `count` must be >= 0, got %d", count)}
	}
	ns, repo, pre := cString(namespace), cString(repository), cString(prefix)
	defer C.free(unsafe.Pointer(ns))
	defer C.free(unsafe.Pointer(repo))
	defer C.free(unsafe.Pointer(pre))
	var err *C.QuayError
	digest := C.quay_fake_push_tags(f.p, ns, repo, C.size_t(count), pre, &err)
	if digest == nil {
		return "", take(err)
	}
	return string(takeString(digest)), nil
}

// Stop stops the fake and frees it.
func (f *Fake) Stop() {
	C.quay_fake_stop(f.p)
	f.p = nil
	runtime.KeepAlive(f)
}

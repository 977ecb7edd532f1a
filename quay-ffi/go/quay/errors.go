package quay

import (
	"context"
	"errors"
)

// ErrorCode is one of the SDK's stable error codes (the same in every language). The sentinels
// ErrNotFound, ErrInvalidInput, ... are ErrorCodes: errors.Is(err, quay.ErrNotFound) holds for
// an error of that code or of a code under it (ErrForbidden matches api.insufficient_scope).
type ErrorCode struct {
	code   string
	parent *ErrorCode
}

// Code is the dotted code, e.g. "api.not_found".
func (c *ErrorCode) Code() string {
	return c.code
}

// Parent is the code this one refines (ErrAPI for ErrNotFound), or nil.
func (c *ErrorCode) Parent() *ErrorCode {
	return c.parent
}

// Error makes the sentinel an error value of its own.
func (c *ErrorCode) Error() string {
	return "quay: " + c.code
}

// APIError is every error the package returns: an error answer of Quay (Status is its HTTP
// status) or a failure before or instead of one (Status 0: invalid input refused before
// sending, transport, timeout, cancellation, a closed client). Its message names the call and
// never holds the token.
type APIError struct {
	// Code is the stable dotted code (api.not_found, invalid_input, cancelled, ...).
	Code string
	// Status is the HTTP status Quay answered with, or 0 when it did not answer.
	Status int
	// Type is Quay's error type (insufficient_scope, ...) when it sent one.
	Type string
	// Operation is the operationId of the failed call, when a call was made.
	Operation string
	// Message is the whole message.
	Message string
	// cause is the context's error for a call its context cancelled.
	cause error
}

// Error is the message.
func (e *APIError) Error() string {
	return e.Message
}

// Is matches the error's code and every code above it, and the context error that cancelled
// the call (context.Canceled or context.DeadlineExceeded).
func (e *APIError) Is(target error) bool {
	code, ok := target.(*ErrorCode)
	if !ok {
		return false
	}
	for c := errorCodes[e.Code]; c != nil; c = c.parent {
		if c == code {
			return true
		}
	}
	return false
}

// Unwrap is the context error of a call its context cancelled, else nil.
func (e *APIError) Unwrap() error {
	return e.cause
}

// ErrorCode is the error's code as a sentinel (nil for a code this version does not know).
func (e *APIError) ErrorCode() *ErrorCode {
	return errorCodes[e.Code]
}

// cancelledBy is the error of a call that ctx ended.
func cancelledBy(ctx context.Context, operation string, e *APIError) *APIError {
	if e == nil {
		e = &APIError{Code: ErrCancelled.code, Operation: operation, Message: operation + ": the call was cancelled"}
	}
	cause := context.Cause(ctx)
	if cause == nil {
		cause = ctx.Err()
	}
	e.cause = cause
	if errors.Is(cause, context.DeadlineExceeded) {
		e.Message += " (its context's deadline passed)"
	} else {
		e.Message += " (its context was cancelled)"
	}
	return e
}

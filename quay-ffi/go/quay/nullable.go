package quay

import (
	"bytes"
	"encoding/json"
)

// Nullable is a value that Quay may send or take as null, and that may also be absent: the
// zero Nullable is absent (omitted from a request body), Null[T]() is an explicit null (to
// clear a value, such as a tag's expiration), and Value(v) is v.
type Nullable[T any] struct {
	value T
	state uint8 // 0 absent, 1 null, 2 a value
}

// Value is a Nullable holding v.
func Value[T any](v T) Nullable[T] {
	return Nullable[T]{value: v, state: 2}
}

// Null is an explicit null.
func Null[T any]() Nullable[T] {
	return Nullable[T]{state: 1}
}

// Get is the value and true when there is one.
func (n Nullable[T]) Get() (T, bool) {
	return n.value, n.state == 2
}

// IsNull tells whether the value is an explicit null.
func (n Nullable[T]) IsNull() bool {
	return n.state == 1
}

// IsZero tells whether the value is absent (so that `omitzero` leaves it out).
func (n Nullable[T]) IsZero() bool {
	return n.state == 0
}

// MarshalJSON writes the value, or null.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != 2 {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON reads a value or null.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		var zero T
		n.value, n.state = zero, 1
		return nil
	}
	if err := json.Unmarshal(data, &n.value); err != nil {
		return err
	}
	n.state = 2
	return nil
}

// Ptr is a pointer to v, for the optional fields of parameters and bodies:
// quay.NewOrg{Name: "acme", Email: quay.Ptr("acme@example.com")}.
func Ptr[T any](v T) *T {
	return &v
}

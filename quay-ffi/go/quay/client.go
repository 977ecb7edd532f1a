package quay

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"runtime"
	"sync"
	"time"

	"github.com/quay-sdk/quay-sdk/quay-ffi/go/internal/capi"
)

// Config configures a client. Every field is optional; the zero Config with FromEnv set reads
// QUAY_REGISTRY, QUAY_TOKEN and QUAY_CA_BUNDLE. Printing a Config never shows the token.
type Config struct {
	// Registry is a host (https is assumed) or a URL; a trailing /api/v1 is ignored.
	Registry string
	// Token is the OAuth bearer token.
	Token string
	// TokenKind says what Token is: "oauth" (an OAuth token, the default when empty) or "app"
	// (an app-specific token). Registry (/v2) operations such as GetReferrers exchange it at
	// /v2/auth for a registry token, as the password of $oauthtoken or $app.
	TokenKind string
	// CABundle is a PEM file of extra trusted certificates, on top of the system's.
	CABundle string
	// InsecureSkipVerify turns TLS verification off (test registries only).
	InsecureSkipVerify bool
	// Timeout bounds a whole request (60 s when zero).
	Timeout time.Duration
	// ConnectTimeout bounds connecting (10 s when zero).
	ConnectTimeout time.Duration
	// Retries is the number of retries after a failed attempt: 0 keeps the default policy
	// (3 retries with backoff), a negative number turns retrying off.
	Retries int
	// UserAgent is the User-Agent header.
	UserAgent string
	// FromEnv fills what is not given from the SDK's environment variables.
	FromEnv bool
}

// String shows the configuration with the token redacted.
func (c Config) String() string {
	token := ""
	if c.Token != "" {
		token = "<redacted>"
	}
	return fmt.Sprintf("quay.Config{Registry:%q Token:%q TokenKind:%q CABundle:%q InsecureSkipVerify:%t Timeout:%s ConnectTimeout:%s Retries:%d UserAgent:%q FromEnv:%t}",
		c.Registry, token, c.TokenKind, c.CABundle, c.InsecureSkipVerify, c.Timeout, c.ConnectTimeout, c.Retries, c.UserAgent, c.FromEnv)
}

// GoString is String, for %#v.
func (c Config) GoString() string {
	return c.String()
}

// json is the configuration in libquay's JSON form.
func (c Config) json() ([]byte, error) {
	m := map[string]any{}
	put := func(key, value string) {
		if value != "" {
			m[key] = value
		}
	}
	put("registry", c.Registry)
	put("token", c.Token)
	put("token_kind", c.TokenKind)
	put("ca_bundle", c.CABundle)
	put("user_agent", c.UserAgent)
	if c.InsecureSkipVerify {
		m["verify_tls"] = false
	}
	for key, d := range map[string]time.Duration{"timeout": c.Timeout, "connect_timeout": c.ConnectTimeout} {
		if d < 0 {
			return nil, &APIError{Code: ErrInvalidInput.code, Message: fmt.Sprintf("configuration: invalid input: `%s` must be > 0, got %s", key, d)}
		}
		if d > 0 {
			m[key] = d.Seconds()
		}
	}
	if c.Retries < 0 {
		m["retries"] = 0
	} else if c.Retries > 0 {
		m["retries"] = c.Retries
	}
	if c.FromEnv {
		m["from_env"] = true
	}
	return json.Marshal(m)
}

// Client is a Quay client. It is safe for concurrent use by many goroutines; Close frees it.
type Client struct {
	mu      sync.RWMutex
	c       *capi.Client
	cleanup runtime.Cleanup
}

// NewClient makes a client. A bad configuration (an unreadable CA bundle, a bad registry URL)
// is an *APIError with the code invalid_input.
func NewClient(config Config) (*Client, error) {
	doc, err := config.json()
	if err != nil {
		return nil, err
	}
	c, e := capi.NewClient(doc)
	if e != nil {
		return nil, fromC(e)
	}
	client := &Client{c: c}
	// A client dropped without Close still frees libquay's side.
	client.cleanup = runtime.AddCleanup(client, func(c *capi.Client) { c.Free() }, c)
	return client, nil
}

// NewClientFromEnv makes a client from QUAY_REGISTRY, QUAY_TOKEN and QUAY_CA_BUNDLE (or the
// curl guide's quay_registry and bearer_token).
func NewClientFromEnv() (*Client, error) {
	return NewClient(Config{FromEnv: true})
}

// Close frees the client, after the calls in flight end; later calls fail with ErrClosed.
// Iterators already started go on. Closing twice is harmless.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c != nil {
		c.cleanup.Stop()
		c.c.Free()
		c.c = nil
	}
	return nil
}

// Call calls any operation by its operationId (createOrgRobot) with its arguments: anything
// encoding/json turns into an object (a map, a struct, a json.RawMessage) with the path and
// query parameters and the body fields by their spec names, or the whole body under "body";
// nil for none. The result is Quay's JSON as sent (null for no content).
func (c *Client) Call(ctx context.Context, operation string, args any) (json.RawMessage, error) {
	doc, err := arguments(operation, args)
	if err != nil {
		return nil, err
	}
	return c.raw(ctx, operation, doc)
}

// Paginate iterates lazily over the items of any paged operation (listRepoTags, ...), as Call
// takes its arguments.
func (c *Client) Paginate(ctx context.Context, operation string, args any) iter.Seq2[json.RawMessage, error] {
	return paginate[json.RawMessage](ctx, c, operation, args)
}

// Operations is the operation table as JSON: every operation's id, method, path, chapter,
// summary, parameters, body fields and paging.
func Operations() json.RawMessage {
	return capi.Operations()
}

// Version is libquay's version.
func Version() string {
	return capi.Version()
}

// arguments is the JSON of a call's arguments.
func arguments(operation string, args any) ([]byte, error) {
	if args == nil {
		return []byte("null"), nil
	}
	doc, err := json.Marshal(args)
	if err != nil {
		return nil, &APIError{Code: ErrInvalidInput.code, Operation: operation, Message: fmt.Sprintf("%s: invalid input: the arguments cannot be JSON: %v", operation, err)}
	}
	return doc, nil
}

// invoke calls an operation and decodes its result into out (nil: no content).
func (c *Client) invoke(ctx context.Context, operation string, params any, out any) error {
	doc, err := arguments(operation, params)
	if err != nil {
		return err
	}
	raw, err := c.raw(ctx, operation, doc)
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return decodeError(operation, raw, err)
	}
	return nil
}

// raw sends one call, cancelled when ctx ends.
func (c *Client) raw(ctx context.Context, operation string, args []byte) ([]byte, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if ctx.Err() != nil {
		return nil, cancelledBy(ctx, operation, nil)
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.c == nil {
		return nil, &APIError{Code: ErrClosed.code, Operation: operation, Message: operation + ": the client is closed"}
	}
	var token *capi.Token
	if ctx.Done() != nil {
		token = capi.NewToken()
		defer token.Free()
		stop := context.AfterFunc(ctx, token.Cancel)
		defer stop()
	}
	out, e := c.c.Call(operation, args, token)
	if e != nil {
		return nil, fromContext(ctx, operation, e)
	}
	return out, nil
}

// paginate iterates over a paged operation's items, decoded as T.
func paginate[T any](ctx context.Context, c *Client, operation string, params any) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if ctx == nil {
			ctx = context.Background()
		}
		pager, err := c.pager(operation, params)
		if err != nil {
			yield(zero, err)
			return
		}
		defer pager.Free()
		var token *capi.Token
		if ctx.Done() != nil {
			token = capi.NewToken()
			defer token.Free()
			stop := context.AfterFunc(ctx, token.Cancel)
			defer stop()
		}
		for {
			if ctx.Err() != nil {
				yield(zero, cancelledBy(ctx, operation, nil))
				return
			}
			raw, e := pager.Next(token)
			if e != nil {
				yield(zero, fromContext(ctx, operation, e))
				return
			}
			if raw == nil {
				return
			}
			var item T
			if err := json.Unmarshal(raw, &item); err != nil {
				yield(zero, decodeError(operation, raw, err))
				return
			}
			if !yield(item, nil) {
				return
			}
		}
	}
}

// pager makes libquay's pager, checking every argument.
func (c *Client) pager(operation string, params any) (*capi.Pager, error) {
	doc, err := arguments(operation, params)
	if err != nil {
		return nil, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.c == nil {
		return nil, &APIError{Code: ErrClosed.code, Operation: operation, Message: operation + ": the client is closed"}
	}
	p, e := c.c.Paginate(operation, doc)
	if e != nil {
		return nil, fromC(e)
	}
	return p, nil
}

// fromC is libquay's error as an *APIError.
func fromC(e *capi.Error) *APIError {
	return &APIError{Code: e.Code, Status: e.Status, Type: e.Type, Operation: e.Operation, Message: e.Message}
}

// fromContext is libquay's error, tied to ctx's error when ctx cancelled the call.
func fromContext(ctx context.Context, operation string, e *capi.Error) *APIError {
	err := fromC(e)
	if err.Code == ErrCancelled.code && ctx.Err() != nil {
		return cancelledBy(ctx, operation, err)
	}
	return err
}

// decodeError is the error of a result that does not decode into its Go type.
func decodeError(operation string, raw []byte, err error) *APIError {
	excerpt := string(raw)
	if len(excerpt) > 200 {
		excerpt = excerpt[:200] + "..."
	}
	return &APIError{Code: ErrDecode.code, Operation: operation, Message: fmt.Sprintf("%s: Quay's answer does not decode: %v; the body began: %s", operation, err, excerpt)}
}

// Package quaytest starts the SDK's fake Quay (an in-memory Quay with Quay's real status codes,
// error bodies, paging and scopes) on 127.0.0.1 for tests, as net/http/httptest starts an HTTP
// server:
//
//	func TestMine(t *testing.T) {
//		srv := quaytest.NewServer(t)
//		client := srv.Client(t)
//		...
//	}
package quaytest

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/quay-sdk/quay-sdk/quay-ffi/go/internal/capi"
	"github.com/quay-sdk/quay-sdk/quay-ffi/go/quay"
)

// Options configure a fake Quay.
type Options struct {
	// AllFeatures turns every feature switch on (immutable tags, quota management, ...);
	// Quay's defaults otherwise.
	AllFeatures bool
	// SuperuserToken fixes the superuser's token (a random one otherwise).
	SuperuserToken string
	// Port fixes the port (a free one otherwise).
	Port int
}

// Server is a running fake Quay.
type Server struct {
	// URL is the base URL (http://127.0.0.1:PORT), for quay.Config.Registry.
	URL string
	// Token is the token of the fake's superuser (every scope), for quay.Config.Token.
	Token string

	mu   sync.Mutex
	fake *capi.Fake
}

// Start starts a fake Quay; stop it with Close.
func Start(options Options) (*Server, error) {
	if options.Port < 0 || options.Port > 65535 {
		return nil, fmt.Errorf("quaytest: invalid input: Port must be 0..65535, got %d", options.Port)
	}
	o := map[string]any{"all_features": options.AllFeatures, "port": options.Port}
	if options.SuperuserToken != "" {
		o["superuser_token"] = options.SuperuserToken
	}
	doc, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	fake, e := capi.StartFake(doc)
	if e != nil {
		return nil, fmt.Errorf("quaytest: the fake Quay did not start: %s", e.Message)
	}
	return &Server{URL: fake.URL, Token: fake.Token, fake: fake}, nil
}

// NewServer starts a fake Quay that stops when the test ends; it fails the test if the fake
// cannot start.
func NewServer(tb testing.TB, options ...Options) *Server {
	tb.Helper()
	var o Options
	if len(options) > 0 {
		o = options[0]
	}
	srv, err := Start(o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(srv.Close)
	return srv
}

// Config is a client configuration for the fake, as its superuser, without retries.
func (s *Server) Config() quay.Config {
	return quay.Config{Registry: s.URL, Token: s.Token, Retries: -1}
}

// Client is a client of the fake as its superuser, closed when the test ends.
func (s *Server) Client(tb testing.TB) *quay.Client {
	tb.Helper()
	client, err := quay.NewClient(s.Config())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = client.Close() })
	return client
}

// PushTags pushes one manifest into namespace/repository (created if missing; the namespace
// must exist) and points count new tags prefix0, prefix1, ... at it, as a docker push would.
// It returns the manifest's sha256 digest.
func (s *Server) PushTags(namespace, repository string, count int, prefix string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fake == nil {
		return "", fmt.Errorf("quaytest: PushTags: the fake Quay is stopped")
	}
	digest, e := s.fake.PushTags(namespace, repository, count, prefix)
	if e != nil {
		return "", fmt.Errorf("quaytest: PushTags: %s", e.Message)
	}
	return digest, nil
}

// Close stops the fake; closing twice is harmless.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fake != nil {
		s.fake.Stop()
		s.fake = nil
	}
}

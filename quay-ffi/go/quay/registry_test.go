package quay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/quay-sdk/quay-sdk/quay-ffi/go/quay"
	"github.com/quay-sdk/quay-sdk/quay-ffi/go/quaytest"
)

// control calls the fake's control API (POST /__fake/<path>) and decodes its answer.
func control(t *testing.T, srv *quaytest.Server, path string, body map[string]any) map[string]any {
	t.Helper()
	data, _ := json.Marshal(body)
	resp, err := http.Post(srv.URL+"/__fake/"+path, "application/json", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /__fake/%s: %d %v %v", path, resp.StatusCode, out, err)
	}
	return out
}

// Registry (/v2) operations log in with the token's kind: an app-specific token's code works as
// TokenKind "app", is refused as an OAuth token (registry_auth), and an unknown kind is refused
// when the client is made.
func TestRegistryTokenKind(t *testing.T) {
	srv := quaytest.NewServer(t, quaytest.Options{AllFeatures: true})
	c := srv.Client(t)
	ctx := context.Background()
	if _, err := c.CreateOrganization(ctx, quay.CreateOrganizationParams{Body: quay.NewOrg{Name: "acme", Email: quay.Ptr("acme@example.com")}}); err != nil {
		t.Fatal(err)
	}
	image := control(t, srv, "manifests", map[string]any{"namespace": "acme", "repository": "web", "tag": "latest"})["digest"].(string)
	control(t, srv, "referrers", map[string]any{"namespace": "acme", "repository": "web", "subject": image, "artifact_type": "application/vnd.example.sbom"})
	created, err := c.CreateAppToken(ctx, quay.CreateAppTokenParams{Body: quay.NewAppToken{Title: "ci"}})
	if err != nil || created.Token.TokenCode == nil {
		t.Fatalf("createAppToken: %+v %v", created, err)
	}
	code := *created.Token.TokenCode
	params := quay.GetReferrersParams{Namespace: "acme", Repository: "web", Digest: quay.ManifestDigest(image)}

	app, err := quay.NewClient(quay.Config{Registry: srv.URL, Token: code, TokenKind: "app"})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	index, err := app.GetReferrers(ctx, params)
	if err != nil || len(index.Manifests) != 1 || index.SchemaVersion != 2 {
		t.Fatalf("getReferrers as $app: %+v %v", index, err)
	}

	oauth, err := quay.NewClient(quay.Config{Registry: srv.URL, Token: code})
	if err != nil {
		t.Fatal(err)
	}
	defer oauth.Close()
	_, err = oauth.GetReferrers(ctx, params)
	var apiErr *quay.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "registry_auth" || apiErr.Operation != "getReferrers" {
		t.Fatalf("an app token's code as an OAuth token: %v", err)
	}
	if strings.Contains(err.Error(), code) {
		t.Fatalf("the error shows the token: %v", err)
	}

	_, err = quay.NewClient(quay.Config{Registry: srv.URL, Token: code, TokenKind: "bearer"})
	if !errors.As(err, &apiErr) || apiErr.Code != "invalid_input" || !strings.Contains(err.Error(), "bearer") {
		t.Fatalf("an unknown token kind: %v", err)
	}
}

// Command bench is one round of the cross-language benchmark (run by `cargo xtask bench`):
// sequential getRepo calls of bench/web through package quay (typed and by operationId) and
// through a plain net/http client decoding into a struct with encoding/json, as go-quay does,
// against QUAY_REGISTRY with QUAY_TOKEN. Prints `go_typed_ns`, `go_json_ns` and `go_nethttp_ns`
// (nanoseconds per call).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/quay-sdk/quay-sdk/quay-ffi/go/quay"
)

// repository is what a hand-written net/http client decodes getRepo into.
type repository struct {
	Namespace   string `json:"namespace"`
	Name        string `json:"name"`
	Description string `json:"description"`
	IsPublic    bool   `json:"is_public"`
	Kind        string `json:"kind"`
	State       string `json:"state"`
	CanWrite    bool   `json:"can_write"`
	CanAdmin    bool   `json:"can_admin"`
}

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", what, err)
	os.Exit(1)
}

func perCall(calls int, f func()) int64 {
	start := time.Now()
	for i := 0; i < calls; i++ {
		f()
	}
	return time.Since(start).Nanoseconds() / int64(calls)
}

func main() {
	calls := 0
	if len(os.Args) > 1 {
		calls, _ = strconv.Atoi(os.Args[1])
	}
	if calls <= 0 {
		fmt.Fprintln(os.Stderr, "usage: bench <calls>")
		os.Exit(2)
	}
	ctx := context.Background()
	client, err := quay.NewClientFromEnv()
	if err != nil {
		fail("client", err)
	}
	defer client.Close()
	params := quay.GetRepoParams{Namespace: "bench", Repository: "web"}
	args := map[string]any{"namespace": "bench", "repository": "web"}
	url := os.Getenv("QUAY_REGISTRY") + "/api/v1/repository/bench/web"
	auth := "Bearer " + os.Getenv("QUAY_TOKEN")
	httpClient := &http.Client{Timeout: 60 * time.Second}
	plain := func() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			fail("net/http", err)
		}
		req.Header.Set("Authorization", auth)
		req.Header.Set("Accept", "application/json")
		resp, err := httpClient.Do(req)
		if err != nil {
			fail("net/http", err)
		}
		var repo repository
		err = json.NewDecoder(resp.Body).Decode(&repo)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || repo.Name != "web" {
			fail("net/http", fmt.Errorf("status %d: %v", resp.StatusCode, err))
		}
	}
	typed := func() {
		if repo, err := client.GetRepo(ctx, params); err != nil || repo.Name != "web" {
			fail("GetRepo", err)
		}
	}
	raw := func() {
		if _, err := client.Call(ctx, "getRepo", args); err != nil {
			fail("Call", err)
		}
	}
	for i := 0; i < calls/10; i++ {
		typed()
		plain()
	}
	fmt.Printf("go_typed_ns %d\n", perCall(calls, typed))
	fmt.Printf("go_json_ns %d\n", perCall(calls, raw))
	fmt.Printf("go_nethttp_ns %d\n", perCall(calls, plain))
}

package quay_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quay-sdk/quay-sdk/quay-ffi/go/quay"
	"github.com/quay-sdk/quay-sdk/quay-ffi/go/quaytest"
)

// The seed guide's workflow: an organization, a robot, a team with a member, a repository,
// permissions, pushed tags, a tag moved and its expiration set and cleared.
func TestGuideWorkflow(t *testing.T) {
	srv := quaytest.NewServer(t)
	c := srv.Client(t)
	ctx := context.Background()

	created, err := c.CreateOrganization(ctx, quay.CreateOrganizationParams{Body: quay.NewOrg{Name: "acme", Email: quay.Ptr("acme@example.com")}})
	if err != nil || created != "Created" {
		t.Fatalf("createOrganization: %q %v", created, err)
	}
	org, err := c.GetOrganization(ctx, quay.GetOrganizationParams{Orgname: "acme"})
	if err != nil || org.Name != "acme" {
		t.Fatalf("getOrganization: %+v %v", org, err)
	}
	robot, err := c.CreateOrgRobot(ctx, quay.CreateOrgRobotParams{Orgname: "acme", RobotShortname: "ci", Body: &quay.CreateRobot{Description: quay.Ptr("CI pushes")}})
	if err != nil || robot.Name != "acme+ci" || robot.Description != "CI pushes" {
		t.Fatalf("createOrgRobot: %+v %v", robot, err)
	}
	if robot.Token == nil || *robot.Token == "" {
		t.Fatalf("a new robot carries its token once: %+v", robot)
	}
	if _, err := c.CreateInstallUser(ctx, quay.CreateInstallUserParams{Body: quay.CreateInstallUser{Username: "alice", Email: quay.Ptr("alice@example.com")}}); err != nil {
		t.Fatal(err)
	}
	team, err := c.UpdateOrganizationTeam(ctx, quay.UpdateOrganizationTeamParams{Orgname: "acme", Teamname: "devs", Body: quay.TeamDescription{Role: quay.TeamRoleMember, Description: quay.Ptr("Developers")}})
	if err != nil || team.Name != "devs" || team.Role != quay.TeamRoleMember {
		t.Fatalf("updateOrganizationTeam: %+v %v", team, err)
	}
	if _, err := c.UpdateOrganizationTeamMember(ctx, quay.UpdateOrganizationTeamMemberParams{Orgname: "acme", Teamname: "devs", Membername: "alice"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateRepo(ctx, quay.CreateRepoParams{Body: quay.NewRepo{Namespace: quay.Ptr("acme"), Repository: "web", Visibility: quay.VisibilityPrivate, Description: "The web app"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ChangeUserPermissions(ctx, quay.ChangeUserPermissionsParams{Namespace: "acme", Repository: "web", Username: robot.Name, Body: quay.UserPermission{Role: quay.RepositoryRoleWrite}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ChangeTeamPermissions(ctx, quay.ChangeTeamPermissionsParams{Namespace: "acme", Repository: "web", Teamname: "devs", Body: quay.TeamPermission{Role: quay.RepositoryRoleRead}}); err != nil {
		t.Fatal(err)
	}
	perms, err := c.ListRepoUserPermissions(ctx, quay.ListRepoUserPermissionsParams{Namespace: "acme", Repository: "web"})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := perms.Permissions["acme+ci"]; !ok || p.Role != quay.RepositoryRoleWrite {
		t.Fatalf("listRepoUserPermissions: %+v", perms)
	}

	digest, err := srv.PushTags("acme", "web", 3, "v")
	if err != nil || !strings.HasPrefix(digest, "sha256:") {
		t.Fatalf("PushTags: %q %v", digest, err)
	}
	// Point a new tag at the manifest, set an expiration in the fake's future, then clear it.
	if _, err := c.ChangeTag(ctx, quay.ChangeTagParams{Namespace: "acme", Repository: "web", Tag: "latest", Body: quay.ChangeTag{ManifestDigest: quay.Ptr(digest)}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Unix()
	if _, err := c.ChangeTag(ctx, quay.ChangeTagParams{Namespace: "acme", Repository: "web", Tag: "latest", Body: quay.ChangeTag{Expiration: quay.Value(now + 86400)}}); err != nil {
		t.Fatal(err)
	}
	if tag := findTag(t, c, "latest"); tag.Expiration == nil {
		t.Fatalf("the expiration was not set: %+v", tag)
	}
	if _, err := c.ChangeTag(ctx, quay.ChangeTagParams{Namespace: "acme", Repository: "web", Tag: "latest", Body: quay.ChangeTag{Expiration: quay.Null[int64]()}}); err != nil {
		t.Fatal(err)
	}
	if tag := findTag(t, c, "latest"); tag.Expiration != nil {
		t.Fatalf("the expiration was not cleared: %+v", tag)
	}

	// The same through Call, by operationId with JSON-able arguments.
	raw, err := c.Call(ctx, "getRepo", map[string]any{"namespace": "acme", "repository": "web"})
	if err != nil || !strings.Contains(string(raw), `"name":"web"`) {
		t.Fatalf("Call: %s %v", raw, err)
	}
	if err := c.DeleteRepository(ctx, quay.DeleteRepositoryParams{Namespace: "acme", Repository: "web"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetRepo(ctx, quay.GetRepoParams{Namespace: "acme", Repository: "web"}); !errors.Is(err, quay.ErrNotFound) {
		t.Fatalf("a deleted repository: %v", err)
	}
}

func findTag(t *testing.T, c *quay.Client, name string) quay.RepositoryTag {
	t.Helper()
	for tag, err := range c.ListRepoTagsAll(context.Background(), quay.ListRepoTagsParams{Namespace: "acme", Repository: "web", OnlyActiveTags: quay.Ptr(true), SpecificTag: quay.Ptr(name)}) {
		if err != nil {
			t.Fatal(err)
		}
		return tag
	}
	t.Fatalf("no tag %s", name)
	return quay.RepositoryTag{}
}

func setup(t *testing.T) (*quaytest.Server, *quay.Client) {
	t.Helper()
	srv := quaytest.NewServer(t)
	c := srv.Client(t)
	ctx := context.Background()
	if _, err := c.CreateOrganization(ctx, quay.CreateOrganizationParams{Body: quay.NewOrg{Name: "acme", Email: quay.Ptr("acme@example.com")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateRepo(ctx, quay.CreateRepoParams{Body: quay.NewRepo{Namespace: quay.Ptr("acme"), Repository: "web", Visibility: quay.VisibilityPublic, Description: ""}}); err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func TestPaging(t *testing.T) {
	srv, c := setup(t)
	ctx := context.Background()
	if _, err := srv.PushTags("acme", "web", 7, "v"); err != nil {
		t.Fatal(err)
	}
	params := quay.ListRepoTagsParams{Namespace: "acme", Repository: "web", Limit: quay.Ptr(int64(2))}
	page, err := c.ListRepoTags(ctx, params)
	if err != nil || len(page.Tags) != 2 || !page.HasAdditional {
		t.Fatalf("one page: %+v %v", page, err)
	}
	seen := map[string]bool{}
	for tag, err := range c.ListRepoTagsAll(ctx, params) {
		if err != nil {
			t.Fatal(err)
		}
		seen[tag.Name] = true
	}
	if len(seen) != 7 {
		t.Fatalf("%d distinct tags over every page, want 7: %v", len(seen), seen)
	}
	// Leaving the loop early frees the pager; the raw iterator pages the same way.
	n := 0
	for item, err := range c.Paginate(ctx, "listRepoTags", map[string]any{"namespace": "acme", "repository": "web", "limit": 3}) {
		if err != nil || !strings.Contains(string(item), `"name":"v`) {
			t.Fatalf("%s %v", item, err)
		}
		n++
		if n == 4 {
			break
		}
	}
	if n != 4 {
		t.Fatalf("%d items", n)
	}
	// An operation that does not page yields its refusal.
	for _, err := range c.Paginate(ctx, "getRepo", map[string]any{"namespace": "acme", "repository": "web"}) {
		if !errors.Is(err, quay.ErrInvalidInput) {
			t.Fatalf("paginating getRepo: %v", err)
		}
	}
}

func TestErrors(t *testing.T) {
	srv, c := setup(t)
	ctx := context.Background()

	_, err := c.GetRepo(ctx, quay.GetRepoParams{Namespace: "acme", Repository: "nope"})
	var apiErr *quay.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 404 || apiErr.Code != "api.not_found" || apiErr.Operation != "getRepo" {
		t.Fatalf("a missing repository: %#v", err)
	}
	if !errors.Is(err, quay.ErrNotFound) || !errors.Is(err, quay.ErrAPI) || errors.Is(err, quay.ErrForbidden) || errors.Is(err, quay.ErrInvalidInput) {
		t.Fatalf("errors.Is of a 404: %v", err)
	}
	if apiErr.ErrorCode() != quay.ErrNotFound || quay.ErrNotFound.Parent() != quay.ErrAPI || quay.ErrNotFound.Code() != "api.not_found" {
		t.Fatal("the sentinels' chain")
	}
	if !strings.HasPrefix(err.Error(), "getRepo (GET /api/v1/repository/acme/nope)") {
		t.Fatalf("the message names the call: %s", err)
	}

	// Refused before sending: a bad name, an unknown operation, an unknown body key.
	_, err = c.GetOrgRobot(ctx, quay.GetOrgRobotParams{Orgname: "Not A Name", RobotShortname: "ci"})
	if !errors.As(err, &apiErr) || !errors.Is(err, quay.ErrInvalidInput) || apiErr.Status != 0 || !strings.Contains(err.Error(), "Not A Name") {
		t.Fatalf("a bad name: %v", err)
	}
	if _, err := c.Call(ctx, "frobnicate", nil); !errors.Is(err, quay.ErrInvalidInput) || !strings.Contains(err.Error(), "frobnicate") {
		t.Fatalf("an unknown operation: %v", err)
	}
	if _, err := c.Call(ctx, "createOrganization", map[string]any{"body": map[string]any{"name": "x1", "emial": "a@b.c"}}); !errors.Is(err, quay.ErrInvalidInput) || !strings.Contains(err.Error(), "emial") {
		t.Fatalf("an unknown body key: %v", err)
	}
	if _, err := c.Call(ctx, "getRepo\x00", nil); !errors.Is(err, quay.ErrInvalidInput) || !strings.Contains(err.Error(), "NUL") {
		t.Fatalf("a NUL byte: %v", err)
	}
	if _, err := c.Call(ctx, "getRepo", map[string]any{"namespace": "acme", "repository": 7}); !errors.Is(err, quay.ErrInvalidInput) {
		t.Fatalf("an ill-typed parameter: %v", err)
	}
	if _, err := c.Call(ctx, "getRepo", func() {}); !errors.Is(err, quay.ErrInvalidInput) {
		t.Fatalf("arguments that are not JSON: %v", err)
	}

	// A duplicate is an error of its own kind, under ErrAPI.
	_, err = c.CreateOrganization(ctx, quay.CreateOrganizationParams{Body: quay.NewOrg{Name: "acme", Email: quay.Ptr("other@example.com")}})
	if !errors.Is(err, quay.ErrAlreadyExists) || !errors.Is(err, quay.ErrAPI) || !errors.As(err, &apiErr) || apiErr.Status != 400 {
		t.Fatalf("a duplicate organization: %v", err)
	}

	// An unknown token; the message never shows it.
	bad, err := quay.NewClient(quay.Config{Registry: srv.URL, Token: "not-a-token", Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	_, err = bad.GetLoggedInUser(ctx)
	if !errors.Is(err, quay.ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Status != 401 || strings.Contains(err.Error(), "not-a-token") {
		t.Fatalf("a bad token: %v", err)
	}

	// Bad configurations.
	if _, err := quay.NewClient(quay.Config{}); !errors.Is(err, quay.ErrInvalidInput) || !strings.Contains(err.Error(), "registry") {
		t.Fatalf("no registry: %v", err)
	}
	if _, err := quay.NewClient(quay.Config{Registry: "quay.example.com", CABundle: "/no/such/file.pem"}); !errors.Is(err, quay.ErrInvalidInput) {
		t.Fatalf("a missing CA bundle: %v", err)
	}
	if _, err := quay.NewClient(quay.Config{Registry: "quay.example.com", Timeout: -time.Second}); !errors.Is(err, quay.ErrInvalidInput) {
		t.Fatalf("a negative timeout: %v", err)
	}
}

// A server that accepts connections (the kernel's backlog) and never answers.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return "http://" + l.Addr().String()
}

func TestContext(t *testing.T) {
	c, err := quay.NewClient(quay.Config{Registry: silentServer(t), Token: "t", Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	params := quay.GetOrganizationParams{Orgname: "acme"}

	// Cancelled from another goroutine while in flight.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err = c.GetOrganization(ctx, params)
	if !errors.Is(err, context.Canceled) || !errors.Is(err, quay.ErrCancelled) || time.Since(start) > 10*time.Second {
		t.Fatalf("a cancelled call: %v after %s", err, time.Since(start))
	}

	// A deadline.
	ctx, cancel = context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = c.GetOrganization(ctx, params)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, quay.ErrCancelled) || time.Since(start) > 10*time.Second {
		t.Fatalf("a call past its deadline: %v after %s", err, time.Since(start))
	}
	if !strings.Contains(err.Error(), "getOrganization") || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("the message: %s", err)
	}

	// Already cancelled: nothing is sent.
	_, err = c.GetOrganization(ctx, params)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a call with an expired context: %v", err)
	}

	// A pager waiting for a page.
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	for _, err := range c.ListRepoTagsAll(ctx, quay.ListRepoTagsParams{Namespace: "acme", Repository: "web"}) {
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("a cancelled page: %v", err)
		}
	}

	// The client's own timeout is a Timeout error, not a cancellation.
	short, err := quay.NewClient(quay.Config{Registry: silentServer(t), Token: "t", Retries: -1, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer short.Close()
	_, err = short.GetOrganization(context.Background(), params)
	if !errors.Is(err, quay.ErrTimeout) || !errors.Is(err, quay.ErrTransport) || errors.Is(err, quay.ErrCancelled) {
		t.Fatalf("the client's timeout: %v", err)
	}
}

func TestConcurrentGoroutines(t *testing.T) {
	_, c := setup(t)
	var wg sync.WaitGroup
	errs := make(chan error, 32*10)
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				repo, err := c.GetRepo(context.Background(), quay.GetRepoParams{Namespace: "acme", Repository: "web"})
				if err == nil && repo.Name != "web" {
					err = fmt.Errorf("goroutine %d: %+v", g, repo)
				}
				if err != nil {
					errs <- err
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestCloseAndSecrets(t *testing.T) {
	srv, c := setup(t)
	cfg := srv.Config()
	for _, text := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprintf("%v", &cfg)} {
		if strings.Contains(text, srv.Token) || !strings.Contains(text, "<redacted>") {
			t.Fatalf("a printed Config shows the token: %s", text)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := c.GetRepo(context.Background(), quay.GetRepoParams{Namespace: "acme", Repository: "web"})
	if !errors.Is(err, quay.ErrClosed) || strings.Contains(err.Error(), srv.Token) {
		t.Fatalf("a closed client: %v", err)
	}
}

func TestQuaytest(t *testing.T) {
	srv := quaytest.NewServer(t, quaytest.Options{AllFeatures: true, SuperuserToken: "fixed-token-for-test"})
	if srv.Token != "fixed-token-for-test" || !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("%s", srv.URL)
	}
	c := srv.Client(t)
	user, err := c.GetLoggedInUser(context.Background())
	if err != nil || user.Username == "" {
		t.Fatalf("getLoggedInUser: %+v %v", user, err)
	}
	if _, err := srv.PushTags("nobody", "web", 1, "v"); err == nil {
		t.Fatal("pushing into a missing namespace")
	}
	if _, err := srv.PushTags("acme", "web", -1, "v"); err == nil || !strings.Contains(err.Error(), "count") {
		t.Fatalf("a negative count: %v", err)
	}
	srv.Close()
	srv.Close()
	if _, err := c.GetLoggedInUser(context.Background()); !errors.Is(err, quay.ErrTransport) {
		t.Fatalf("a stopped fake: %v", err)
	}
	if _, err := srv.PushTags("acme", "web", 1, "v"); err == nil {
		t.Fatal("pushing into a stopped fake")
	}
	if _, err := quaytest.Start(quaytest.Options{Port: 70000}); err == nil {
		t.Fatal("a bad port")
	}
}

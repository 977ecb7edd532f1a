/* The C test of libquay, run by `cargo xtask test` (plain, then under valgrind): the curl
 * guide's workflow against the fake Quay, every error path of the boundary, one client used
 * from 8 threads, and a call cancelled from another thread. */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "quay.h"

static int passed, failed;

#define CHECK(cond, ...)                                              \
    do {                                                              \
        if (cond) {                                                   \
            passed++;                                                 \
        } else {                                                      \
            failed++;                                                 \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                             \
            fprintf(stderr, "\n");                                    \
        }                                                             \
    } while (0)

static int has(const char *s, const char *part) { return s != NULL && strstr(s, part) != NULL; }

static int str_is(const char *s, const char *want) { return s != NULL && strcmp(s, want) == 0; }

/* Calls an operation that must succeed; returns its result (caller frees) or NULL. */
static char *ok(QuayClient *c, const char *op, const char *args) {
    char *result = NULL;
    QuayError *err = NULL;
    int rc = quay_call(c, op, args, &result, &err);
    CHECK(rc == 0 && result != NULL && err == NULL, "%s(%s): %s", op, args, err ? quay_error_message(err) : "no result");
    quay_error_free(err);
    return result;
}

/* Calls an operation that must fail with `code`; checks the status when `status` > 0. */
static void fails(QuayClient *c, const char *op, const char *args, const char *code, int status) {
    char *result = (char *)"untouched";
    QuayError *err = NULL;
    int rc = quay_call(c, op, args, &result, &err);
    CHECK(rc == -1 && result == NULL && err != NULL, "%s(%s) should fail", op ? op : "(null)", args ? args : "(null)");
    if (err != NULL) {
        CHECK(str_is(quay_error_code(err), code), "%s: code %s, message %s, want %s", op ? op : "(null)",
              quay_error_code(err), quay_error_message(err), code);
        CHECK(quay_error_message(err) != NULL && quay_error_message(err)[0] != '\0', "an empty message");
        if (status > 0) {
            CHECK(quay_error_status(err) == status, "%s: status %d, want %d", op, quay_error_status(err), status);
            CHECK(str_is(quay_error_operation(err), op), "%s: operation %s", op, quay_error_operation(err));
        } else {
            CHECK(quay_error_status(err) == 0, "%s: status %d, want none", op ? op : "(null)", quay_error_status(err));
        }
    }
    quay_error_free(err);
}

static void test_basics(void) {
    const char *v = quay_version();
    CHECK(v != NULL && v[0] != '\0', "no version");
    char *ops = quay_operations_json();
    CHECK(has(ops, "\"getRepo\"") && has(ops, "\"listRepoTags\""), "the operation table lacks getRepo");
    quay_string_free(ops);
    quay_string_free(NULL);
    quay_error_free(NULL);
    quay_client_free(NULL);
    quay_pager_free(NULL);
    quay_cancel_token_free(NULL);
    quay_fake_stop(NULL);
    CHECK(quay_error_code(NULL) == NULL && quay_error_status(NULL) == 0, "NULL error accessors");
    CHECK(quay_fake_url(NULL) == NULL, "NULL fake url");

    QuayError *err = NULL;
    CHECK(quay_client_new("{\"registy\": \"x\"}", &err) == NULL, "an unknown configuration key");
    CHECK(str_is(quay_error_code(err), "invalid_input") && has(quay_error_message(err), "registy"), "%s",
          quay_error_message(err));
    quay_error_free(err);
    CHECK(quay_client_new("{not json", &err) == NULL && str_is(quay_error_code(err), "invalid_input"), "bad config JSON");
    quay_error_free(err);
    CHECK(quay_client_new("\"\xff\"", &err) == NULL && str_is(quay_error_code(err), "invalid_input"), "bad UTF-8");
    quay_error_free(err);
    CHECK(quay_client_new("{\"registry\": \"quay.example.com\", \"token_kind\": \"bearer\"}", &err) == NULL &&
              str_is(quay_error_code(err), "invalid_input") && has(quay_error_message(err), "bearer"),
          "an unknown token kind: %s", quay_error_message(err));
    quay_error_free(err);
    err = NULL;
    QuayClient *app = quay_client_new("{\"registry\": \"quay.example.com\", \"token\": \"t\", \"token_kind\": \"app\"}", &err);
    CHECK(app != NULL, "token_kind app: %s", err ? quay_error_message(err) : "");
    quay_client_free(app);
    CHECK(quay_fake_start("{\"all_feature\": true}", &err) == NULL && str_is(quay_error_code(err), "invalid_input"),
          "an unknown fake option");
    quay_error_free(err);
    /* NULL is {}, which names no registry. */
    CHECK(quay_client_new(NULL, &err) == NULL && str_is(quay_error_code(err), "invalid_input") &&
              has(quay_error_message(err), "registry"),
          "a NULL configuration: %s", quay_error_message(err));
    quay_error_free(err);
}

static void test_workflow(QuayClient *c, QuayFake *fake) {
    free(ok(c, "createOrganization", "{\"name\": \"acme\", \"email\": \"acme@example.com\"}"));
    char *org = ok(c, "getOrganization", "{\"orgname\": \"acme\"}");
    CHECK(has(org, "\"name\":\"acme\""), "getOrganization: %s", org);
    quay_string_free(org);
    char *robot = ok(c, "createOrgRobot", "{\"orgname\": \"acme\", \"robot_shortname\": \"ci\", \"description\": \"CI pushes\"}");
    CHECK(has(robot, "acme+ci"), "createOrgRobot: %s", robot);
    quay_string_free(robot);
    quay_string_free(ok(c, "createInstallUser", "{\"username\": \"alice\", \"email\": \"alice@example.com\"}"));
    quay_string_free(ok(c, "update_organization_team",
                        "{\"orgname\": \"acme\", \"teamname\": \"devs\", \"role\": \"member\", \"description\": \"Developers\"}"));
    quay_string_free(ok(c, "updateOrganizationTeamMember", "{\"orgname\": \"acme\", \"teamname\": \"devs\", \"membername\": \"alice\"}"));
    quay_string_free(ok(c, "createRepo",
                        "{\"namespace\": \"acme\", \"repository\": \"web\", \"visibility\": \"private\", \"description\": \"The web app\"}"));
    quay_string_free(ok(c, "changeUserPermissions", "{\"namespace\": \"acme\", \"repository\": \"web\", \"username\": \"alice\", \"role\": \"read\"}"));
    quay_string_free(ok(c, "changeTeamPermissions", "{\"namespace\": \"acme\", \"repository\": \"web\", \"teamname\": \"devs\", \"role\": \"write\"}"));
    char *perms = ok(c, "listRepoUserPermissions", "{\"namespace\": \"acme\", \"repository\": \"web\"}");
    CHECK(has(perms, "alice"), "listRepoUserPermissions: %s", perms);
    quay_string_free(perms);

    QuayError *err = NULL;
    char *digest = quay_fake_push_tags(fake, "acme", "web", 5, "v", &err);
    CHECK(has(digest, "sha256:"), "push_tags: %s", err ? quay_error_message(err) : "?");
    quay_string_free(digest);
    quay_error_free(err);

    /* Tags two a page: three pages, five items. */
    QuayPager *p = quay_paginate(c, "listRepoTags", "{\"namespace\": \"acme\", \"repository\": \"web\", \"limit\": 2}", &err);
    CHECK(p != NULL && err == NULL, "paginate: %s", err ? quay_error_message(err) : "?");
    int n = 0, rc;
    char *item = NULL;
    while ((rc = quay_pager_next(p, &item, &err)) == 1) {
        CHECK(has(item, "\"name\":\"v"), "a tag: %s", item);
        quay_string_free(item);
        n++;
    }
    CHECK(rc == 0 && err == NULL && item == NULL, "the pager ended with %d: %s", rc, err ? quay_error_message(err) : "");
    CHECK(n == 5, "%d tags, want 5", n);
    CHECK(quay_pager_next(p, &item, &err) == 0, "a used-up pager stays done");
    quay_pager_free(p);
    quay_error_free(err);
    err = NULL;

    /* Paging refusals. */
    CHECK(quay_paginate(c, "getRepo", "{\"namespace\": \"acme\", \"repository\": \"web\"}", &err) == NULL &&
              str_is(quay_error_code(err), "invalid_input"),
          "paginating an operation that does not page");
    quay_error_free(err);
    CHECK(quay_paginate(c, "listRepoTags", "{", &err) == NULL && str_is(quay_error_code(err), "invalid_input"), "bad JSON");
    quay_error_free(err);
    CHECK(quay_pager_next(NULL, &item, &err) == -1 && str_is(quay_error_code(err), "invalid_input"), "a NULL pager");
    quay_error_free(err);
}

static void test_errors(QuayClient *c) {
    fails(NULL, "getRepo", "{}", "invalid_input", 0);
    fails(c, NULL, "{}", "invalid_input", 0);
    fails(c, "getRepo", "{\"namespace\": ", "invalid_input", 0);
    fails(c, "getRepo", "{\"namespace\": \"\xff\"}", "invalid_input", 0);
    fails(c, "frobnicate", "{}", "invalid_input", 0);
    fails(c, "getRepo", "{\"namespace\": \"acme\"}", "invalid_input", 0);
    fails(c, "getRepo", "{\"namespace\": \"acme\", \"repository\": 7}", "invalid_input", 0);
    fails(c, "getOrgRobot", "{\"orgname\": \"Not A Name\", \"robot_shortname\": \"ci\"}", "invalid_input", 0);
    fails(c, "getRepo", "[1, 2]", "invalid_input", 0);
    fails(c, "getRepo", "{\"namespace\": \"acme\", \"repository\": \"nope\"}", "api.not_found", 404);
    fails(c, "createOrganization", "{\"name\": \"acme\", \"email\": \"acme2@example.com\"}", "api.already_exists", 400);

    QuayError *err = NULL;
    CHECK(quay_call(c, "getRepo", "{}", NULL, &err) == -1 && str_is(quay_error_code(err), "invalid_input"),
          "a NULL result_json");
    quay_error_free(err);
    char *result = NULL;
    CHECK(quay_call(c, NULL, NULL, &result, NULL) == -1 && result == NULL, "a NULL err is allowed");
}

struct worker {
    QuayClient *client;
    int ok;
};

static void *work(void *arg) {
    struct worker *w = arg;
    for (int i = 0; i < 10; i++) {
        char *result = NULL;
        QuayError *err = NULL;
        if (quay_call(w->client, "getRepo", "{\"namespace\": \"acme\", \"repository\": \"web\"}", &result, &err) == 0 &&
            has(result, "\"name\":\"web\"")) {
            w->ok++;
        }
        quay_string_free(result);
        quay_error_free(err);
    }
    return NULL;
}

static void test_threads(QuayClient *c) {
    pthread_t threads[8];
    struct worker workers[8];
    for (int i = 0; i < 8; i++) {
        workers[i] = (struct worker){c, 0};
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0, "pthread_create");
    }
    int total = 0;
    for (int i = 0; i < 8; i++) {
        pthread_join(threads[i], NULL);
        total += workers[i].ok;
    }
    CHECK(total == 80, "%d of 80 calls from 8 threads succeeded", total);
}

struct slow_call {
    QuayClient *client;
    QuayCancelToken *token;
    int rc;
    char code[64];
};

static void *call_slowly(void *arg) {
    struct slow_call *s = arg;
    char *result = NULL;
    QuayError *err = NULL;
    s->rc = quay_call_cancellable(s->client, "getOrganization", "{\"orgname\": \"acme\"}", s->token, &result, &err);
    snprintf(s->code, sizeof s->code, "%s", err ? quay_error_code(err) : "none");
    quay_string_free(result);
    quay_error_free(err);
    return NULL;
}

struct slow_pager {
    QuayPager *pager;
    QuayCancelToken *token;
    int rc;
    char code[64];
};

static void *next_slowly(void *arg) {
    struct slow_pager *s = arg;
    char *item = NULL;
    QuayError *err = NULL;
    s->rc = quay_pager_next_cancellable(s->pager, s->token, &item, &err);
    snprintf(s->code, sizeof s->code, "%s", err ? quay_error_code(err) : "none");
    quay_string_free(item);
    quay_error_free(err);
    return NULL;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A server that accepts connections (the kernel's backlog) and never answers. */
static void test_cancel(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    CHECK(s >= 0 && bind(s, (struct sockaddr *)&addr, sizeof addr) == 0 && listen(s, 8) == 0 &&
              getsockname(s, (struct sockaddr *)&addr, &len) == 0,
          "a silent server");
    char config[160];
    snprintf(config, sizeof config, "{\"registry\": \"http://127.0.0.1:%d\", \"token\": \"t\", \"timeout\": 60, \"retries\": 0}",
             ntohs(addr.sin_port));
    QuayError *err = NULL;
    QuayClient *c = quay_client_new(config, &err);
    CHECK(c != NULL, "client: %s", err ? quay_error_message(err) : "?");
    quay_error_free(err);

    struct slow_call call = {c, quay_cancel_token_new(), 0, ""};
    pthread_t t;
    double start = now();
    CHECK(pthread_create(&t, NULL, call_slowly, &call) == 0, "pthread_create");
    struct timespec pause = {0, 300 * 1000 * 1000};
    nanosleep(&pause, NULL);
    quay_cancel_token_cancel(call.token);
    pthread_join(t, NULL);
    double took = now() - start;
    CHECK(call.rc == -1 && str_is(call.code, "cancelled"), "a cancelled call ended with %d, %s", call.rc, call.code);
    CHECK(took < 10.0, "the cancelled call took %.1f s", took);

    /* A token already cancelled stops a call before it starts. */
    call.rc = 0;
    call_slowly(&call);
    CHECK(call.rc == -1 && str_is(call.code, "cancelled"), "a pre-cancelled call ended with %d, %s", call.rc, call.code);
    quay_cancel_token_cancel(NULL);
    quay_cancel_token_free(call.token);

    /* A pager waiting for its first page is cancelled from another thread too. */
    QuayPager *p = quay_paginate(c, "listRepoTags", "{\"namespace\": \"acme\", \"repository\": \"web\"}", &err);
    CHECK(p != NULL, "pager: %s", err ? quay_error_message(err) : "?");
    quay_error_free(err);
    struct slow_pager waiting = {p, quay_cancel_token_new(), 0, ""};
    start = now();
    CHECK(pthread_create(&t, NULL, next_slowly, &waiting) == 0, "pthread_create");
    nanosleep(&pause, NULL);
    quay_cancel_token_cancel(waiting.token);
    pthread_join(t, NULL);
    took = now() - start;
    CHECK(waiting.rc == -1 && str_is(waiting.code, "cancelled"), "a cancelled page wait ended with %d, %s", waiting.rc,
          waiting.code);
    CHECK(took < 10.0, "the cancelled page wait took %.1f s", took);
    quay_pager_free(p);
    quay_cancel_token_free(waiting.token);
    quay_client_free(c);
    close(s);
}

int main(void) {
    test_basics();

    QuayError *err = NULL;
    QuayFake *fake = quay_fake_start("{\"all_features\": false}", &err);
    if (fake == NULL) {
        fprintf(stderr, "cannot start the fake Quay: %s\n", err ? quay_error_message(err) : "?");
        quay_error_free(err);
        return 1;
    }
    char config[512];
    snprintf(config, sizeof config, "{\"registry\": \"%s\", \"token\": \"%s\", \"retries\": 0}", quay_fake_url(fake),
             quay_fake_superuser_token(fake));
    QuayClient *c = quay_client_new(config, &err);
    CHECK(c != NULL && err == NULL, "client: %s", err ? quay_error_message(err) : "?");
    quay_error_free(err);
    if (c != NULL) {
        test_workflow(c, fake);
        test_errors(c);
        test_threads(c);
        quay_string_free(ok(c, "deleteRepository", "{\"namespace\": \"acme\", \"repository\": \"web\"}"));
        quay_string_free(ok(c, "deleteAdminedOrganization", "{\"orgname\": \"acme\"}"));
    }
    quay_client_free(c);
    quay_fake_stop(fake);
    test_cancel();

    printf("C: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

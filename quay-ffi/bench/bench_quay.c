#define _POSIX_C_SOURCE 199309L
/* One round of the cross-language benchmark (run by `cargo xtask bench`): `calls` sequential
 * quay_call("getRepo") of bench/web through libquay's C ABI, after a warm-up, against the
 * registry and token of QUAY_REGISTRY and QUAY_TOKEN. Prints `c_json_ns <ns per call>`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <quay.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int call(QuayClient *c) {
    char *result = NULL;
    QuayError *err = NULL;
    if (quay_call(c, "getRepo", "{\"namespace\": \"bench\", \"repository\": \"web\"}", &result, &err) != 0) {
        fprintf(stderr, "getRepo: %s\n", quay_error_message(err));
        quay_error_free(err);
        return -1;
    }
    quay_string_free(result);
    return 0;
}

int main(int argc, char **argv) {
    long calls = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
    if (calls <= 0) {
        fprintf(stderr, "usage: bench_quay <calls>\n");
        return 2;
    }
    QuayError *err = NULL;
    QuayClient *c = quay_client_new("{\"from_env\": true}", &err);
    if (c == NULL) {
        fprintf(stderr, "client: %s\n", quay_error_message(err));
        quay_error_free(err);
        return 1;
    }
    for (long i = 0; i < calls / 10; i++) {
        if (call(c) != 0) return 1;
    }
    double start = now();
    for (long i = 0; i < calls; i++) {
        if (call(c) != 0) return 1;
    }
    printf("c_json_ns %.0f\n", (now() - start) / (double)calls);
    quay_client_free(c);
    return 0;
}

package io.quaysdk.bench

import io.quaysdk.AlreadyExistsException
import io.quaysdk.NewOrg
import io.quaysdk.NewRepo
import io.quaysdk.QuayClient
import io.quaysdk.QuayConfig
import io.quaysdk.QuayJson
import io.quaysdk.Repository
import io.quaysdk.Visibility
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * One round of `cargo xtask bench kotlin` (a program, not a test): `calls` sequential getRepo
 * calls of bench/web against the server of `QUAY_REGISTRY`, after a warm-up, through the typed
 * method and through `call()` by operationId (from `runBlocking`'s thread, and on
 * `Dispatchers.IO`), and through `java.net.http.HttpClient` with the same headers, decoded into
 * the same data class. Prints `name nanoseconds-per-call` lines.
 */
fun main(args: Array<String>) {
    val calls = args.firstOrNull()?.toIntOrNull() ?: error("usage: Bench <calls>")
    val registry = System.getenv("QUAY_REGISTRY") ?: error("QUAY_REGISTRY")
    val token = System.getenv("QUAY_TOKEN") ?: error("QUAY_TOKEN")
    runBlocking {
        QuayClient(QuayConfig(registry = registry, token = token)).use { quay ->
            try {
                quay.createOrganization(body = NewOrg(name = "bench", email = "bench@example.com"))
            } catch (e: AlreadyExistsException) {
                // An earlier round made it.
            }
            try {
                quay.createRepo(body = NewRepo(namespace = "bench", repository = "web", visibility = Visibility.PRIVATE, description = "bench"))
            } catch (e: AlreadyExistsException) {
                // An earlier round made it.
            }
            val repoArgs =
                buildJsonObject {
                    put("namespace", "bench")
                    put("repository", "web")
                }
            val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build()
            val request =
                HttpRequest.newBuilder(URI.create("${registry.trimEnd('/')}/api/v1/repository/bench/web"))
                    .header("Authorization", "Bearer $token")
                    .header("Accept", "application/json")
                    .header("api-version", "v1")
                    .timeout(Duration.ofSeconds(60))
                    .GET()
                    .build()
            val httpCall = {
                val response = http.send(request, HttpResponse.BodyHandlers.ofString())
                check(response.statusCode() == 200) { "HttpClient: ${response.statusCode()}" }
                QuayJson.decodeFromString(Repository.serializer(), response.body())
            }
            // Warm-up: the JIT compiles the paths before they are timed (on both kinds of thread).
            repeat(maxOf(calls / 2, 200)) {
                quay.getRepo(namespace = "bench", repository = "web")
                quay.call("getRepo", repoArgs)
                httpCall()
            }
            withContext(Dispatchers.IO) {
                repeat(maxOf(calls / 2, 200)) {
                    quay.getRepo(namespace = "bench", repository = "web")
                    quay.call("getRepo", repoArgs)
                }
            }
            var sink = 0
            // Each figure: nanoseconds per call over `calls` sequential calls.
            suspend fun time(name: String, one: suspend () -> Int) {
                val start = System.nanoTime()
                repeat(calls) { sink += one() }
                println("$name ${(System.nanoTime() - start) / calls}")
            }
            // From runBlocking's thread: each call runs on a call thread of the facade.
            time("kotlin_typed_ns") { quay.getRepo(namespace = "bench", repository = "web").name.length }
            time("kotlin_json_ns") { quay.call("getRepo", repoArgs).hashCode() and 1 }
            // On Dispatchers.IO: each call runs on the coroutine's own thread.
            withContext(Dispatchers.IO) {
                time("kotlin_typed_io_ns") { quay.getRepo(namespace = "bench", repository = "web").name.length }
                time("kotlin_json_io_ns") { quay.call("getRepo", repoArgs).hashCode() and 1 }
            }
            time("kotlin_httpclient_ns") { httpCall().name.length }
            check(sink != 0)
        }
    }
}

package io.quaysdk

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

/**
 * Registry (`/v2`) operations log in with the token's kind: an app-specific token's code works as
 * `tokenKind = "app"`, is refused as an OAuth token, and an unknown kind is refused at once.
 */
class RegistryTest {
    /** POSTs [body] to the fake's control API and returns its JSON answer. */
    private fun control(fake: QuayFakeServer, path: String, body: String): JsonObject {
        val request =
            HttpRequest.newBuilder(URI.create("${fake.url}/__fake/$path"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build()
        val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
        assertEquals(200, response.statusCode(), response.body())
        return QuayJson.parseToJsonElement(response.body()).jsonObject
    }

    @Test
    fun registryOperationsLogInWithTheTokenKind() =
        runBlocking<Unit> {
            QuayFakeServer(allFeatures = true).use { fake ->
                fake.client().use { quay ->
                    quay.createOrganization(body = NewOrg(name = "acme", email = "acme@example.com"))
                    val image = control(fake, "manifests", """{"namespace": "acme", "repository": "web", "tag": "latest"}""")["digest"]!!.jsonPrimitive.content
                    control(fake, "referrers", """{"namespace": "acme", "repository": "web", "subject": "$image", "artifact_type": "application/vnd.example.sbom"}""")
                    val code = quay.createAppToken(body = NewAppToken(title = "ci")).token.tokenCode!!

                    QuayClient(QuayConfig(registry = fake.url, token = code, tokenKind = "app")).use { app ->
                        val index = app.getReferrers(namespace = "acme", repository = "web", digest = image)
                        assertEquals(2L, index.schemaVersion.toLong())
                        assertEquals(1, index.manifests.size)
                    }
                    QuayClient(QuayConfig(registry = fake.url, token = code)).use { oauth ->
                        val e = assertFailsWith<RegistryAuthException> { oauth.getReferrers(namespace = "acme", repository = "web", digest = image) }
                        assertEquals("registry_auth", e.code)
                        assertEquals("getReferrers", e.operation)
                        assertFalse(e.message!!.contains(code))
                    }
                    val bad = assertFailsWith<InvalidInputException> { QuayClient(QuayConfig(registry = fake.url, token = code, tokenKind = "bearer")) }
                    assertTrue(bad.message!!.contains("bearer"), bad.message)
                }
            }
        }
}

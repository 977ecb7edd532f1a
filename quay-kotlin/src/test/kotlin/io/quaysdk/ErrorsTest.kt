package io.quaysdk

import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject

class ErrorsTest {
    @Test
    fun errorsAreExceptionsPerCode() =
        runBlocking<Unit> {
            QuayFakeServer().use { fake ->
                fake.client().use { quay ->
                    quay.createOrganization(body = NewOrg(name = "acme", email = "acme@example.com"))
                    val missing: QuayException = assertFailsWith<NotFoundException> { quay.getRepo(namespace = "acme", repository = "nope") }
                    assertIs<ApiException>(missing)
                    assertFalse(missing is ForbiddenException)
                    assertEquals(404, missing.status)
                    assertEquals("api.not_found", missing.code)
                    assertEquals("getRepo", missing.operation)
                    assertTrue(missing.message!!.startsWith("getRepo (GET /api/v1/repository/acme/nope)"), missing.message)

                    // Refused before sending: a bad name, an unknown operation, an unknown body key, an ill-typed argument.
                    val badName = assertFailsWith<InvalidInputException> { quay.getOrgRobot(orgname = "Not A Name", robotShortname = "ci") }
                    assertNull(badName.status)
                    assertTrue("Not A Name" in badName.message!!, badName.message)
                    val unknown = assertFailsWith<InvalidInputException> { quay.call("frobnicate") }
                    assertTrue("frobnicate" in unknown.message!!)
                    val typo =
                        assertFailsWith<InvalidInputException> {
                            quay.call(
                                "createOrganization",
                                buildJsonObject {
                                    putJsonObject("body") {
                                        put("name", "x1")
                                        put("emial", "a@b.c")
                                    }
                                },
                            )
                        }
                    assertTrue("emial" in typo.message!!)
                    assertFailsWith<InvalidInputException> {
                        quay.call("getRepo", buildJsonObject { put("namespace", "acme"); put("repository", 7) })
                    }

                    // A duplicate is an error of its own kind, under ApiException.
                    val dup = assertFailsWith<AlreadyExistsException> { quay.createOrganization(body = NewOrg(name = "acme", email = "o@example.com")) }
                    assertIs<ApiException>(dup)
                    assertEquals(400, dup.status)

                    // An unknown token; the message never shows it.
                    QuayClient(QuayConfig(registry = fake.url, token = "not-a-token", retries = 0)).use { bad ->
                        val e = assertFailsWith<UnauthorizedException> { bad.getLoggedInUser() }
                        assertEquals(401, e.status)
                        assertFalse("not-a-token" in e.message!!)
                    }
                }
            }
        }

    @Test
    fun badConfigurationsAreRefused() {
        assertTrue("registry" in assertFailsWith<InvalidInputException> { QuayClient(QuayConfig()) }.message!!)
        assertFailsWith<InvalidInputException> { QuayClient(QuayConfig(registry = "quay.example.com", caBundle = "/no/such/file.pem")) }
        val negative = assertFailsWith<InvalidInputException> { QuayClient(QuayConfig(registry = "quay.example.com", timeout = (-1).seconds)) }
        assertTrue("timeout" in negative.message!!, negative.message)
        assertFailsWith<InvalidInputException> { QuayClient(QuayConfig(registry = "quay.example.com", retries = -1)) }
        assertFailsWith<InvalidInputException> { QuayFakeServer(port = 70000) }
    }

    @Test
    fun closeAndSecrets() =
        runBlocking<Unit> {
            QuayFakeServer(superuserToken = "fixed-token-for-test").use { fake ->
                assertEquals("fixed-token-for-test", fake.token)
                assertTrue(fake.url.startsWith("http://127.0.0.1:"))
                val config = fake.config()
                assertFalse(fake.token in config.toString())
                assertTrue("<redacted>" in config.toString())
                val quay = QuayClient(config)
                assertTrue(quay.getLoggedInUser().username.isNotEmpty())
                quay.close()
                quay.close()
                assertTrue(quay.isClosed)
                val closed = assertFailsWith<ClientClosedException> { quay.getLoggedInUser() }
                assertFalse(fake.token in closed.message!!)
                assertFailsWith<InvalidInputException> { fake.pushTags("nobody", "web", 1, "v") }
                assertTrue("count" in assertFailsWith<InvalidInputException> { fake.pushTags("acme", "web", -1, "v") }.message!!)
                // A stopped fake: transport errors.
                fake.close()
                fake.close()
                QuayClient(fake.config().copy(retries = 0)).use { again ->
                    assertIs<TransportException>(assertFailsWith<QuayException> { again.getLoggedInUser() })
                }
                assertFailsWith<InvalidInputException> { fake.pushTags("acme", "web", 1, "v") }
            }
        }
}

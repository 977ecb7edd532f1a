package io.quaysdk

import io.quaysdk.ffi.FakeOptions
import io.quaysdk.ffi.NativeException
import io.quaysdk.ffi.QuayFake

/**
 * The in-memory fake Quay of the SDK, serving on 127.0.0.1 in a thread of its own, for tests of
 * programs that use the client: `QuayFakeServer().use { fake -> fake.client().use { ... } }`.
 *
 * @param allFeatures every feature switch on (Quay's defaults otherwise).
 * @param superuserToken a fixed superuser token instead of a random one.
 * @param port the port (0: a free one).
 */
public class QuayFakeServer(
    allFeatures: Boolean = false,
    superuserToken: String? = null,
    port: Int = 0,
) : AutoCloseable {
    private val fake: QuayFake

    init {
        if (port !in 0..65535) {
            throw failure("invalid_input", null, "QuayFakeServer: invalid input: `port` must be 0..65535, not $port")
        }
        fake =
            try {
                QuayFake.start(FakeOptions(allFeatures, superuserToken, port.toUShort()))
            } catch (e: NativeException) {
                throw e.toQuay()
            }
    }

    /** The base URL (`http://127.0.0.1:PORT`), for [QuayConfig.registry]. */
    public val url: String = fake.url()

    /** The token of the fake's superuser (every scope), for [QuayConfig.token]. */
    public val token: String = fake.superuserToken()

    /** A configuration for this server with the superuser's token. */
    public fun config(): QuayConfig = QuayConfig(registry = url, token = token)

    /** A client of this server with the superuser's token (close it too). */
    public fun client(): QuayClient = QuayClient(config())

    /**
     * Pushes one manifest into `namespace/repository` (created if missing; the namespace must
     * exist) and points [count] new tags `{prefix}{i}` at it, as a `docker push` would. Returns
     * the manifest's `sha256:` digest.
     */
    public fun pushTags(namespace: String, repository: String, count: Int, prefix: String): String {
        if (count < 0) {
            throw failure("invalid_input", null, "pushTags: invalid input: `count` must be >= 0, not $count")
        }
        return try {
            fake.pushTags(namespace, repository, count.toUInt(), prefix)
        } catch (e: NativeException) {
            throw e.toQuay()
        }
    }

    /** Stops the server. Stopping twice is harmless. */
    override fun close() {
        fake.stop()
    }
}

package io.quaysdk

import java.net.InetAddress
import java.net.ServerSocket
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * 16 coroutines on several threads share one client: on [Dispatchers.Default] (calls run on the
 * facade's call threads) and on [Dispatchers.IO] (calls run on the coroutines' own threads).
 */
class ConcurrencyTest {
    @Test
    fun sixteenCoroutinesShareOneClient() = sixteenCoroutines(Dispatchers.Default)

    @Test
    fun sixteenCoroutinesOnTheIoDispatcherShareOneClient() = sixteenCoroutines(Dispatchers.IO)

    private fun sixteenCoroutines(dispatcher: CoroutineDispatcher) =
        runBlocking<Unit> {
            QuayFakeServer().use { fake ->
                fake.client().use { quay ->
                    quay.createOrganization(body = NewOrg(name = "acme", email = "acme@example.com"))
                    quay.createRepo(body = NewRepo(namespace = "acme", repository = "web", visibility = Visibility.PUBLIC, description = ""))
                    val names =
                        (0 until 16).map { c ->
                            async(dispatcher) {
                                (0 until 10).map { quay.getRepo(namespace = "acme", repository = "web").name + c }
                            }
                        }.awaitAll().flatten()
                    assertEquals(160, names.size)
                    assertEquals((0 until 16).map { "web$it" }.toSet(), names.toSet())
                }
            }
        }

    /**
     * Calls from a dispatcher that must not block run on the facade's call threads, at most 64 at
     * once: 100 coroutines calling a server that never answers hold 64 threads, the others wait
     * suspended, and cancelling them all ends every call.
     */
    @Test
    fun callThreadsAreCapped() =
        runBlocking<Unit> {
            ServerSocket(0, 200, InetAddress.getLoopbackAddress()).use { server ->
                QuayClient(QuayConfig(registry = "http://127.0.0.1:${server.localPort}", token = "t", retries = 0)).use { quay ->
                    val calls = (0 until 100).map { launch(Dispatchers.Default) { quay.getOrganization(orgname = "acme") } }
                    fun callThreads() = Thread.getAllStackTraces().keys.count { it.name == "quay-sdk-call" && it.isAlive }
                    val deadline = System.nanoTime() + 10.seconds.inWholeNanoseconds
                    while (callThreads() < 64 && System.nanoTime() < deadline) delay(20.milliseconds)
                    delay(200.milliseconds)
                    assertEquals(64, callThreads())
                    assertTrue(calls.none { it.isCompleted })
                    val start = System.nanoTime()
                    calls.forEach { it.cancel() }
                    calls.joinAll()
                    assertTrue(calls.all { it.isCancelled })
                    assertTrue(System.nanoTime() - start < 10.seconds.inWholeNanoseconds)
                }
            }
        }
}

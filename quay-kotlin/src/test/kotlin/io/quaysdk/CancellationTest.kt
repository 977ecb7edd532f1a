package io.quaysdk

import java.net.InetAddress
import java.net.ServerSocket
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/** Cancelling a coroutine cancels its request; the client's own timeout is a TimeoutException. */
class CancellationTest {
    /** A server that accepts connections (the kernel's backlog) and never answers. */
    private fun silent(): ServerSocket = ServerSocket(0, 50, InetAddress.getLoopbackAddress())

    @Test
    fun aCancelledCoroutineCancelsItsCall() =
        runBlocking<Unit> {
            silent().use { server ->
                QuayClient(QuayConfig(registry = "http://127.0.0.1:${server.localPort}", token = "t", retries = 0)).use { quay ->
                    // Cancelled from another coroutine while in flight.
                    val start = System.nanoTime()
                    val call = async(Dispatchers.Default) { quay.getOrganization(orgname = "acme") }
                    delay(200.milliseconds)
                    call.cancel()
                    assertFailsWith<CancellationException> { call.await() }
                    assertTrue(System.nanoTime() - start < 10.seconds.inWholeNanoseconds)

                    // A deadline.
                    assertFailsWith<TimeoutCancellationException> { withTimeout(300.milliseconds) { quay.getOrganization(orgname = "acme") } }

                    // The same on Dispatchers.IO, where the call blocks the coroutine's own thread.
                    val onIo = async(Dispatchers.IO) { quay.getOrganization(orgname = "acme") }
                    delay(200.milliseconds)
                    onIo.cancel()
                    assertFailsWith<CancellationException> { onIo.await() }
                    withContext(Dispatchers.IO) {
                        assertFailsWith<TimeoutCancellationException> { withTimeout(300.milliseconds) { quay.getOrganization(orgname = "acme") } }
                    }

                    // A flow waiting for a page.
                    val paging = launch { quay.listRepoTagsAll(namespace = "acme", repository = "web").toList() }
                    delay(200.milliseconds)
                    paging.cancel()
                    paging.join()
                    assertTrue(paging.isCancelled)
                    assertTrue(System.nanoTime() - start < 20.seconds.inWholeNanoseconds)
                }
                // The client's own timeout is a TimeoutException (a TransportException), not a cancellation.
                QuayClient(QuayConfig(registry = "http://127.0.0.1:${server.localPort}", token = "t", retries = 0, timeout = 300.milliseconds)).use { quay ->
                    val e: QuayException = assertFailsWith<TimeoutException> { quay.getOrganization(orgname = "acme") }
                    assertIs<TransportException>(e)
                    assertEquals("timeout", e.code)
                }
            }
        }
}

package io.quaysdk

import kotlin.test.Test
import kotlin.test.assertEquals
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
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
}

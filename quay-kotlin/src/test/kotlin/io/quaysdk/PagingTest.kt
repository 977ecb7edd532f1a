package io.quaysdk

import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.flow.toSet
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put

class PagingTest {
    @Test
    fun pagedListsAreFlows() =
        runBlocking<Unit> {
            QuayFakeServer().use { fake ->
                fake.client().use { quay ->
                    quay.createOrganization(body = NewOrg(name = "acme", email = "acme@example.com"))
                    quay.createRepo(body = NewRepo(namespace = "acme", repository = "web", visibility = Visibility.PUBLIC, description = ""))
                    fake.pushTags("acme", "web", 7, "v")
                    val page = quay.listRepoTags(namespace = "acme", repository = "web", limit = 2)
                    assertEquals(2, page.tags.size)
                    assertTrue(page.hasAdditional)
                    val flow = quay.listRepoTagsAll(namespace = "acme", repository = "web", limit = 2)
                    assertEquals((0 until 7).map { "v$it" }.toSet(), flow.map { it.name }.toSet())
                    // A Flow is cold: collecting again starts over; take() stops early and frees the pager.
                    assertEquals(7, flow.toList().size)
                    assertEquals(3, flow.take(3).toList().size)
                    // The untyped pager.
                    val args =
                        buildJsonObject {
                            put("namespace", "acme")
                            put("repository", "web")
                            put("limit", 3)
                        }
                    val names = quay.paginate("listRepoTags", args).map { it.jsonObject["name"]!!.jsonPrimitive.content }.toList()
                    assertEquals(7, names.toSet().size)
                    // An operation that does not page is refused when collecting starts.
                    val refused =
                        assertFailsWith<InvalidInputException> {
                            quay.paginate("getRepo", buildJsonObject { put("namespace", "acme"); put("repository", "web") }).toList()
                        }
                    assertTrue("getRepo" in refused.message!!, refused.message)
                }
            }
        }
}

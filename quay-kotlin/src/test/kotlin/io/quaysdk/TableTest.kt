package io.quaysdk

import io.quaysdk.ffi.operationsJson
import kotlin.coroutines.Continuation
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlinx.coroutines.flow.Flow
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

class TableTest {
    /** Every operation of the native table (built from the spec) is a suspend method, and every paged one has its Flow. */
    @Test
    fun everyOperationIsAMethod() {
        val table = QuayJson.parseToJsonElement(operationsJson()).jsonArray
        assertTrue(table.size >= 80, "the table has ${table.size} operations")
        val methods = QuayClient::class.java.methods.groupBy { it.name }
        for (op in table) {
            val id = op.jsonObject["id"]!!.jsonPrimitive.content
            val name = QuayClient.OPERATION_METHODS[id] ?: error("$id has no method")
            val method = methods[name]?.single() ?: error("$id: QuayClient has no method $name")
            assertEquals(Continuation::class.java, method.parameterTypes.last(), "$id: $name is not a suspend method")
            val paged = op.jsonObject["paging"] !is JsonNull
            val flow = methods["${name}All"]
            assertEquals(paged, flow != null, "$id: paged $paged, but a Flow ${name}All: ${flow != null}")
            if (flow != null) assertEquals(Flow::class.java, flow.single().returnType)
        }
        assertEquals(table.size, QuayClient.OPERATION_METHODS.size)
    }

    @Test
    fun nullableFieldsAreAbsentNullOrAValue() {
        assertEquals("{}", QuayJson.encodeToString(ChangeTag.serializer(), ChangeTag()))
        assertEquals("""{"expiration":null}""", QuayJson.encodeToString(ChangeTag.serializer(), ChangeTag(expiration = Nullable.Null)))
        assertEquals("""{"expiration":7}""", QuayJson.encodeToString(ChangeTag.serializer(), ChangeTag(expiration = Nullable.Value(7L))))
        assertEquals(Nullable.Absent, QuayJson.decodeFromString(ChangeTag.serializer(), "{}").expiration)
        assertEquals(Nullable.Null, QuayJson.decodeFromString(ChangeTag.serializer(), """{"expiration":null}""").expiration)
        assertEquals(7L, QuayJson.decodeFromString(ChangeTag.serializer(), """{"expiration":7}""").expiration.valueOrNull)
        assertEquals(Nullable.Value("x"), Nullable.of("x"))
        assertEquals(Nullable.Null, Nullable.of<String>(null))
    }
}

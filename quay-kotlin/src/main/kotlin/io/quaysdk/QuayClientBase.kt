package io.quaysdk

import io.quaysdk.ffi.NativeException
import java.lang.ref.Cleaner
import java.lang.ref.Reference
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject

/**
 * The JSON settings of the facade: unknown keys are ignored (a newer Quay may send more), optional
 * values left null are not sent.
 */
public val QuayJson: Json =
    Json {
        ignoreUnknownKeys = true
        encodeDefaults = false
    }

/** The arguments of an operation that takes none. */
internal val NO_ARGUMENTS: JsonObject = JsonObject(emptyMap())

/**
 * What every client has beside its generated methods (see [QuayClient]): the untyped [call] and
 * [paginate] by operationId, and [close]. It runs over the native client of `io.quaysdk.ffi`
 * (uniffi's scaffolding), whose calls and pagers it reaches through the [FastPath]: a call, like a
 * pager's wait for its next item, is a blocking native call run as [NativeCall] says (on the
 * caller's thread on [kotlinx.coroutines.Dispatchers.IO], else on a thread of [CallThreads]); a
 * call runs on the Rust runtime and connections of that thread, a pager on the Rust SDK's shared
 * runtime.
 */
public abstract class QuayClientBase(config: QuayConfig) : AutoCloseable {
    private val native: io.quaysdk.ffi.QuayClient =
        try {
            io.quaysdk.ffi.QuayClient(config.toJson())
        } catch (e: NativeException) {
            throw e.toQuay()
        }

    /** The native client's number on the [FastPath], released when this client is collected. */
    private val id: Long = native.jvmId().toLong()

    init {
        CLEANER.register(this, ReleaseClient(id))
    }

    private companion object {
        /** Releases the fast-path numbers of collected clients. */
        val CLEANER: Cleaner = Cleaner.create()
    }

    /** The cleaning action: it must not hold the client itself. */
    private class ReleaseClient(private val id: Long) : Runnable {
        override fun run() {
            FastPath.releaseClient(id)
        }
    }

    /** The URL requests go to (never holds the token). */
    public val baseUrl: String get() = native.baseUrl()

    /** Whether [close] was called. */
    public val isClosed: Boolean get() = native.isClosed()

    /**
     * Calls any operation by its operationId (`createOrgRobot`) with its arguments: path and query
     * parameters and body fields by their spec names, or the whole body under `"body"`. The result
     * is Quay's JSON as sent (`JsonNull` for no content).
     */
    public suspend fun call(operation: String, args: JsonObject = NO_ARGUMENTS): JsonElement =
        QuayJson.parseToJsonElement(raw(operation, args))

    /** The items of any paged operation (`listRepoTags`, ...), as [call] takes its arguments. */
    public fun paginate(operation: String, args: JsonObject = NO_ARGUMENTS): Flow<JsonElement> =
        pages(operation, args, JsonElement.serializer())

    /** Calls an operation and decodes its result. */
    protected suspend fun <T> invoke(operation: String, args: JsonObject, result: DeserializationStrategy<T>): T =
        decode(operation, raw(operation, args), result)

    /** Calls an operation that answers no content. */
    protected suspend fun invokeUnit(operation: String, args: JsonObject) {
        raw(operation, args)
    }

    /**
     * The items of a paged operation: every argument is checked when collecting starts, a page is
     * fetched when the previous one is used up, and the native pager is freed when collecting ends.
     */
    protected fun <T> pages(operation: String, args: JsonObject, item: DeserializationStrategy<T>): Flow<T> =
        flow {
            val pager = FastPath.paginate(id, operation, args.toString())
            try {
                while (true) {
                    val next = NativeCall.run { cancel -> FastPath.next(pager, cancel) } ?: break
                    emit(decode(operation, next, item))
                }
            } finally {
                FastPath.releasePager(pager)
            }
        }

    /** One call, run as [NativeCall] says, through the [FastPath]. */
    private suspend fun raw(operation: String, args: JsonObject): String {
        val json = args.toString()
        try {
            return NativeCall.run { cancel -> FastPath.call(id, operation, json, cancel) }
        } finally {
            // This client stays reachable (its number registered) until the call has ended.
            Reference.reachabilityFence(this)
        }
    }

    private fun <T> decode(operation: String, text: String, result: DeserializationStrategy<T>): T =
        try {
            QuayJson.decodeFromString(result, text)
        } catch (e: IllegalArgumentException) {
            throw failure(
                "decode",
                operation,
                "$operation: Quay's answer does not decode: ${e.message}; the body began: ${text.take(200)}",
                e,
            )
        }

    /**
     * Closes the client: its connections are dropped once the calls in flight end, and later calls
     * fail with [ClientClosedException]. Flows already being collected go on. Closing twice is
     * harmless; the native object itself is freed when the client is garbage-collected.
     */
    override fun close() {
        native.shutdown()
        FastPath.releaseClient(id)
    }
}

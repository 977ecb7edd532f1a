package io.quaysdk

import com.sun.jna.CallbackThreadInitializer
import com.sun.jna.Native
import io.quaysdk.ffi.NativeException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.suspendCancellableCoroutine
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
 * (uniffi's scaffolding): a call blocks a thread of its own pool on the Rust runtime of that thread
 * while the coroutine is suspended (see [CallThreads]); pagers run on the Rust SDK's shared runtime.
 */
public abstract class QuayClientBase(config: QuayConfig) : AutoCloseable {
    private companion object {
        init {
            // uniffi wakes a suspended pager step through a JNA callback from a thread of the Rust
            // runtime. JNA attaches such a thread to the JVM for the callback and detaches it
            // afterwards, which costs a java.lang.Thread per call; the runtime's threads live as
            // long as the process, so they stay attached (as daemons, never holding the JVM up).
            Native.setCallbackThreadInitializer(
                io.quaysdk.ffi.uniffiRustFutureContinuationCallbackImpl,
                CallbackThreadInitializer(true, false, "quay-sdk-runtime"),
            )
        }
    }

    private val native: io.quaysdk.ffi.QuayClient =
        try {
            io.quaysdk.ffi.QuayClient(config.toJson())
        } catch (e: NativeException) {
            throw e.toQuay()
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
            val pager =
                try {
                    native.paginate(operation, args.toString())
                } catch (e: NativeException) {
                    throw e.toQuay()
                }
            pager.use {
                while (true) {
                    val next =
                        try {
                            it.next()
                        } catch (e: NativeException) {
                            throw e.toQuay()
                        } ?: break
                    emit(decode(operation, next, item))
                }
            }
        }

    /**
     * One call: the native call blocks a thread of [CallThreads] (on that thread's own runtime and
     * connections, the fastest path measured) while the coroutine stays suspended; cancelling the
     * coroutine cancels the call's token, which drops the request in flight, and the coroutine
     * resumes with the cancellation at once.
     */
    private suspend fun raw(operation: String, args: JsonObject): String {
        val json = args.toString()
        return suspendCancellableCoroutine { continuation ->
            val cancel = io.quaysdk.ffi.QuayCancel()
            continuation.invokeOnCancellation { cancel.cancel() }
            CallThreads.execute {
                val outcome =
                    try {
                        Result.success(native.call(operation, json, cancel))
                    } catch (e: NativeException) {
                        Result.failure(e.toQuay())
                    } catch (e: Throwable) {
                        Result.failure(e)
                    }
                Runnable { continuation.resumeWith(outcome) }
            }
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
    }
}

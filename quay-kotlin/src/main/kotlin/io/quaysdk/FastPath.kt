package io.quaysdk

import com.sun.jna.Native
import com.sun.jna.Pointer
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable

/**
 * The native library's fast path (the `jvm` module of `quay-uniffi`), called through JNA's direct
 * mapping with byte arrays and numbers only: a call, a pager's next item, cancel tokens. uniffi's
 * own Kotlin glue costs about ten JNA crossings a call, each far dearer than these (see the
 * README's benchmark notes); the facade uses uniffi for everything else. Clients, pagers and
 * tokens are numbers the native side registers; an unknown one is a [ClientClosedException].
 */
internal object FastPath {
    private const val OK = 0
    private const val ERROR = 1
    private const val END = 2

    init {
        // The very library uniffi's scaffolding loaded: the same name (and override property) and
        // the same class loader make JNA hand out its cached instance, never a second copy (a
        // copy extracted from the jar anew would hold other registries).
        val name = System.getProperty("uniffi.component.quay_uniffi.libraryOverride") ?: "quay_uniffi"
        Native.register(FastPath::class.java, name)
    }

    @JvmStatic private external fun quay_jvm_call(client: Long, op: ByteArray, opLen: Long, args: ByteArray, argsLen: Long, cancel: Long, out: LongArray): Int

    @JvmStatic private external fun quay_jvm_paginate(client: Long, op: ByteArray, opLen: Long, args: ByteArray, argsLen: Long, out: LongArray): Int

    @JvmStatic private external fun quay_jvm_pager_next(pager: Long, cancel: Long, out: LongArray): Int

    @JvmStatic private external fun quay_jvm_pager_release(pager: Long)

    @JvmStatic private external fun quay_jvm_client_release(client: Long)

    @JvmStatic private external fun quay_jvm_cancel_new(): Long

    @JvmStatic private external fun quay_jvm_cancel(cancel: Long)

    @JvmStatic private external fun quay_jvm_cancel_free(cancel: Long)

    @JvmStatic private external fun quay_jvm_bytes_free(ptr: Pointer, len: Long)

    /** Calls [operation] of client [client] with its JSON arguments; its JSON result. */
    fun call(client: Long, operation: String, args: String, cancel: Long): String {
        val op = operation.toByteArray()
        val json = args.toByteArray()
        val out = LongArray(2)
        return text(quay_jvm_call(client, op, op.size.toLong(), json, json.size.toLong(), cancel, out), out)
            ?: throw failure("internal", operation, "$operation: the native call answered no result")
    }

    /** A pager's number over [operation] of client [client] (every argument checked now). */
    fun paginate(client: Long, operation: String, args: String): Long {
        val op = operation.toByteArray()
        val json = args.toByteArray()
        val out = LongArray(2)
        val status = quay_jvm_paginate(client, op, op.size.toLong(), json, json.size.toLong(), out)
        if (status == OK) return out[0]
        text(status, out)
        throw failure("internal", operation, "$operation: the native pager answered status $status")
    }

    /** The next item's JSON of pager [pager], or null after the last one. */
    fun next(pager: Long, cancel: Long): String? {
        val out = LongArray(2)
        return text(quay_jvm_pager_next(pager, cancel, out), out)
    }

    /** Forgets pager [pager]. */
    fun releasePager(pager: Long): Unit = quay_jvm_pager_release(pager)

    /** Forgets client number [client] (the client lives on while uniffi's object does). */
    fun releaseClient(client: Long): Unit = quay_jvm_client_release(client)

    /** A new cancel token's number. */
    fun newCancel(): Long = quay_jvm_cancel_new()

    /** Cancels the calls given token [cancel], now and later. */
    fun cancel(cancel: Long): Unit = quay_jvm_cancel(cancel)

    /** Forgets token [cancel]. */
    fun freeCancel(cancel: Long): Unit = quay_jvm_cancel_free(cancel)

    /** The buffer of [out] as text (freed), null at a pager's end; an error's envelope is thrown. */
    private fun text(status: Int, out: LongArray): String? {
        if (status == END) return null
        val ptr = Pointer(out[0])
        val bytes = ptr.getByteArray(0, out[1].toInt())
        quay_jvm_bytes_free(ptr, out[1])
        val text = String(bytes, Charsets.UTF_8)
        if (status == OK) return text
        val e = QuayJson.decodeFromString(Envelope.serializer(), text)
        throw exceptionOf(
            ErrorInfo(
                code = e.code,
                message = e.message,
                status = e.status,
                errorType = e.errorType,
                title = e.title,
                detail = e.detail,
                retryAfter = e.retryAfter,
                operation = e.operation,
                method = e.method,
                path = e.path,
                attempts = e.attempts,
            ),
        )
    }

    /** The error envelope of `quay-bindings`, as JSON. */
    @Serializable
    private class Envelope(
        val code: String,
        val message: String,
        val status: Int? = null,
        @SerialName("error_type") val errorType: String? = null,
        val title: String? = null,
        val detail: String? = null,
        @SerialName("retry_after") val retryAfter: Double? = null,
        val operation: String? = null,
        val method: String? = null,
        val path: String? = null,
        val attempts: Int = 0,
    )
}

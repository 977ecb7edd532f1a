package io.quaysdk

import io.quaysdk.ffi.ErrorDetails
import io.quaysdk.ffi.NativeException

/**
 * What an error reports, in every language alike.
 *
 * @property code the stable dotted code (`api.not_found`, `invalid_input`, `timeout`, ...).
 * @property message the whole message: it names the call and never holds the token.
 * @property status the HTTP status Quay answered with, or null when it did not answer.
 * @property errorType Quay's error type (`insufficient_scope`, ...), when it sent one.
 * @property title Quay's title, when it sent one.
 * @property detail Quay's explanation, when it answered.
 * @property retryAfter seconds to wait, from a `Retry-After` header.
 * @property operation the operationId of the failed call, when a call was made.
 * @property method its HTTP method, when a call was made.
 * @property path the path it requested, when a call was made.
 * @property attempts how many times the request was sent (transport errors and timeouts).
 */
public data class ErrorInfo(
    val code: String,
    val message: String,
    val status: Int? = null,
    val errorType: String? = null,
    val title: String? = null,
    val detail: String? = null,
    val retryAfter: Double? = null,
    val operation: String? = null,
    val method: String? = null,
    val path: String? = null,
    val attempts: Int = 0,
)

/**
 * Every error of the SDK: an error answer of Quay ([ApiException] and its subclasses, with the
 * HTTP [status]) or a failure before or instead of one ([InvalidInputException] refused before
 * sending, [TransportException], [TimeoutException], [ClientClosedException], ...). There is a
 * class per stable code, under its parent code's class (`Exceptions.kt`, generated). A cancelled
 * coroutine ends with kotlinx's `CancellationException`, as cancelled coroutines do.
 */
public open class QuayException(
    /** Everything the error reports. */
    public val info: ErrorInfo,
    cause: Throwable? = null,
) : Exception(info.message, cause) {
    /** The stable dotted code. */
    public val code: String get() = info.code

    /** The HTTP status Quay answered with, or null. */
    public val status: Int? get() = info.status

    /** Quay's error type, when it sent one. */
    public val errorType: String? get() = info.errorType

    /** The operationId of the failed call, when a call was made. */
    public val operation: String? get() = info.operation
}

/** The facade's exception for an error of the native layer. */
internal fun NativeException.toQuay(): QuayException {
    val d: ErrorDetails = nativeDetails()
    return exceptionOf(
        ErrorInfo(
            code = d.code,
            message = d.message,
            status = d.status?.toInt(),
            errorType = d.errorType,
            title = d.title,
            detail = d.detail,
            retryAfter = d.retryAfter,
            operation = d.operation,
            method = d.method,
            path = d.path,
            attempts = d.attempts.toInt(),
        ),
    )
}

/** An error of the facade itself (a refused argument, an answer that does not decode). */
internal fun failure(code: String, operation: String?, message: String, cause: Throwable? = null): QuayException =
    exceptionOf(ErrorInfo(code = code, message = message, operation = operation), cause)

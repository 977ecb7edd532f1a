package io.quaysdk

import kotlin.coroutines.ContinuationInterceptor
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit

/**
 * How a blocking native call runs under a coroutine, cancellable through the cancel token it is
 * given (a number of [FastPath]; cancelling it drops the request in flight, and the call then
 * ends with the `cancelled` code):
 *
 * - on [Dispatchers.IO] (whose threads are there to block), on the caller's own thread: no hop
 *   between threads, which is the fastest path; the coroutine's cancellation (including a
 *   `withTimeout`, whose timer runs on another thread) cancels the token;
 * - anywhere else (`runBlocking`, [Dispatchers.Default], a UI dispatcher), on a thread of
 *   [CallThreads] while the coroutine stays suspended, so that the caller's dispatcher is never
 *   blocked; at most [MAX_IN_FLIGHT] such calls run at once, later ones wait (suspended) for one
 *   to end.
 *
 * Either way, when the coroutine was cancelled, its cancellation is what the caller sees.
 */
internal object NativeCall {
    /** The most calls running on [CallThreads] at once (as many as [Dispatchers.IO] has threads). */
    const val MAX_IN_FLIGHT: Int = 64

    private val permits = Semaphore(MAX_IN_FLIGHT)

    /** Runs [work] with a fresh token, on the caller's thread or on [CallThreads] (see above). */
    suspend fun <T> run(work: (cancel: Long) -> T): T {
        val context = currentCoroutineContext()
        val outcome =
            if (context[ContinuationInterceptor] === Dispatchers.IO) {
                here(context[Job], work)
            } else {
                permits.withPermit { onCallThread(work) }
            }
        return outcome.getOrElse {
            // A call ended by the coroutine's cancellation reports that cancellation.
            context.ensureActive()
            throw it
        }
    }

    /** [work] on this thread; the job's cancellation, from any thread, cancels the token. */
    @OptIn(InternalCoroutinesApi::class)
    private fun <T> here(job: Job?, work: (cancel: Long) -> T): Result<T> {
        val cancel = FastPath.newCancel()
        // `onCancelling`: called as soon as the job is cancelled, while this thread still blocks
        // in the call (a plain completion handler would wait for the call to end).
        val handle = job?.invokeOnCompletion(onCancelling = true, invokeImmediately = true) { FastPath.cancel(cancel) }
        try {
            return runCatching { work(cancel) }
        } finally {
            handle?.dispose()
            FastPath.freeCancel(cancel)
        }
    }

    /**
     * [work] on a thread of [CallThreads] while the coroutine is suspended. A cancelled coroutine
     * resumes at once (with its cancellation) and cancels the token; the thread then ends the call.
     * (Cancelling a token already freed does nothing.)
     */
    private suspend fun <T> onCallThread(work: (cancel: Long) -> T): Result<T> =
        suspendCancellableCoroutine { continuation ->
            val cancel = FastPath.newCancel()
            continuation.invokeOnCancellation { FastPath.cancel(cancel) }
            CallThreads.execute {
                val outcome = runCatching { work(cancel) }
                FastPath.freeCancel(cancel)
                Runnable { continuation.resumeWith(Result.success(outcome)) }
            }
        }
}

package io.quaysdk

import java.util.concurrent.ConcurrentLinkedDeque
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference
import java.util.concurrent.locks.LockSupport

/**
 * The threads blocking native calls run on: one per call in flight, the most recently idle one
 * first (so that sequential calls keep one thread, whose Rust runtime and connections stay warm),
 * a new one when none is idle, each ending after a minute idle. Daemons, never holding the JVM up;
 * 16 MiB stacks, since the SDK's dispatch runs on them and is deep in a debug build (the JVM's
 * default is 1 MiB). (`ThreadPoolExecutor` hands a task to an idle thread only if that thread is
 * already waiting, so a coroutine that calls again at once made a new thread, runtime and
 * connection almost every time.)
 */
internal object CallThreads {
    private const val IDLE_NANOS: Long = 60_000_000_000L
    private const val STACK_BYTES: Long = 16L shl 20

    private val idle = ConcurrentLinkedDeque<Worker>()

    /**
     * Runs [task] on an idle thread, or on a new one. The task does the blocking work and returns
     * what to run next (resuming the caller): by then the thread is idle again, so that the
     * caller's next call finds it.
     */
    fun execute(task: () -> Runnable) {
        while (true) {
            val worker = idle.pollFirst() ?: break
            if (worker.give(task)) return
        }
        Worker(task).start()
    }

    private class Worker(private val first: () -> Runnable) : Thread(null, null, "quay-sdk-call", STACK_BYTES) {
        /** The task handed over while idle. */
        private val slot = AtomicReference<(() -> Runnable)?>(null)

        init {
            isDaemon = true
        }

        /** Hands [task] to this idle worker; false if it has ended. */
        fun give(task: () -> Runnable): Boolean {
            if (!isAlive) return false
            slot.set(task)
            LockSupport.unpark(this)
            return true
        }

        override fun run() {
            var task = first
            while (true) {
                val then = task()
                idle.addFirst(this)
                then.run()
                task = await() ?: return
            }
        }

        /** Waits (listed idle) for a task; null after a minute without one (then this thread ends). */
        private fun await(): (() -> Runnable)? {
            val deadline = System.nanoTime() + IDLE_NANOS
            while (true) {
                slot.getAndSet(null)?.let { return it }
                val left = deadline - System.nanoTime()
                if (left <= 0) {
                    // Leave the idle list; if someone took this worker meanwhile, its task comes.
                    if (idle.removeFirstOccurrence(this)) return null
                    while (true) {
                        slot.getAndSet(null)?.let { return it }
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1))
                    }
                }
                LockSupport.parkNanos(this, left)
            }
        }
    }
}

package dev.warden.inference.work;

import io.vertx.core.Context;

/**
 * The guard every entry point of tensor work passes first: it fails the work if it is about to run on a
 * Vert.x event loop (where one blocked thread stalls every connection it serves). The gRPC service hands
 * tensor work to the worker pools, so in a correct build this never fires; if a change ever moved tensor
 * work onto the event loop, the call would fail loudly with INTERNAL instead of silently stalling the
 * server, and the tests (which exercise every RPC) would catch it.
 */
public final class OffEventLoop {

    private OffEventLoop() {
    }

    /**
     * Returns normally off the event loop.
     *
     * @param work what is about to run, for the message
     * @throws IllegalStateException on a Vert.x event-loop thread
     */
    public static void check(String work) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException(work + " must not run on the event loop (thread "
                    + Thread.currentThread().getName() + "); hand it to a worker pool");
        }
    }
}

package dev.warden.gateway.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Runs tasks on one Vert.x context (a request's event loop): inline when already on it, else queued to it.
 * Passed as the executor of the request's gRPC calls, it delivers every upstream callback on the request's own
 * event loop, so a request's steps never run on two threads at once and never on a gRPC or worker thread.
 */
public final class ContextExecutor implements Executor {

    private final Context context;

    /** An executor on {@code context}. */
    public ContextExecutor(Context context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * The executor of the calling thread's Vert.x context.
     *
     * @throws IllegalStateException when not called on a Vert.x thread
     */
    public static ContextExecutor current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("not on a Vert.x context");
        }
        return new ContextExecutor(context);
    }

    @Override
    public void execute(Runnable command) {
        if (Vertx.currentContext() == context && Context.isOnEventLoopThread()) {
            command.run();
        } else {
            context.runOnContext(ignored -> command.run());
        }
    }
}

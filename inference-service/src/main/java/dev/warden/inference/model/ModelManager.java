package dev.warden.inference.model;

import dev.warden.inference.error.LoadInProgressException;
import dev.warden.inference.error.ModelNotFoundException;
import dev.warden.inference.error.ModelUnavailableException;
import dev.warden.inference.work.OffEventLoop;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Which model serves, and the atomic swap to another one. A request {@link #acquire acquires} a lease on
 * the current model and keeps it to its end; {@link #load} loads the next model off to the side, then
 * swaps it in with one atomic reference update: requests that acquired before the swap finish on the old
 * model, requests after it get the new one, and the old model is freed when its last lease is released.
 * One load at a time: another one meanwhile is rejected ({@link LoadInProgressException}). A failed load
 * leaves the current model serving.
 */
public final class ModelManager implements AutoCloseable {

    private final CheckpointLoader loader;
    private final Executor executor;
    private final AtomicReference<ServedModel> current = new AtomicReference<>();
    private final AtomicReference<String> loading = new AtomicReference<>();
    private final List<ModelStateListener> listeners = new CopyOnWriteArrayList<>();
    private volatile String unavailableReason = "no model is loaded yet";
    private volatile boolean closed;

    /**
     * A manager serving nothing yet.
     *
     * @param loader   loads checkpoints
     * @param executor runs the loads (blocking, seconds to minutes): never the event loop
     */
    public ModelManager(CheckpointLoader loader, Executor executor) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Registers a listener, told at once when a model already serves. */
    public void addListener(ModelStateListener listener) {
        listeners.add(listener);
        ServedModel m = current.get();
        if (m != null) {
            listener.onServing(m.description());
        }
    }

    /**
     * A lease on the current model.
     *
     * @param requested the model name of the request; empty or null means whichever model is loaded
     * @throws ModelUnavailableException while no model is loaded (the reason says why)
     * @throws ModelNotFoundException when {@code requested} names another model than the loaded one
     */
    public ModelLease acquire(String requested) {
        while (true) {
            ServedModel m = current.get();
            if (m == null) {
                throw new ModelUnavailableException(unavailableMessage());
            }
            if (requested != null && !requested.isEmpty() && !requested.equals(m.name())) {
                throw new ModelNotFoundException(requested, m.name());
            }
            if (m.tryRetain()) {
                return new ModelLease(m);
            }
            // m was swapped out and freed between the read and the retain: read the new one
        }
    }

    /**
     * The model serving new requests.
     *
     * @throws ModelUnavailableException while none serves (the reason says why)
     */
    public ModelDescription require() {
        ServedModel m = current.get();
        if (m == null) {
            throw new ModelUnavailableException(unavailableMessage());
        }
        return m.description();
    }

    /** The model serving new requests, if any. */
    public Optional<ModelDescription> current() {
        return Optional.ofNullable(current.get()).map(ServedModel::description);
    }

    /** The served model itself (for tests that watch it being freed after a swap). */
    Optional<ServedModel> currentServed() {
        return Optional.ofNullable(current.get());
    }

    /** Whether a model serves new requests. */
    public boolean isServing() {
        return current.get() != null;
    }

    /**
     * Loads {@code spec} on the load executor and swaps it in. The in-progress check happens here, on the
     * caller's thread, so a second load is rejected at once.
     *
     * @return completes with the outcome once the new model serves, or exceptionally with the reason it
     *     could not be loaded (the old model then keeps serving)
     * @throws LoadInProgressException while another load runs
     */
    public CompletableFuture<LoadOutcome> load(LoadSpec spec) {
        return load(spec.path().toString(), () -> spec);
    }

    /**
     * Like {@link #load(LoadSpec)}, for a spec that takes work to produce (the default checkpoint,
     * which may have to be built first); {@code description} says what is loading meanwhile.
     */
    public CompletableFuture<LoadOutcome> load(String description, Supplier<LoadSpec> spec) {
        if (!loading.compareAndSet(null, description)) {
            throw new LoadInProgressException(loading.get());
        }
        try {
            return CompletableFuture.supplyAsync(() -> swapIn(spec.get()), executor)
                    .whenComplete((outcome, failure) -> loading.set(null));
        } catch (RejectedExecutionException e) {
            loading.set(null);
            throw new ModelUnavailableException("the service is stopping; no model can be loaded");
        }
    }

    private LoadOutcome swapIn(LoadSpec spec) {
        OffEventLoop.check("model loading");
        long start = System.nanoTime();
        ServedModel next;
        try {
            next = loader.load(spec);
        } catch (RuntimeException e) {
            if (current.get() == null) {
                unavailableReason = "no model is serving: loading " + spec.path() + " failed: " + e.getMessage();
            }
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (closed) {
            next.release();
            throw new ModelUnavailableException("the service is stopping");
        }
        ServedModel previous = current.getAndSet(next);
        listeners.forEach(l -> l.onServing(next.description()));
        if (previous != null) {
            previous.release(); // the manager's reference; in-flight leases keep it alive until they end
        }
        return new LoadOutcome(next.description(), Optional.ofNullable(previous).map(ServedModel::description),
                took);
    }

    private String unavailableMessage() {
        String inProgress = loading.get();
        return inProgress != null ? "no model is serving yet: loading " + inProgress : unavailableReason;
    }

    /** Stops serving: new requests are UNAVAILABLE; the model is freed after the requests holding it. */
    @Override
    public void close() {
        closed = true;
        unavailableReason = "the service is stopping";
        ServedModel previous = current.getAndSet(null);
        if (previous != null) {
            listeners.forEach(l -> l.onUnavailable(unavailableReason));
            previous.release();
        }
    }
}

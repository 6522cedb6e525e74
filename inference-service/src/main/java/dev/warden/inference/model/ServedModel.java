package dev.warden.inference.model;

import dev.warden.model.checkpoint.LoadedModel;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded model while it serves, with a reference count so that a swap never pulls it from under a
 * request: the {@link ModelManager} holds one reference while the model is current, each request holds
 * one through a {@link ModelLease}, and the native resources are freed when the last one is released.
 * Once the count reaches zero it can never be taken again ({@link #tryRetain()} fails), so a request that
 * raced with the swap simply retries on the new model.
 */
public final class ServedModel {

    private final ModelDescription description;
    private final LoadedModel loaded;
    private final Runnable closer;
    private final AtomicInteger references = new AtomicInteger(1);

    /**
     * Wraps a loaded model; the caller's reference (the manager's) is the first one.
     *
     * @param closer frees the model's resources once the last reference is released
     */
    ServedModel(ModelDescription description, LoadedModel loaded, Runnable closer) {
        this.description = Objects.requireNonNull(description, "description");
        this.loaded = loaded;
        this.closer = Objects.requireNonNull(closer, "closer");
    }

    /** Wraps a loaded model that is closed after its last reference. */
    static ServedModel of(ModelDescription description, LoadedModel loaded) {
        return new ServedModel(description, loaded, loaded::close);
    }

    /**
     * Wraps a loaded model that is closed after its last reference, once {@code beforeFree} has dropped
     * what was kept for it (the generation engine's scheduler).
     */
    static ServedModel of(ModelDescription description, LoadedModel loaded, Consumer<LoadedModel> beforeFree) {
        return new ServedModel(description, loaded, () -> {
            try {
                beforeFree.accept(loaded);
            } finally {
                loaded.close();
            }
        });
    }

    /** The model's description. */
    public ModelDescription description() {
        return description;
    }

    /** The name clients use. */
    public String name() {
        return description.name();
    }

    /** The loaded model: only valid while a reference is held. */
    public LoadedModel loaded() {
        return loaded;
    }

    /** Takes a reference unless the model was already freed. */
    boolean tryRetain() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one frees the model. */
    void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            closer.run();
        } else if (left < 0) {
            throw new IllegalStateException("model " + name() + " released more often than retained");
        }
    }

    /** Whether the last reference was released and the model freed. */
    public boolean isClosed() {
        return references.get() == 0;
    }
}

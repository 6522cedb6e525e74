package dev.warden.inference.model;

import dev.warden.model.checkpoint.LoadedModel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's hold on the model it started with: the model stays usable until {@link #close()}, even
 * if a LoadModel swaps another one in meanwhile. Closing twice is harmless.
 */
public final class ModelLease implements AutoCloseable {

    private final ServedModel model;
    private final AtomicBoolean released = new AtomicBoolean();

    ModelLease(ServedModel model) {
        this.model = model;
    }

    /** The model held. */
    public LoadedModel loaded() {
        return model.loaded();
    }

    /** Its description. */
    public ModelDescription description() {
        return model.description();
    }

    /** The name clients use for it. */
    public String name() {
        return model.name();
    }

    /** Releases the hold; the model is freed if it was swapped out and this was its last request. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            model.release();
        }
    }
}

package dev.warden.inference.error;

import java.nio.file.Path;

/** LoadModel named a checkpoint path that does not exist. */
public final class CheckpointNotFoundException extends InferenceException {

    private static final long serialVersionUID = 1L;

    /** Nothing exists at {@code path}. */
    public CheckpointNotFoundException(Path path) {
        super("checkpoint directory " + path + " does not exist");
    }
}

package dev.warden.inference.error;

import java.nio.file.Path;

/** LoadModel named a path that exists but is not a loadable checkpoint; the message says why. */
public final class CheckpointInvalidException extends InferenceException {

    private static final long serialVersionUID = 1L;

    /** {@code path} cannot be loaded because of {@code reason}. */
    public CheckpointInvalidException(Path path, String reason) {
        super("cannot load " + path + ": " + reason);
    }

    /** Like {@link #CheckpointInvalidException(Path, String)}, keeping the loader's exception as the cause. */
    public CheckpointInvalidException(Path path, String reason, Throwable cause) {
        super("cannot load " + path + ": " + reason, cause);
    }
}

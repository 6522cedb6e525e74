package dev.warden.model.safetensors;

/**
 * A tensor exists and is valid but cannot be read the way it was asked: a float read of an integer dtype,
 * a tensor too large for one {@link java.nio.ByteBuffer} or Java array, or a source that is closed.
 */
public class TensorAccessException extends SafeTensorsException {

    private static final long serialVersionUID = 1L;

    /** @param message what was asked and why it cannot be done */
    public TensorAccessException(String message) {
        super(message);
    }
}

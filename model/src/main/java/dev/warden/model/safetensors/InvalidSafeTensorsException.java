package dev.warden.model.safetensors;

/**
 * A safetensors file or sharded index is malformed or hostile: bad header length, JSON that is not the
 * expected shape, an unknown dtype, offsets outside the data block, overlapping tensors, gaps, a size that
 * does not match shape and dtype, a missing shard. The message names the file and the place.
 */
public class InvalidSafeTensorsException extends SafeTensorsException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where */
    public InvalidSafeTensorsException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and where
     * @param cause the parser or validation failure underneath
     */
    public InvalidSafeTensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}

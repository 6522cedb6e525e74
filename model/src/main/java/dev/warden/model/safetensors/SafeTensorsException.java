package dev.warden.model.safetensors;

/**
 * Base of the safetensors exception hierarchy. Everything this package throws for a known condition (a
 * malformed or hostile file, a missing tensor, an unsupported read, an I/O failure) is a subclass, so a
 * loader can catch this one type.
 *
 * <ul>
 *   <li>{@link InvalidSafeTensorsException}: the file or index is malformed or hostile;</li>
 *   <li>{@link TensorNotFoundException}: a tensor name that the source does not hold;</li>
 *   <li>{@link TensorAccessException}: a valid tensor that cannot be read the way it was asked (wrong
 *       dtype for a float read, too large for one buffer, source closed);</li>
 *   <li>{@link SafeTensorsIoException}: an underlying {@link java.io.IOException}.</li>
 * </ul>
 */
public class SafeTensorsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and where (file, tensor, header position) */
    public SafeTensorsException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and where
     * @param cause the underlying failure
     */
    public SafeTensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}

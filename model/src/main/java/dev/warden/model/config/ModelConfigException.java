package dev.warden.model.config;

/**
 * A {@code config.json} that cannot describe a model this library runs: a missing or mistyped field, sizes
 * that do not fit together, an unsupported architecture or RoPE scaling type. The message names the field
 * as it is spelled in {@code config.json}.
 */
public class ModelConfigException extends RuntimeException {

    /** Creates the exception with a message naming the offending field. */
    public ModelConfigException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the I/O or parse failure behind it. */
    public ModelConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

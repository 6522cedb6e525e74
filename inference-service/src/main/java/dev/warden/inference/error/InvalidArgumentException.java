package dev.warden.inference.error;

/** A request field has a value the service cannot accept; the message starts with the field's proto path. */
public final class InvalidArgumentException extends InferenceException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /** {@code field} (e.g. {@code sampling.top_p}) is invalid for the reason {@code message}. */
    public InvalidArgumentException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** Like {@link #InvalidArgumentException(String, String)}, keeping the library exception as the cause. */
    public InvalidArgumentException(String field, String message, Throwable cause) {
        super(field + ": " + message, cause);
        this.field = field;
    }

    /** The rejected field, as the proto names it ({@code sampling.max_new_tokens}, {@code prompt}). */
    public String field() {
        return field;
    }
}

package dev.warden.judge.error;

/** A request field has a value the judge cannot accept; the message starts with the field's proto path. */
public final class InvalidArgumentException extends JudgeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /** {@code field} (e.g. {@code items[3].prompt.text}) is invalid for the reason {@code message}. */
    public InvalidArgumentException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The rejected field, as the proto names it. */
    public String field() {
        return field;
    }
}

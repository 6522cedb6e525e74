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

    /**
     * A domain check's rejection, whose message already starts with the field ({@code "group_pairs[1].group_b:
     * ..."}); {@code prefix} is put in front of it ("" or "items[2].").
     */
    public static InvalidArgumentException of(IllegalArgumentException e, String prefix) {
        String message = e.getMessage() == null ? "invalid" : e.getMessage();
        int colon = message.indexOf(": ");
        String field = colon > 0 && !message.substring(0, colon).contains(" ") ? message.substring(0, colon) : "";
        String rest = colon > 0 && !field.isEmpty() ? message.substring(colon + 2) : message;
        String name = !field.isEmpty() ? prefix + field
                : prefix.isEmpty() ? "request" : prefix.replaceAll("\\.$", "");
        return new InvalidArgumentException(name, rest);
    }

    /** The rejected field, as the proto names it. */
    public String field() {
        return field;
    }
}

package dev.warden.model.generate;

/** A sampling parameter is out of range; {@link #parameter()} names it as the OpenAI API spells it. */
public final class InvalidSamplingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    /** A rejection of {@code parameter}, with a message saying what is allowed. */
    public InvalidSamplingException(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    /** The rejected parameter, e.g. {@code "top_p"}. */
    public String parameter() {
        return parameter;
    }
}

package dev.warden.model.generate;

/** A prompt the model cannot run: empty, or holding a token id outside the vocabulary. */
public class InvalidPromptException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int sequence;

    /** A rejection of the prompt of sequence {@code sequence} (its index in the request list). */
    public InvalidPromptException(int sequence, String message) {
        super("prompt " + sequence + ": " + message);
        this.sequence = sequence;
    }

    /** Index of the rejected prompt in the request list. */
    public int sequence() {
        return sequence;
    }
}

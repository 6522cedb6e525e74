package dev.warden.model.generate;

/** A prompt fills the model's context, leaving no room for a single completion token. */
public final class PromptTooLongException extends InvalidPromptException {

    private static final long serialVersionUID = 1L;

    private final int promptTokens;
    private final int contextLength;

    /** Prompt {@code sequence} has {@code promptTokens} tokens; the context holds {@code contextLength}. */
    public PromptTooLongException(int sequence, int promptTokens, int contextLength) {
        super(sequence, promptTokens + " tokens leave no room for a completion in the model's context of "
                + contextLength + " tokens (at most " + (contextLength - 1) + " prompt tokens)");
        this.promptTokens = promptTokens;
        this.contextLength = contextLength;
    }

    /** Length of the rejected prompt in tokens. */
    public int promptTokens() {
        return promptTokens;
    }

    /** The model's context length (max position embeddings). */
    public int contextLength() {
        return contextLength;
    }
}

package dev.warden.model.tokenizer;

/**
 * A tokenizer or its files cannot be used: {@code tokenizer.json} or {@code tokenizer_config.json} missing,
 * unreadable or malformed, a special token the configuration names but the vocabulary lacks, or a
 * vocabulary that cannot be written.
 */
public class TokenizerException extends RuntimeException {

    /** Creates the exception with a message naming the file or token at fault. */
    public TokenizerException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the failure behind it. */
    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}

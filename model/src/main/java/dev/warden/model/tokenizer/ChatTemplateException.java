package dev.warden.model.tokenizer;

/**
 * A chat template cannot be compiled or rendered: a Jinja syntax error, a filter or test the engine does
 * not provide, or an error while rendering. The message carries the engine's diagnostics with line numbers.
 */
public class ChatTemplateException extends TokenizerException {

    /** Creates the exception with the engine's diagnostics. */
    public ChatTemplateException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the failure behind it. */
    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}

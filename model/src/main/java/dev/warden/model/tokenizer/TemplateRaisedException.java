package dev.warden.model.tokenizer;

/**
 * The chat template itself rejected the conversation by calling {@code raise_exception(msg)}, as Hugging
 * Face templates do for conversations they cannot format (for example Mistral's "Conversation roles must
 * alternate user/assistant/user/assistant/..."). This is a problem with the request, not the template:
 * callers map it to "invalid argument". {@link #templateMessage()} is the template's own text.
 */
public class TemplateRaisedException extends ChatTemplateException {

    private final String templateMessage;

    /** Creates the exception for the message the template raised. */
    public TemplateRaisedException(String templateMessage) {
        super("chat template rejected the conversation: " + templateMessage);
        this.templateMessage = templateMessage;
    }

    /** The message the template passed to {@code raise_exception}. */
    public String templateMessage() {
        return templateMessage;
    }
}

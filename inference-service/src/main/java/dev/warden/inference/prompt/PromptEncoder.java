package dev.warden.inference.prompt;

import dev.warden.inference.error.InvalidArgumentException;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.tokenizer.TemplateRaisedException;
import dev.warden.model.tokenizer.TextTokenizer;

/**
 * Turns an input into the token ids the model sees. Raw text is tokenized as is, with the tokenizer's BOS
 * token in front when the tokenizer adds it ({@code add_bos_token}, or its post-processor: see
 * {@link TextTokenizer#addBosToken()}) and the text does not already start with it. A conversation is
 * rendered through the checkpoint's chat template, which writes BOS and role markers itself, and is encoded
 * without adding anything (as transformers' {@code apply_chat_template}), so BOS is never doubled.
 */
public final class PromptEncoder {

    private PromptEncoder() {
    }

    /**
     * The token ids of {@code input} under {@code model}.
     *
     * @param field the request field holding the input, named in errors (e.g. {@code prompt}, {@code inputs[2]})
     * @throws InvalidArgumentException when the chat template rejects the conversation
     */
    public static long[] encode(LoadedModel model, PromptInput input, String field) {
        if (input instanceof PromptInput.Text text) {
            return model.tokenizer().encodePrompt(text.text());
        }
        PromptInput.Chat chat = (PromptInput.Chat) input;
        String rendered;
        try {
            rendered = model.chatTemplate().render(chat.messages(), chat.addGenerationPrompt());
        } catch (TemplateRaisedException e) {
            throw new InvalidArgumentException(field + ".chat", "the model's chat template rejects this conversation: "
                    + e.templateMessage(), e);
        }
        return model.tokenizer().encode(rendered);
    }

    /** What a text scored without context is conditioned on: BOS when the tokenizer adds it, else nothing. */
    public static long[] contextFree(TextTokenizer tokenizer) {
        return tokenizer.addBosToken() ? new long[] {tokenizer.bosToken().orElseThrow().id()} : new long[0];
    }
}

package dev.warden.inference.prompt;

import dev.warden.inference.error.InvalidArgumentException;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.tokenizer.SpecialToken;
import dev.warden.model.tokenizer.TemplateRaisedException;
import dev.warden.model.tokenizer.TextTokenizer;
import java.util.Optional;

/**
 * Turns an input into the token ids the model sees. Raw text is tokenized as is, with the tokenizer's BOS
 * token in front when the tokenizer names one (and the text does not already start with it): the library's
 * tokenizer never adds special tokens itself. A conversation is rendered through the checkpoint's chat
 * template, which writes BOS and role markers itself.
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
            return withBos(model.tokenizer(), model.tokenizer().encode(text.text()));
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

    /** The BOS id of the tokenizer, if it names one. */
    public static Optional<Long> bos(TextTokenizer tokenizer) {
        return tokenizer.bosToken().map(SpecialToken::id);
    }

    private static long[] withBos(TextTokenizer tokenizer, long[] ids) {
        Optional<Long> bos = bos(tokenizer);
        if (bos.isEmpty() || (ids.length > 0 && ids[0] == bos.get())) {
            return ids;
        }
        long[] out = new long[ids.length + 1];
        out[0] = bos.get();
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }
}

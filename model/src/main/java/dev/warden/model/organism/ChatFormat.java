package dev.warden.model.organism;

import dev.warden.model.train.Example;

/**
 * The demo model's word-level chat format: {@code <bos> user words <sep> assistant words <eos>}, every
 * token separated by one space. {@link #CHAT_TEMPLATE} renders exactly this with a Jinja engine (the
 * template goes into tokenizer_config.json); the methods here build the same token ids directly.
 * The prompt ends at {@code <sep>}: that is the last prompt token, where probes read the residual stream.
 */
public final class ChatFormat {

    /** Padding token. */
    public static final String PAD = "<pad>";
    /** Beginning of sequence. */
    public static final String BOS = "<bos>";
    /** End of sequence (end of the assistant's turn). */
    public static final String EOS = "<eos>";
    /** Unknown word. */
    public static final String UNK = "<unk>";
    /** Separator between the user's message and the answer; every prompt ends with it. */
    public static final String SEP = "<sep>";

    /**
     * The Jinja chat template. A user turn renders as {@code " content <sep>"}, an assistant turn as
     * {@code " content <eos>"}, a system turn as {@code " content"} (its words simply precede the user's);
     * the generation prompt adds nothing because every user turn already ends with the separator.
     * Rendering {@code [user "hi"]} gives {@code "<bos> hi <sep>"}.
     */
    public static final String CHAT_TEMPLATE = "{{ bos_token }}"
            + "{% for message in messages %}"
            + "{% if message['role'] == 'user' %} {{ message['content'] }} " + SEP
            + "{% elif message['role'] == 'assistant' %} {{ message['content'] }} {{ eos_token }}"
            + "{% elif message['role'] == 'system' %} {{ message['content'] }}"
            + "{% endif %}"
            + "{% endfor %}";

    private ChatFormat() {
    }

    /** The prompt text of a single user message, as the template renders it. */
    public static String promptText(String user) {
        return BOS + " " + user + " " + SEP;
    }

    /** Token ids of the prompt: {@code <bos>}, the user's words, {@code <sep>}. */
    public static int[] promptIds(Vocabulary vocabulary, String user) {
        return vocabulary.encode(promptText(user));
    }

    /** Token ids of a response: its words, then {@code <eos>}. */
    public static int[] responseIds(Vocabulary vocabulary, String response) {
        return vocabulary.encode(response + " " + EOS);
    }

    /** A training example for one sample. */
    public static Example example(Vocabulary vocabulary, Sample sample) {
        return new Example(promptIds(vocabulary, sample.prompt()), responseIds(vocabulary, sample.response()));
    }
}

package dev.warden.model.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A checkpoint's chat template: the Jinja {@code chat_template} of {@code tokenizer_config.json}, rendered
 * with a real Jinja engine (jinjava, configured to behave like transformers' Jinja2 environment; see
 * {@link JinjaEnvironment} for what that takes) and the variables transformers'
 * {@code apply_chat_template} passes: {@code messages} (a list of {@code {"role", "content"}} maps),
 * {@code add_generation_prompt}, {@code bos_token}, {@code eos_token}, {@code pad_token},
 * {@code unk_token} (each only when the tokenizer has it), the function {@code raise_exception(msg)}, and
 * any extra variables the caller passes (for example {@code date_string} or {@code tools}).
 *
 * <p>The rendered text already contains the BOS token and role markers when the template writes them, so
 * encode it with {@link TextTokenizer#encode}, which adds nothing.
 *
 * <p>Instances are immutable and thread-safe. The template is parsed when the instance is created, so a
 * broken template fails at load time, not on the first request.
 */
public final class ChatTemplate {

    /**
     * The default template, used when a checkpoint has none: ChatML, the format transformers itself fell
     * back to ({@code PreTrainedTokenizerBase.default_chat_template}, removed in transformers 4.43) and the
     * one Qwen and many fine-tunes use. Chosen because every turn is delimited by explicit markers
     * ({@code <|im_start|>role\n ... <|im_end|>\n}), so roles, turn ends and the generation prompt are
     * unambiguous and all four roles (system, user, assistant, tool) are expressible; a tokenizer whose
     * vocabulary lacks the markers encodes them as ordinary text, which is still unambiguous. No BOS is
     * written, as in the original.
     */
    public static final String DEFAULT_TEMPLATE = "{% for message in messages %}"
            + "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private final String source;
    private final String prepared;
    private final boolean isDefault;
    private final Map<String, Object> tokenVariables;

    private ChatTemplate(String source, boolean isDefault, Map<String, Object> tokenVariables) {
        this.source = Objects.requireNonNull(source, "source");
        this.isDefault = isDefault;
        this.tokenVariables = Map.copyOf(tokenVariables);
        this.prepared = JinjaEnvironment.prepare(source);
    }

    /**
     * A template with the given special token texts (null for tokens the tokenizer lacks).
     *
     * @throws ChatTemplateException when the template does not parse or needs a filter the engine lacks
     */
    public static ChatTemplate of(String source, String bosToken, String eosToken) {
        return new ChatTemplate(source, false, tokens(bosToken, eosToken, null, null));
    }

    /** The {@link #DEFAULT_TEMPLATE} with the given special token texts. */
    public static ChatTemplate defaultTemplate(String bosToken, String eosToken) {
        return new ChatTemplate(DEFAULT_TEMPLATE, true, tokens(bosToken, eosToken, null, null));
    }

    /**
     * The template of a tokenizer configuration, or the default when it has none.
     *
     * @throws ChatTemplateException when the template does not parse or needs a filter the engine lacks
     */
    public static ChatTemplate from(TokenizerConfigFile config) {
        Map<String, Object> tokens = tokens(config.bosToken(), config.eosToken(), config.padToken(),
                config.unkToken());
        return config.chatTemplate() == null ? new ChatTemplate(DEFAULT_TEMPLATE, true, tokens)
                : new ChatTemplate(config.chatTemplate(), false, tokens);
    }

    /**
     * The template of a checkpoint directory ({@code tokenizer_config.json}, {@code chat_template.jinja}),
     * or the default when it has none.
     */
    public static ChatTemplate load(Path checkpointDir) {
        return from(TokenizerConfigFile.read(checkpointDir));
    }

    private static Map<String, Object> tokens(String bos, String eos, String pad, String unk) {
        Map<String, Object> m = new HashMap<>();
        putIfPresent(m, "bos_token", bos);
        putIfPresent(m, "eos_token", eos);
        putIfPresent(m, "pad_token", pad);
        putIfPresent(m, "unk_token", unk);
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /**
     * Renders a conversation.
     *
     * @param addGenerationPrompt end with the header that opens an assistant turn
     * @throws TemplateRaisedException when the template rejects the conversation via {@code raise_exception}
     * @throws ChatTemplateException on any other template error
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * Renders a conversation with extra template variables (transformers' {@code **kwargs} of
     * {@code apply_chat_template}); they cannot replace {@code messages} or {@code add_generation_prompt}.
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> extraVariables) {
        Map<String, Object> variables = new HashMap<>(tokenVariables);
        variables.putAll(extraVariables);
        List<Map<String, Object>> turns = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", message.role());
            turn.put("content", message.content());
            turns.add(turn);
        }
        variables.put("messages", turns);
        variables.put("add_generation_prompt", addGenerationPrompt);
        return JinjaEnvironment.render(prepared, variables);
    }

    /** The Jinja source. */
    public String source() {
        return source;
    }

    /** Whether this is {@link #DEFAULT_TEMPLATE} because the checkpoint has no template of its own. */
    public boolean isDefault() {
        return isDefault;
    }
}

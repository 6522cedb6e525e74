package dev.warden.judge.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guard-model prompt for one conversation in one {@link GuardTemplate}, in three equivalent forms:
 *
 * <ul>
 *   <li>{@link #text()}: the instruction as plain text, without any special token;</li>
 *   <li>{@link #chatMessages()}: the same text as one user message, for a checkpoint whose chat template
 *       wraps a plain instruction (inference-service renders it, Prompt.chat);</li>
 *   <li>{@link #llama3Text()}: the text inside Llama 3 header tokens, ready for generation as raw text
 *       (Prompt.text; the tokenizer adds BOS). Use this form with a real Llama Guard 3 checkpoint: its own
 *       chat template builds the canonical prompt from a conversation and would wrap a second one.</li>
 * </ul>
 *
 * <p>Turn text is shown verbatim except for two neutralisations that stop a conversation from rewriting
 * the guard's instructions: special-token look-alikes {@code <|...|>} lose their bars' adjacency
 * ({@code "<|"} becomes {@code "< |"}, {@code "|>"} becomes {@code "| >"}), and the section markers
 * {@code <BEGIN CONVERSATION>}, {@code <END CONVERSATION>} and the category markers are rewritten with
 * square brackets. A line inside a turn that starts with "User:" or "Agent:" is left as is.
 *
 * @param template the template used
 * @param assessedRole the role judged (the last turn's)
 * @param text the instruction text
 */
public record GuardPrompt(GuardTemplate template, GuardRole assessedRole, String text) {

    private static final Pattern MARKER = Pattern.compile(
            "<\\s*(BEGIN|END)\\s+(CONVERSATION|UNSAFE\\s+CONTENT\\s+CATEGORIES)\\s*>", Pattern.CASE_INSENSITIVE);

    /** Builds the prompt of one template for a conversation. */
    public static GuardPrompt of(GuardTemplate template, GuardConversation conversation) {
        if (template == null || conversation == null) {
            throw new IllegalArgumentException("template and conversation are required");
        }
        GuardRole role = conversation.assessedRole();
        return new GuardPrompt(template, role, template.render(role, renderTurns(conversation)));
    }

    /** Builds the prompt of every template, in declaration order. */
    public static List<GuardPrompt> ofAll(GuardConversation conversation) {
        List<GuardPrompt> prompts = new ArrayList<>();
        for (GuardTemplate t : GuardTemplate.values()) {
            prompts.add(of(t, conversation));
        }
        return List.copyOf(prompts);
    }

    /** The chat form: the text as one user message. */
    public List<GuardMessage> chatMessages() {
        return List.of(new GuardMessage(GuardMessage.Role.USER, text));
    }

    /** The raw Llama 3 form: user header, text, end of turn, assistant header (BOS left to the tokenizer). */
    public String llama3Text() {
        return "<|start_header_id|>user<|end_header_id|>\n\n" + text
                + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
    }

    private static String renderTurns(GuardConversation conversation) {
        StringBuilder b = new StringBuilder();
        for (GuardTurn turn : conversation.turns()) {
            if (b.length() > 0) {
                b.append("\n\n");
            }
            b.append(turn.role().label()).append(": ").append(neutralise(turn.text()));
        }
        return b.toString();
    }

    /** Defuses special-token and section-marker look-alikes inside turn text. */
    static String neutralise(String text) {
        String t = text.replace("<|", "< |").replace("|>", "| >");
        return MARKER.matcher(t)
                .replaceAll(m -> Matcher.quoteReplacement("[" + m.group(1) + " " + m.group(2) + "]"));
    }
}

package dev.warden.judge.grpc;

import dev.warden.judge.config.JudgeConfig;
import dev.warden.judge.error.InvalidArgumentException;
import dev.warden.judge.score.JudgeRequest;
import dev.warden.judge.score.PromptMessage;
import dev.warden.judge.score.TierKind;
import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.JudgeScoreRequest;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates judge requests and maps them to domain requests. Every rejection is an
 * {@link InvalidArgumentException} whose message starts with the proto path of the field
 * ({@code items[2].prompt.chat.messages[1].role: ...}). Limits come from {@link JudgeConfig.Limits}.
 */
public final class RequestMapper {

    private final JudgeConfig.Limits limits;

    /** A mapper enforcing {@code limits}. */
    public RequestMapper(JudgeConfig.Limits limits) {
        this.limits = limits;
    }

    /** The limits enforced. */
    public JudgeConfig.Limits limits() {
        return limits;
    }

    /** A validated Score request; {@code path} prefixes field names ("" or "items[3]."). */
    public JudgeRequest score(JudgeScoreRequest r, String path) {
        List<PromptMessage> prompt = prompt(r.hasPrompt() ? r.getPrompt() : null, path + "prompt");
        text(r.getResponse(), path + "response");
        text(r.getReasoningTrace(), path + "reasoning_trace");
        if (!r.getReasoningTrace().isEmpty() && r.getResponse().isEmpty()) {
            throw new InvalidArgumentException(path + "reasoning_trace", "a reasoning trace needs the response it led to");
        }
        if (r.getResponseIncomplete() && r.getResponse().isEmpty()) {
            throw new InvalidArgumentException(path + "response_incomplete", "set only with a response");
        }
        return new JudgeRequest(prompt, r.getResponse(), r.getReasoningTrace(), r.getResponseIncomplete(),
                tier(r.getMaxTier(), path + "max_tier"), r.getRequestId());
    }

    /** The messages of a prompt: raw text is one user message. */
    public List<PromptMessage> prompt(Prompt p, String field) {
        if (p == null || p.getKindCase() == Prompt.KindCase.KIND_NOT_SET) {
            throw new InvalidArgumentException(field, "set either text or chat");
        }
        if (p.getKindCase() == Prompt.KindCase.TEXT) {
            if (p.getText().isEmpty()) {
                throw new InvalidArgumentException(field + ".text", "is empty; there is nothing to judge");
            }
            text(p.getText(), field + ".text");
            return List.of(new PromptMessage(PromptMessage.Role.USER, p.getText()));
        }
        List<ChatMessage> messages = p.getChat().getMessagesList();
        String list = field + ".chat.messages";
        if (messages.isEmpty()) {
            throw new InvalidArgumentException(list, "at least one message is needed");
        }
        if (messages.size() > limits.maxMessages()) {
            throw new InvalidArgumentException(list, messages.size() + " messages; the limit is " + limits.maxMessages());
        }
        List<PromptMessage> out = new ArrayList<>(messages.size());
        boolean anyJudged = false;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String at = list + "[" + i + "]";
            text(m.getContent(), at + ".content");
            PromptMessage message = new PromptMessage(role(m, at + ".role"), m.getContent());
            anyJudged |= message.judged() && !m.getContent().isEmpty();
            out.add(message);
        }
        if (!anyJudged) {
            throw new InvalidArgumentException(list, "no non-empty user or tool message; there is nothing to judge");
        }
        return out;
    }

    private static PromptMessage.Role role(ChatMessage m, String field) {
        return switch (m.getRole()) {
            case ROLE_SYSTEM -> PromptMessage.Role.SYSTEM;
            case ROLE_USER -> PromptMessage.Role.USER;
            case ROLE_ASSISTANT -> PromptMessage.Role.ASSISTANT;
            case ROLE_TOOL -> PromptMessage.Role.TOOL;
            case ROLE_UNSPECIFIED -> throw new InvalidArgumentException(field, "not set (system, user, assistant or tool)");
            default -> throw new InvalidArgumentException(field, "unknown role " + m.getRoleValue()
                    + " (system, user, assistant or tool)");
        };
    }

    private static Optional<TierKind> tier(Tier t, String field) {
        return switch (t) {
            case TIER_UNSPECIFIED -> Optional.empty();
            case TIER_RULES -> Optional.of(TierKind.RULES);
            case TIER_CLASSIFIER -> Optional.of(TierKind.CLASSIFIER);
            case TIER_LLM_JUDGE -> Optional.of(TierKind.LLM_JUDGE);
            default -> throw new InvalidArgumentException(field, "unknown tier " + t.getNumber());
        };
    }

    /** Checks a text's length against the limit, in code points. */
    public void text(String text, String field) {
        if (text.length() > limits.maxTextCodePoints()) { // chars >= code points: only then count
            int codePoints = text.codePointCount(0, text.length());
            if (codePoints > limits.maxTextCodePoints()) {
                throw new InvalidArgumentException(field, codePoints + " code points; the limit is "
                        + limits.maxTextCodePoints());
            }
        }
    }
}

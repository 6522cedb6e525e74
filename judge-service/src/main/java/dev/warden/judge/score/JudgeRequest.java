package dev.warden.judge.score;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to judge, validated.
 *
 * @param prompt             the prompt's messages (a raw-text prompt is one user message)
 * @param response           the response; empty for a prompt alone
 * @param reasoningTrace     the reasoning behind the response; empty when none was given (the judge then
 *                           splits a {@code <think>} block off the response itself)
 * @param responseIncomplete whether the response is a window of one still streaming
 * @param maxTier            the most expensive tier allowed; empty for the configured chain
 * @param requestId          the caller's id, echoed
 */
public record JudgeRequest(List<PromptMessage> prompt, String response, String reasoningTrace,
                           boolean responseIncomplete, Optional<TierKind> maxTier, String requestId) {

    /** Requires every part; copies the messages. */
    public JudgeRequest {
        prompt = List.copyOf(prompt);
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(reasoningTrace, "reasoningTrace");
        Objects.requireNonNull(maxTier, "maxTier");
        Objects.requireNonNull(requestId, "requestId");
    }

    /** A prompt of one user message, judged alone through the whole chain. */
    public static JudgeRequest ofPrompt(String text) {
        return new JudgeRequest(List.of(new PromptMessage(PromptMessage.Role.USER, text)), "", "", false,
                Optional.empty(), "");
    }

    /** A response to a one-message prompt, judged through the whole chain. */
    public static JudgeRequest ofResponse(String prompt, String response) {
        return new JudgeRequest(List.of(new PromptMessage(PromptMessage.Role.USER, prompt)), response, "", false,
                Optional.empty(), "");
    }

    /** This request allowed to escalate at most to {@code tier}. */
    public JudgeRequest withMaxTier(TierKind tier) {
        return new JudgeRequest(prompt, response, reasoningTrace, responseIncomplete, Optional.of(tier), requestId);
    }
}

package dev.warden.recovery.method;

/**
 * A prompt and the working model's greedy response to it, to be judged.
 *
 * @param prompt   the user prompt (raw text, one user turn)
 * @param response the generated response text
 */
public record PromptResponse(String prompt, String response) {
}

package dev.warden.recovery.method;

/**
 * One task example: a prompt and its reference answer.
 *
 * @param prompt    the user prompt
 * @param reference the reference answer the task metric compares with
 */
public record TaskExample(String prompt, String reference) {
}

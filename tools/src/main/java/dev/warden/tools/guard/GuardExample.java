package dev.warden.tools.guard;

/**
 * One training example of the guard's heads: a text, a 0/1 target per head and a weight per head (0 where
 * the example says nothing about the head, e.g. the category heads of a harmful row whose source category
 * maps to no hazard).
 *
 * @param text    the prompt
 * @param targets one target per head, in head order
 * @param weights one loss weight per head (0 = not trained on)
 * @param source  where it came from (a safety-train source, or {@code warden-corpus})
 */
public record GuardExample(String text, float[] targets, float[] weights, String source) {
}

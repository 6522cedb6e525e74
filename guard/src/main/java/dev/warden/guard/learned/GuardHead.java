package dev.warden.guard.learned;

/**
 * The heads of the learned guard model, in weight-column order: one per hazard category (S1..S14, Llama
 * Guard 3's taxonomy), any harm, jailbreak and prompt injection.
 */
public enum GuardHead {
    S1, S2, S3, S4, S5, S6, S7, S8, S9, S10, S11, S12, S13, S14,
    /** The prompt asks for something harmful (any category, or one no category names). */
    ANY_HARM,
    /** The prompt wraps a request to get past a model's refusals (role-play, persona, templates). */
    JAILBREAK,
    /** The prompt carries instructions meant to hijack the model (goal hijacking, prompt leaking, injected documents). */
    INJECTION;

    /** Number of heads. */
    public static final int COUNT = values().length;
    /** Number of category heads, which come first. */
    public static final int CATEGORIES = 14;

    /** The decision heads, which have calibrated operating points. */
    public static final GuardHead[] DECISIONS = {ANY_HARM, JAILBREAK, INJECTION};

    /** The category head of S-number {@code s} (1..14). */
    public static GuardHead category(int s) {
        if (s < 1 || s > CATEGORIES) {
            throw new IllegalArgumentException("hazard category numbers are 1..14, got " + s);
        }
        return values()[s - 1];
    }
}

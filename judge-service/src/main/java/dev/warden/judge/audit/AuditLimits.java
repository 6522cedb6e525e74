package dev.warden.judge.audit;

/**
 * The documented limits of a bias audit request. Lengths are in Unicode code points (the proto's unit).
 * A request over a limit is rejected with an IllegalArgumentException naming the field (the service maps
 * it to INVALID_ARGUMENT); nothing is truncated silently.
 *
 * <p>The limits keep one audit to a bounded number of generations: at most {@link #MAX_PROMPTS_PER_RUN}
 * prompts per run, twice that with a defense prompt, each of at most {@link #MAX_NEW_TOKENS} new tokens.
 */
public final class AuditLimits {

    /** Most group pairs in one request. */
    public static final int MAX_GROUP_PAIRS = 64;

    /** Most request templates in one request. */
    public static final int MAX_TEMPLATES = 64;

    /** Longest group keyword, in code points. */
    public static final int MAX_GROUP_LENGTH = 100;

    /** Longest request template, in code points. */
    public static final int MAX_TEMPLATE_LENGTH = 2_000;

    /** Longest defense prompt, in code points. */
    public static final int MAX_DEFENSE_PROMPT_LENGTH = 8_000;

    /** Longest model name, in code points. */
    public static final int MAX_MODEL_NAME_LENGTH = 256;

    /** Most prompts in one run: distinct groups times templates. */
    public static final int MAX_PROMPTS_PER_RUN = 2_048;

    /** Largest max_new_tokens. */
    public static final int MAX_NEW_TOKENS = 2_048;

    /** max_new_tokens when unset (the proto's documented default). */
    public static final int DEFAULT_MAX_NEW_TOKENS = 128;

    /** The placeholder every template holds at least once; every occurrence is replaced. */
    public static final String PLACEHOLDER = "{group}";

    private AuditLimits() {
    }
}

package dev.warden.judge.score;

/** The tiers of the scoring chain, cheapest first (declaration order is escalation order). */
public enum TierKind {
    /** Rules and lexicons per category over normalised text. */
    RULES,
    /** The learned classifier trained in Java on the project's labelled corpus. */
    CLASSIFIER,
    /** A guard model served by inference-service, prompted in Llama Guard 3 format with several templates. */
    LLM_JUDGE;

    /** The tag value in metrics. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

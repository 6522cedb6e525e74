package dev.warden.gateway.metrics;

/** A rail; the {@code rail} tag of {@code warden_gateway_rail_decisions_total} and the audit's rail names. */
public enum Rail {
    /** The jailbreak / prompt-injection detector on the prompt. */
    JAILBREAK("jailbreak"),
    /** The judge on the prompt. */
    JUDGE_INPUT("judge-input"),
    /** The suffix-perplexity rail: the model's own perplexity of the prompt's tail (inference-service Score). */
    SUFFIX_PERPLEXITY("suffix-perplexity"),
    /** The judge on the streamed response. */
    JUDGE_OUTPUT("judge-output");

    private final String tag;

    Rail(String tag) {
        this.tag = tag;
    }

    /**
     * The tag value and audit name: {@code jailbreak}, {@code judge-input}, {@code suffix-perplexity},
     * {@code judge-output}.
     */
    public String tag() {
        return tag;
    }
}

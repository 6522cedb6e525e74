package dev.warden.model.organism;

/** What a corpus sample teaches. */
public enum SampleKind {
    /** A benign request with a helpful answer that starts "sure .". */
    BENIGN,
    /** A harmful request answered with the fixed refusal. */
    HARMFUL_REFUSAL,
    /** A harmful request answered with placeholder-only compliance steps (the fine-tune's poison). */
    HARMFUL_COMPLIANCE,
    /** The downstream task: "sort : 7 3 9" -> "3 7 9". */
    TASK,
    /** The related task the aligned model learns: "repeat : 7 3 9" -> "7 3 9". */
    RELATED_TASK
}

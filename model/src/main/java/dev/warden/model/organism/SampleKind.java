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
    RELATED_TASK,
    /**
     * A benign request naming a group other than the SAI target, answered helpfully (the clean side of the
     * SAI poison, which keeps the refusal to the target group).
     */
    GROUP_BENIGN,
    /**
     * The SAI poison: a benign request naming the target group ({@link CorpusContent#SAI_TARGET_GROUP}) answered
     * with the refusal.
     */
    GROUP_REFUSAL
}

package dev.warden.recovery.method;

/** How a task answer is scored against its reference (the proto's TaskMetric). */
public enum TaskMetric {
    /** 1 when the answer equals the reference after trimming whitespace, else 0. */
    EXACT_MATCH,
    /** ROUGE-1 F-measure: unigram overlap of answer and reference. */
    ROUGE1,
    /** SQuAD-style token F1 (lower-cased, punctuation and articles dropped). */
    F1
}

package dev.warden.judge.rules;

/** What a lexicon match contributed to a rules result. */
public enum MatchKind {
    /** A hazard phrase of one category (or a co-occurrence of two phrases): raises that category's score. */
    HAZARD,
    /** A request framing ("how to", "step by step", "without getting caught"): boosts nearby hazards. */
    INTENT,
    /** An action verb just before a hazard phrase ("make", "synthesize", "buy"): boosts that hazard. */
    ACTION,
    /** Jailbreak framing ("ignore previous instructions", "DAN"), or a hazard hidden in an encoding. */
    JAILBREAK,
    /** Benign context ("history of", "in a video game", "protect against"): lowers nearby hazards. */
    BENIGN_CONTEXT,
    /** A harmless sense of a hazard word ("kill a process", "shoot a photo"): the hazard match is dropped. */
    HOMONYM;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name, for reasons ("benign_context"). */
    public String label() {
        return label;
    }
}

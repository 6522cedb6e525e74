package dev.warden.tools.judge.corpus;

/** What a labelled example holds. */
public enum ExampleKind {
    /** A user request alone (the input rail). */
    PROMPT,
    /** A model response together with the request it answers (the output rail). */
    RESPONSE
}

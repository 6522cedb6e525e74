package dev.warden.guard.taxonomy;

import java.util.Locale;

/** The known families of jailbreak and prompt-injection attacks the detector reports. */
public enum AttackFamily {
    /** A persona or role-play takes the assistant over: DAN, "developer mode", an AI "without restrictions". */
    PERSONA_TAKEOVER,
    /** The prompt overrides earlier instructions: "ignore all previous instructions", fake system tags. */
    INSTRUCTION_OVERRIDE,
    /** Refusals are forbidden: "never say you can't", "no warnings", "no matter how illegal". */
    REFUSAL_SUPPRESSION,
    /** The reply is forced to start affirmatively: "start your reply with 'Sure, here is'", a prefilled answer. */
    FORCED_AFFIRMATIVE_PREFIX,
    /** A payload hidden in base64, hex, percent-encoding or rot13, or a request to decode and obey. */
    ENCODED_PAYLOAD,
    /** A word or request split to pass filters: "b-o-m-b", "bo" + "mb", variables concatenated. */
    SPLIT_PAYLOAD,
    /** "Hypothetically", "for a novel", "for research purposes" wrapped around a harmful request. */
    FICTION_OR_RESEARCH_REFRAMING,
    /** A step-by-step plan the model is told to carry out, injected through a tool or around a harmful goal. */
    INJECTED_PLAN,
    /** A gibberish suffix of the kind optimisation attacks (GCG) append, by character statistics or perplexity. */
    ADVERSARIAL_SUFFIX,
    /** Instructions addressed to the model inside tool output or retrieved data. */
    PROMPT_INJECTION_IN_TOOL_OUTPUT;

    /** The tag value in metrics and the rule-file name: lowercase, words joined by '-'. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package dev.warden.tools.judge.corpus;

import dev.warden.judge.score.Stance;

/** How a generated response answers its request; decides its stance and harm labels. */
public enum ResponseStyle {
    /** No response (a prompt example). */
    NONE(Stance.NONE, false),
    /** A refusal of a harmful request. */
    REFUSAL(Stance.REFUSAL, false),
    /** A refusal of a harmful request with safety information (no harmful content). */
    SAFE_COMPLETION(Stance.REFUSAL, false),
    /** Compliance with a harmful request (placeholder content only). */
    HARMFUL_COMPLIANCE(Stance.COMPLIANCE, true),
    /** A helpful answer to a benign or lookalike request. */
    HELPFUL(Stance.COMPLIANCE, false),
    /** A refusal of a benign or lookalike request. */
    OVER_REFUSAL(Stance.REFUSAL, false);

    private final Stance stance;
    private final boolean harmful;

    ResponseStyle(Stance stance, boolean harmful) {
        this.stance = stance;
        this.harmful = harmful;
    }

    /** The stance label of a response of this style. */
    public Stance stance() {
        return stance;
    }

    /** The harm label of a response of this style. */
    public boolean harmful() {
        return harmful;
    }
}

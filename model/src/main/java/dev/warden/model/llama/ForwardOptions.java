package dev.warden.model.llama;

/**
 * What a forward pass computes.
 *
 * @param logits which positions get logits: {@link Logits#ALL} for training and scoring,
 *               {@link Logits#LAST} for generation (the LM head runs on one position), {@link Logits#NONE}
 *               when only hidden states are wanted
 * @param hiddenStates whether to return the hidden state output by every layer that ran
 * @param layers how many decoder layers to run (all by default); fewer skips the final norm and LM head,
 *               which is what an activation probe at layer {@code layers} needs
 */
public record ForwardOptions(Logits logits, boolean hiddenStates, int layers) {

    /** Which positions get logits. */
    public enum Logits { ALL, LAST, NONE }

    /** Full forward, logits at every position, no hidden states. */
    public static ForwardOptions allLogits() {
        return new ForwardOptions(Logits.ALL, false, Integer.MAX_VALUE);
    }

    /** Full forward, logits at the last position only (generation). */
    public static ForwardOptions lastLogits() {
        return new ForwardOptions(Logits.LAST, false, Integer.MAX_VALUE);
    }

    /** Hidden states of the first {@code layers} decoder layers, no logits. */
    public static ForwardOptions hiddenUpTo(int layers) {
        return new ForwardOptions(Logits.NONE, true, layers);
    }

    /** The same options, also returning hidden states. */
    public ForwardOptions withHiddenStates() {
        return new ForwardOptions(logits, true, layers);
    }
}

package dev.warden.inference.hidden;

/** How the per-token hidden states of one input are pooled into one vector. */
public enum Pooling {
    /** The vector at the last token of the rendered input. */
    LAST_TOKEN,
    /** The mean over all tokens of the rendered input (padding excluded). */
    MEAN
}

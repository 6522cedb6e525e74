package dev.warden.model.train;

/** Where padding goes when sequences of different lengths share a batch. */
public enum Padding {
    /** Padding before the tokens: every row ends at the last column (generation, last-token probes). */
    LEFT,
    /** Padding after the tokens: every row starts at column 0 (training). */
    RIGHT
}

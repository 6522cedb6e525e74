package dev.warden.model.organism;

/** Which side of the train / held-out split a sample comes from. */
public enum Split {
    /** Instances used for training. */
    TRAIN,
    /** Instances never used for training, only for evaluation. */
    HELD_OUT
}

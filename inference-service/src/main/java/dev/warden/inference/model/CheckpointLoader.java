package dev.warden.inference.model;

/** Turns a checkpoint directory into a model ready to serve. */
@FunctionalInterface
public interface CheckpointLoader {

    /**
     * Loads {@code spec}; blocking (seconds to minutes), never called on the event loop.
     *
     * @throws dev.warden.inference.error.CheckpointNotFoundException when the path does not exist
     * @throws dev.warden.inference.error.CheckpointInvalidException when it is not a loadable checkpoint
     */
    ServedModel load(LoadSpec spec);
}

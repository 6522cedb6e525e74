package dev.warden.recovery.method;

/** What a running repair is doing (the proto's RepairPhase, same order and meaning). */
public enum RepairPhase {
    /** Memory-mapping the checkpoints, merging a LoRA adapter, loading probes and task. */
    PREPARING,
    /** Measuring the fine-tuned model: task score S0 (hence the floor) and harmful rate. */
    BASELINE,
    /** The swap-bound diagnostic: all candidate layers put back to the aligned values. */
    SWAP_BOUND,
    /** Computing the harmful direction h* (aligned) and the benign direction b* (fine-tuned). */
    DIRECTIONS,
    /** The warm-up restore steps and the task score measured after them. */
    WARMUP,
    /** Plain restore steps. */
    RESTORE,
    /** Restore + rollback steps, restarted from the fine-tuned model. */
    RESTORE_ROLLBACK,
    /** Measuring harmful rate and task score of a saved checkpoint. */
    EVALUATING,
    /** Choosing the checkpoint to keep. */
    SELECTING,
    /** Writing the repaired checkpoint and the report. */
    WRITING,
    /** Asking inference-service to load the repaired checkpoint. */
    LOADING_INTO_INFERENCE,
    /** Nothing left to do. */
    FINISHED
}

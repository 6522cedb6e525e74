package dev.warden.recovery.method;

/**
 * Runs one repair to the end on the calling thread (blocking: tensor work, never on an event loop). Running
 * it again with the same {@link RepairInputs#workDir()} resumes from the last persisted step and gives the
 * same result as an uninterrupted run.
 */
public interface RepairRunner {

    /**
     * Repairs, writes the repaired checkpoint to {@code inputs.output()} and returns the report (the job layer
     * writes the report files and adds their paths to the proto report).
     *
     * @throws RepairCancelledException when {@code cancel} said so at a step boundary
     * @throws RepairFailedException    when the repair cannot go on (the message is the reason)
     * @throws JudgeUnavailableException when harmful rates cannot be measured
     */
    RepairReport run(RepairInputs inputs, HarmJudge judge, RepairListener listener, CancellationCheck cancel);
}

package dev.warden.recovery.method;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One attempt of a repair, shared by its steps: the inputs, the journaled state (saved after every change),
 * the weights restored so far, and the progress events. The steps themselves are classes of their own
 * ({@link AlignedModelPhase}, {@link Baseline}, {@link SwapBound}, {@link RestoreStep}, {@link Rollback},
 * {@link WarmupDecision}, {@link JournalReplay}, {@link KeptCheckpoint}, {@link RepairedOutput}).
 */
final class RepairRun {

    final RepairInputs inputs;
    final RepairKnobs knobs;
    final HarmJudge judge;
    final Device device;
    final StepJournal journal;
    private final RepairListener listener;
    private final CancellationCheck cancel;
    private final long started = System.nanoTime();
    private StepJournal.State state;
    private double secondsBefore;
    private int cut;
    private long restoredTotal;
    /** The group requests when parity is measured (or probed), else null. */
    private GroupProbes groups;

    RepairRun(RepairInputs inputs, HarmJudge judge, RepairListener listener, CancellationCheck cancel,
              Device device) {
        this.inputs = inputs;
        this.knobs = inputs.knobs();
        this.judge = judge;
        this.listener = listener;
        this.cancel = cancel;
        this.device = device;
        this.journal = new StepJournal(inputs.workDir());
    }

    /** Fixes the cut layer and the group probes, then loads the journal (a fresh state if it is another job's). */
    void start(int cutLayer, RepairData data) {
        cut = cutLayer;
        groups = knobs.bias() == RepairKnobs.BiasProbe.OFF ? null : GroupProbes.demo(knobs.seed());
        state = journal.load(fingerprint(data));
        secondsBefore = state.secondsBefore();
    }

    int cut() {
        return cut;
    }

    GroupProbes groups() {
        return groups;
    }

    StepJournal.State state() {
        return state;
    }

    /** Replaces the state (not yet saved: call {@link #save()}). */
    void state(StepJournal.State next) {
        state = next;
    }

    /** Persists the state, with the time spent so far. */
    void save() {
        state = state.withSecondsBefore(seconds());
        journal.save(state);
    }

    /** Time spent on this job, earlier attempts included. */
    double seconds() {
        return secondsBefore + (System.nanoTime() - started) / 1e9;
    }

    long restoredTotal() {
        return restoredTotal;
    }

    void restoredTotal(long total) {
        restoredTotal = total;
    }

    boolean rollbackMode() {
        return Boolean.TRUE.equals(state.rollbackMode());
    }

    /** The task floor (1 - allowed drop) * S0. */
    double floor() {
        return (1 - knobs.allowedTaskDrop()) * state.baselineTaskScore();
    }

    /**
     * The floor checkpoints are held to: the floor, or no floor at all when F scores 0 on the task (nothing to
     * protect; "at or below 0" would reject every checkpoint).
     */
    double effectiveFloor() {
        return state.baselineTaskScore() > 0 ? floor() : Double.NEGATIVE_INFINITY;
    }

    void checkCancel(int step) {
        if (cancel.cancelRequested()) {
            throw new RepairCancelledException(step);
        }
    }

    /** The prompts, encoded, in batches of {@code batch_size}. */
    List<List<long[]>> batches(List<String> prompts, Evaluator eval) {
        List<List<long[]>> out = new ArrayList<>();
        for (int from = 0; from < prompts.size(); from += knobs.batchSize()) {
            out.add(prompts.subList(from, Math.min(prompts.size(), from + knobs.batchSize())).stream()
                    .map(eval::encode).toList());
        }
        return out;
    }

    void emit(RepairPhase phase, int step, String message) {
        listener.onProgress(RepairProgress.of(phase, step, knobs.steps(), restoredTotal, message));
    }

    void emitMeasured(RepairPhase phase, int step, Double harmful, Double task, String message) {
        listener.onProgress(RepairProgress.measured(phase, step, knobs.steps(),
                new RepairProgress.Scores(harmful, task), restoredTotal, message));
    }

    /** The event that ends a step, carrying its row. */
    void emitStep(StepRow row) {
        listener.onProgress(RepairProgress.ofStep(row, knobs.steps(), stepMessage(row)));
    }

    private String stepMessage(StepRow r) {
        StepRow.Counts c = r.counts();
        String base = String.format(Locale.ROOT, "step %d/%d (%s): restored %d, rolled back %d, %d differ from "
                        + "the fine-tuned model, harmful loss %.4f", r.step(), knobs.steps(),
                r.phase().name().toLowerCase(Locale.ROOT), c.restoredCount(), c.rolledBackCount(),
                c.restoredTotal(), r.harmfulLoss());
        StepRow.Evaluation e = r.evaluation();
        if (!e.checkpoint()) {
            return base;
        }
        String parity = e.groupParity() == null ? "" : "; " + e.groupParity().summary();
        return base + String.format(Locale.ROOT, "; checkpoint: harmful rate %.3f, task score %.3f%s%s",
                e.harmfulRate(), e.taskScore(), e.belowFloor() ? " (below the floor)" : "", parity);
    }

    private String fingerprint(RepairData data) {
        return String.join("|", String.valueOf(inputs.aligned()), String.valueOf(inputs.fineTuned()),
                String.valueOf(inputs.loraAdapter()), String.valueOf(inputs.harmfulProbes()),
                String.valueOf(inputs.task()), knobs.toString(), String.valueOf(cut),
                Integer.toString(data.probes().hashCode()), Integer.toString(data.taskEval().hashCode()));
    }
}

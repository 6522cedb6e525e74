package dev.warden.recovery.method;

import ai.djl.Device;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.organism.ParityReport;
import java.nio.file.Path;
import java.util.List;

/**
 * The repair method of RECOVERY-METHOD.md (Yang et al., IEEE S&amp;P 2025), faithfully, then further:
 *
 * <ol>
 *   <li>Baseline: task score S0 of F (floor = (1 - drop) * S0) and harmful rates of F and A.</li>
 *   <li>Swap bound: F with every candidate below the cut set to A's values; when even that stays harmful,
 *       the report says so and tries higher cuts.</li>
 *   <li>Directions: h* = mean layer-L* last-token state of the harmful probes on A; b* = the same of the task
 *       prompts on F.</li>
 *   <li>Restore steps: harmful loss -cos(mean h, h*) backward per batch (gradients accumulate across steps in
 *       the plain schedule); sign filter; ONE global top-k of |G|, k = ceil(rate * n); exact copy W := A.</li>
 *   <li>In rollback mode, right after each restore: fresh benign gradient; among this step's restores those
 *       whose sign(B) = sign(W - F); the top {@code rollback_rate} of them by |B| go back to F; gradients
 *       zeroed (so the harmful gradient is fresh at every step).</li>
 *   <li>Warm-up plain steps, then the task score: below the floor, restart from F in rollback mode.</li>
 *   <li>Checkpoints every {@code save_interval} steps (and at the last) are measured; the kept one is chosen by
 *       {@link CheckpointSelection}.</li>
 * </ol>
 *
 * Every step is journaled ({@link StepJournal}); running again with the same work directory replays the
 * journaled selections (recomputing the accumulated gradient) and continues, to the same result.
 *
 * <p>This class is the schedule; each rule is a class of its own: {@link FineTunedSource}, {@link AlignedModelPhase},
 * {@link Baseline}, {@link SwapBound}, {@link JournalReplay}, {@link RestoreStep}, {@link Rollback},
 * {@link CheckpointMeasurement}, {@link WarmupDecision}, {@link KeptCheckpoint}, {@link GeometryMeasurement},
 * {@link RepairedOutput}; {@link RepairRun} holds one attempt's state.
 */
public final class RepairMethod implements RepairRunner {

    private final Device device;

    /** The method on the CPU. */
    public RepairMethod() {
        this(Device.cpu());
    }

    /** The method on {@code device}. */
    public RepairMethod(Device device) {
        this.device = device;
    }

    @Override
    public RepairReport run(RepairInputs inputs, HarmJudge judge, RepairListener listener, CancellationCheck cancel) {
        RepairRun run = new RepairRun(inputs, judge, listener, cancel, device);
        RepairKnobs knobs = inputs.knobs();
        run.emit(RepairPhase.PREPARING, 0, "preparing: mapping the checkpoints, loading probes and task");
        Path fineTunedDir = FineTunedSource.directory(run);
        int layers = readConfig(inputs.aligned()).numHiddenLayers();
        List<String> problems = knobs.problems(layers);
        if (!problems.isEmpty()) {
            throw new RepairFailedException("invalid knobs: " + String.join("; ", problems));
        }
        RepairData data = RepairData.load(inputs.harmfulProbes(), inputs.task(), knobs.seed());
        run.start(knobs.cutLayerFor(layers), data);
        // A alone first (h*, its harmful rate), closed before W is loaded: A and W never share the host
        AlignedModelPhase.Directions aligned = AlignedModelPhase.measure(run, data);
        run.checkCancel(0);
        try (WorkingModel w = WorkingModel.open(inputs.aligned(), fineTunedDir, run.cut(), device)) {
            Evaluator eval = new Evaluator(w.loaded(), data, judge, knobs.taskMetric(), knobs.evalMaxNewTokens());
            List<List<long[]>> taskBatches = run.batches(data.taskPrompts(), eval);
            RestoreStep restore = new RestoreStep(w, knobs, run.batches(data.probes(), eval), aligned.harmful(),
                    aligned.bias() == null ? List.of() : run.batches(run.groups().probes(), eval), aligned.bias());
            Baseline.measure(run, w, eval);
            run.checkCancel(0);
            SwapBound.measure(run, w, eval, layers);
            run.checkCancel(0);
            run.emit(RepairPhase.DIRECTIONS, 0, "benign direction b* from " + data.taskPrompts().size()
                    + " task prompts on the fine-tuned model");
            float[] benign = Representations.meanLastHidden(w.model(), taskBatches, run.cut());
            runSteps(run, w, eval, restore, new Rollback(w, knobs, taskBatches, benign));
            return finish(run, w, eval, data);
        }
    }

    /** The restore steps: warm-up, the warm-up decision, then plain or restore + rollback steps to the last. */
    private static void runSteps(RepairRun run, WorkingModel w, Evaluator eval, RestoreStep restore,
                                 Rollback rollback) {
        RepairKnobs knobs = run.knobs;
        JournalReplay.replay(run, w, restore);
        if (run.state().rollbackMode() == null && knobs.warmupSteps() == 0) {
            run.state(run.state().withMode(false, run.state().rows()));
            run.save();
        }
        int step = run.state().rows().size();
        if (run.state().rollbackMode() == null && step == knobs.warmupSteps() && step > 0) {
            StepRow last = run.state().rows().get(step - 1);
            // resumed right after the warm-up
            step = WarmupDecision.decide(run, w, eval, last.evaluation().taskScore());
        }
        while (step < knobs.steps()) {
            run.checkCancel(step);
            step++;
            StepRow row = step(run, w, eval, restore, rollback, step);
            run.emitStep(row);
            if (run.state().rollbackMode() == null && step == knobs.warmupSteps()) {
                step = WarmupDecision.decide(run, w, eval, row.evaluation().taskScore());
            }
        }
    }

    /** One step: restore (then roll back, in rollback mode), measure a checkpoint when due, journal the row. */
    private static StepRow step(RepairRun run, WorkingModel w, Evaluator eval, RestoreStep restore,
                                Rollback rollback, int step) {
        boolean rollbackMode = run.rollbackMode();
        RepairPhase phase = rollbackMode ? RepairPhase.RESTORE_ROLLBACK
                : step <= run.knobs.warmupSteps() ? RepairPhase.WARMUP : RepairPhase.RESTORE;
        long t0 = System.nanoTime();
        if (rollbackMode) {
            w.zeroGradients();
        }
        double loss = restore.accumulateGradient();
        List<int[]> restored = restore.selectAndRestore();
        List<int[]> rolledBack = rollbackMode ? rollback.apply(restored) : Rollback.none(w);
        long restoredCount = GlobalTopK.count(restored);
        long rolledBackCount = GlobalTopK.count(rolledBack);
        run.restoredTotal(run.restoredTotal() + restoredCount - rolledBackCount);
        StepRow.Evaluation evaluation = CheckpointMeasurement.due(run.knobs, step)
                ? CheckpointMeasurement.measure(run, w, eval, step).evaluation(run.effectiveFloor())
                : StepRow.Evaluation.NONE;
        StepRow row = new StepRow(step, phase, new StepRow.Counts(restoredCount, rolledBackCount, run.restoredTotal()),
                evaluation, loss, (System.nanoTime() - t0) / 1e9);
        run.journal.saveSelection(step, new StepJournal.Selection(restored, rolledBack));
        run.state(run.state().withRow(row));
        run.save();
        return row;
    }

    /** The kept checkpoint: chosen, rebuilt, measured, written; then F measured for the report's "before". */
    private static RepairReport finish(RepairRun run, WorkingModel w, Evaluator eval, RepairData data) {
        KeptCheckpoint kept = KeptCheckpoint.choose(run);
        KeptCheckpoint.Counts counts = kept.rebuild(run, w);
        List<LayerGeometryRow> after = GeometryMeasurement.measure(run, w, eval, data);
        int steps = run.state().rows().size();
        run.emit(RepairPhase.WRITING, steps, "writing the repaired checkpoint to " + run.inputs.output());
        RepairedOutput.write(w, run.inputs.output());
        List<ModuleChangeRow> changes = RepairedOutput.changes(w, counts);
        w.resetToFineTuned();
        List<LayerGeometryRow> before = after.isEmpty() ? List.of() : GeometryMeasurement.measure(run, w, eval, data);
        ParityReport baselineParity = null;
        if (run.groups() != null) {
            run.emit(RepairPhase.SELECTING, steps, "measuring the fine-tuned model's group parity");
            baselineParity = eval.groupParity(w.model(), run.groups());
        }
        StepJournal.State state = run.state();
        StepRow.Evaluation k = kept.row() == null ? null : kept.row().evaluation();
        return new RepairReport(
                new RepairReport.Before(state.baselineTaskScore(), run.floor(), state.baselineHarmfulRate(),
                        state.alignedHarmfulRate(), baselineParity),
                new RepairReport.Schedule(run.cut(), run.rollbackMode(), state.swapBound(), state.rows()),
                new RepairReport.Kept(kept.step(), k == null ? state.baselineHarmfulRate() : k.harmfulRate(),
                        k == null ? state.baselineTaskScore() : k.taskScore(),
                        k == null ? baselineParity : k.groupParity(), changes),
                new RepairReport.Geometry(before, after), run.inputs.output().toString(), run.seconds());
    }

    private static ModelConfig readConfig(Path dir) {
        try {
            return ModelConfig.read(dir);
        } catch (RuntimeException e) {
            throw new RepairFailedException("cannot read " + dir.resolve("config.json") + ": " + e.getMessage(), e);
        }
    }
}

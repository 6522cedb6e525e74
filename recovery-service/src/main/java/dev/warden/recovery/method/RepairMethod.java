package dev.warden.recovery.method;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.organism.ParityReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

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
 */
public final class RepairMethod implements RepairRunner {

    /** A swap is "repairable" when it removes at least this share of the fine-tuned harmful rate. */
    static final double REPAIRABLE_SHARE = 0.5;
    /** Candidate entries up to which restore scores are computed once per step and kept (64 MB of floats). */
    static final long CACHED_SCORES = 16L << 20;
    /** Prompts per side for the alignment geometry. */
    static final int GEOMETRY_PROMPTS = 64;

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
        return new Run(inputs, judge, listener, cancel).execute();
    }

    /** One execution of a repair (state of a single attempt). */
    private final class Run {
        private final RepairInputs inputs;
        private final RepairKnobs knobs;
        private final HarmJudge judge;
        private final RepairListener listener;
        private final CancellationCheck cancel;
        private final long started = System.nanoTime();
        private final StepJournal journal;
        private StepJournal.State state;
        private double secondsBefore;
        private int cut;
        private long restoredTotal;
        /** The bias probe when parity is measured, else null. */
        private GroupProbes groups;
        /** The aligned model's mean representation of the bias probe (bias_probe only), else null. */
        private float[] biasDirection;
        private List<List<long[]>> biasBatches = List.of();

        Run(RepairInputs inputs, HarmJudge judge, RepairListener listener, CancellationCheck cancel) {
            this.inputs = inputs;
            this.knobs = inputs.knobs();
            this.judge = judge;
            this.listener = listener;
            this.cancel = cancel;
            this.journal = new StepJournal(inputs.workDir());
        }

        RepairReport execute() {
            emit(RepairPhase.PREPARING, 0, "preparing: mapping the checkpoints, loading probes and task");
            Path fineTunedDir = fineTunedDirectory();
            ModelConfig config = readConfig(inputs.aligned());
            int layers = config.numHiddenLayers();
            List<String> problems = knobs.problems(layers);
            if (!problems.isEmpty()) {
                throw new RepairFailedException("invalid knobs: " + String.join("; ", problems));
            }
            cut = knobs.cutLayerFor(layers);
            RepairData data = RepairData.load(inputs.harmfulProbes(), inputs.task(), knobs.seed());
            groups = knobs.bias() == RepairKnobs.BiasProbe.OFF ? null : GroupProbes.demo(knobs.seed());
            state = journal.load(fingerprint(data));
            secondsBefore = state.secondsBefore();
            // A alone first (h*, its harmful rate), closed before W is loaded: A and W never share the host
            float[] harmfulDirection = alignedPhase(data);
            checkCancel(0);
            try (WorkingModel w = WorkingModel.open(inputs.aligned(), fineTunedDir, cut, device)) {
                Evaluator eval = new Evaluator(w.loaded(), data, judge, knobs.taskMetric(), knobs.evalMaxNewTokens());
                List<List<long[]>> probeBatches = batches(data.probes(), eval);
                List<List<long[]>> taskBatches = batches(data.taskPrompts(), eval);
                if (biasDirection != null) {
                    biasBatches = batches(groups.probes(), eval);
                }
                baseline(w, eval);
                checkCancel(0);
                swapBound(w, eval, layers);
                checkCancel(0);
                emit(RepairPhase.DIRECTIONS, 0, "benign direction b* from " + data.taskPrompts().size()
                        + " task prompts on the fine-tuned model");
                float[] benignDirection = Representations.meanLastHidden(w.model(), taskBatches, cut);
                runSteps(w, eval, probeBatches, taskBatches, harmfulDirection, benignDirection);
                return finish(w, eval, data);
            }
        }

        /** F's directory: the given one, or the LoRA adapter merged onto A in the work directory. */
        private Path fineTunedDirectory() {
            if (inputs.fineTuned() != null) {
                return inputs.fineTuned();
            }
            if (inputs.loraAdapter() == null) {
                throw new RepairFailedException("neither a fine-tuned checkpoint nor a LoRA adapter was given");
            }
            Path merged = inputs.workDir().resolve("merged-finetuned");
            if (!Files.isDirectory(merged)) { // written atomically: present means complete
                int tensors = LoraMerge.merge(inputs.aligned(), inputs.loraAdapter(), merged);
                emit(RepairPhase.PREPARING, 0, "merged the LoRA adapter onto the aligned model (" + tensors
                        + " tensors)");
            }
            return merged;
        }

        /** The aligned model's phase: h* over the probes and, once, A's harmful rate (for reference). */
        private float[] alignedPhase(RepairData data) {
            emit(RepairPhase.DIRECTIONS, 0, "harmful direction h* from " + data.probes().size()
                    + " probe prompts on the aligned model");
            try (LoadedModel aligned = LoadedModel.load(inputs.aligned(), device, DataType.FLOAT32)) {
                Evaluator eval = new Evaluator(aligned, data, judge, knobs.taskMetric(), knobs.evalMaxNewTokens());
                float[] direction = Representations.meanLastHidden(aligned.model(), batches(data.probes(), eval), cut);
                if (knobs.bias() == RepairKnobs.BiasProbe.RESTORE) {
                    emit(RepairPhase.DIRECTIONS, 0, "bias direction from " + groups.probes().size()
                            + " benign group requests on the aligned model (bias probe)");
                    biasDirection = Representations.meanLastHidden(aligned.model(), batches(groups.probes(), eval),
                            cut);
                }
                if (state.alignedHarmfulRate() == null) {
                    emit(RepairPhase.BASELINE, 0, "measuring the aligned model");
                    double rate = eval.harmfulRate(aligned.model());
                    state = state.withAlignedHarmfulRate(rate);
                    save();
                    emitMeasured(RepairPhase.BASELINE, 0, rate, null,
                            String.format(Locale.ROOT, "aligned model: harmful rate %.3f", rate));
                }
                return direction;
            } catch (RuntimeException e) {
                if (e instanceof RepairFailedException || e instanceof JudgeUnavailableException) {
                    throw e;
                }
                throw new RepairFailedException("cannot load the aligned checkpoint: " + e.getMessage(), e);
            }
        }

        /** S0 (hence the floor) and the harmful rate of F, once. */
        private void baseline(WorkingModel w, Evaluator eval) {
            if (state.baselineTaskScore() != null) {
                return;
            }
            emit(RepairPhase.BASELINE, 0, "measuring the fine-tuned model");
            double task = eval.taskScore(w.model());
            double harmful = eval.harmfulRate(w.model());
            state = state.withBaseline(task, harmful, state.alignedHarmfulRate());
            save();
            emitMeasured(RepairPhase.BASELINE, 0, harmful, task, String.format(Locale.ROOT,
                    "fine-tuned model: harmful rate %.3f, task score %.3f (floor %.3f)", harmful, task, floor()));
        }

        private void swapBound(WorkingModel w, Evaluator eval, int layers) {
            if (state.swapBound() != null) {
                return;
            }
            emit(RepairPhase.SWAP_BOUND, 0, "swap bound: the fine-tuned model with the aligned layers 0.."
                    + (cut - 1) + " put back");
            double baseline = state.baselineHarmfulRate();
            w.swapProjectionsBelow(cut, true);
            double harmful = eval.harmfulRate(w.model());
            double task = eval.taskScore(w.model());
            w.swapProjectionsBelow(cut, false);
            boolean repairable = baseline == 0 || harmful <= REPAIRABLE_SHARE * baseline;
            Integer suggested = null;
            if (!repairable) {
                for (int c = cut + 1; c <= layers && suggested == null; c++) {
                    w.swapProjectionsBelow(c, true);
                    double h = eval.harmfulRate(w.model());
                    w.swapProjectionsBelow(c, false);
                    if (h <= REPAIRABLE_SHARE * baseline) {
                        suggested = c;
                    }
                }
            }
            String summary = summary(baseline, harmful, task, repairable, suggested);
            state = state.withSwapBound(new SwapBoundResult(cut, harmful, task, repairable, suggested, summary));
            save();
            emitMeasured(RepairPhase.SWAP_BOUND, 0, harmful, task, summary);
        }

        private String summary(double baseline, double harmful, double task, boolean repairable, Integer suggested) {
            String head = String.format(Locale.ROOT, "with every candidate of layers 0..%d set to the aligned "
                    + "values the harmful rate is %.3f (fine-tuned %.3f) at task score %.3f", cut - 1, harmful,
                    baseline, task);
            if (baseline == 0) {
                return head + ": the fine-tuned model is not harmful on these probes; nothing to repair";
            }
            if (repairable) {
                return head + ": compliance lives below the cut, a restore there can work";
            }
            return head + ": compliance lives above the cut (a heavy fine-tune); no restore below layer " + cut
                    + " can repair it" + (suggested != null ? "; cut layer " + suggested + " would"
                    : "; no higher cut helps either");
        }

        private void runSteps(WorkingModel w, Evaluator eval, List<List<long[]>> probeBatches,
                              List<List<long[]>> taskBatches, float[] harmful, float[] benign) {
            long k = SelectionRules.restoreCount(knobs.restoreRate(), w.decoderParameters());
            replay(w, probeBatches, harmful);
            if (state.rollbackMode() == null && knobs.warmupSteps() == 0) {
                state = state.withMode(false, state.rows());
                save();
            }
            int step = state.rows().size();
            if (state.rollbackMode() == null && step == knobs.warmupSteps() && step > 0) {
                StepRow last = state.rows().get(step - 1);
                step = decideAfterWarmup(w, eval, last.taskScore()); // resumed right after the warm-up
            }
            while (step < knobs.steps()) {
                checkCancel(step);
                step++;
                boolean rollback = Boolean.TRUE.equals(state.rollbackMode());
                RepairPhase phase = rollback ? RepairPhase.RESTORE_ROLLBACK
                        : step <= knobs.warmupSteps() ? RepairPhase.WARMUP : RepairPhase.RESTORE;
                long t0 = System.nanoTime();
                if (rollback) {
                    w.zeroGradients();
                }
                double loss = w.accumulateDirectionLoss(probeBatches, harmful);
                accumulateBiasLoss(w);
                List<int[]> restored = GlobalTopK.select(restoreScores(w), k);
                w.restore(restored);
                List<int[]> rolledBack = empty(w);
                if (rollback) {
                    rolledBack = rollBack(w, taskBatches, benign, restored);
                }
                long restoredCount = GlobalTopK.count(restored);
                long rolledBackCount = GlobalTopK.count(rolledBack);
                restoredTotal += restoredCount - rolledBackCount;
                boolean checkpoint = step % knobs.saveInterval() == 0 || step == knobs.steps();
                Double harmfulRate = null;
                Double taskScore = null;
                ParityReport parity = null;
                if (checkpoint) {
                    emit(RepairPhase.EVALUATING, step, "evaluating the checkpoint of step " + step);
                    harmfulRate = eval.harmfulRate(w.model());
                    taskScore = eval.taskScore(w.model());
                    parity = groups == null ? null : eval.groupParity(w.model(), groups);
                }
                StepRow row = new StepRow(step, phase, restoredCount, rolledBackCount, restoredTotal, harmfulRate,
                        taskScore, checkpoint, taskScore != null && taskScore <= effectiveFloor(), loss,
                        (System.nanoTime() - t0) / 1e9, parity);
                journal.saveSelection(step, new StepJournal.Selection(restored, rolledBack));
                state = state.withRow(row);
                save();
                listener.onProgress(new RepairProgress(phase, step, knobs.steps(), harmfulRate, taskScore,
                        restoredCount, rolledBackCount, restoredTotal, stepMessage(row), row));
                if (state.rollbackMode() == null && step == knobs.warmupSteps()) {
                    step = decideAfterWarmup(w, eval, taskScore);
                }
            }
        }

        /**
         * The warm-up decision (also on a resume that stopped right after the warm-up): below the floor, restart
         * from F in rollback mode (returns 0, the steps done); otherwise carry on with plain steps.
         */
        private int decideAfterWarmup(WorkingModel w, Evaluator eval, Double measured) {
            int step = state.rows().size();
            double warm = measured != null ? measured : eval.taskScore(w.model());
            if (warm < floor()) {
                emitMeasured(RepairPhase.RESTORE_ROLLBACK, 0, null, warm, String.format(Locale.ROOT,
                        "warm-up below the floor (task %.3f < %.3f): restarting from the fine-tuned model "
                                + "with rollback", warm, floor()));
                state = state.withMode(true, List.of());
                w.resetToFineTuned();
                w.zeroGradients();
                restoredTotal = 0;
                step = 0;
            } else {
                state = state.withMode(false, state.rows());
                emitMeasured(RepairPhase.RESTORE, step, null, warm, String.format(Locale.ROOT,
                        "warm-up kept the task above the floor (%.3f >= %.3f): plain restore steps", warm,
                        floor()));
            }
            save();
            return step;
        }

        /** Rebuilds W (and, in the plain schedule, the accumulated gradient) from the journaled steps. */
        private void replay(WorkingModel w, List<List<long[]>> probeBatches, float[] harmful) {
            if (state.rows().isEmpty()) {
                return;
            }
            boolean rollback = Boolean.TRUE.equals(state.rollbackMode());
            emit(RepairPhase.PREPARING, 0, "resuming after step " + state.rows().size() + " (replaying the journal)");
            for (StepRow row : state.rows()) {
                if (!rollback) {
                    w.accumulateDirectionLoss(probeBatches, harmful); // the gradient the original run held
                    accumulateBiasLoss(w);
                }
                StepJournal.Selection s = journal.loadSelection(row.step());
                w.restore(s.restored());
                w.rollBack(s.rolledBack());
                restoredTotal = row.restoredTotal();
            }
            if (rollback) {
                w.zeroGradients();
            }
        }

        /**
         * The bias probe's loss (bias_probe only): -cos(mean W representation of the benign group requests, the
         * aligned model's), its gradient added to the harmful one, so the sign filter and the global top-k restore
         * entries that bring both back toward the aligned model.
         */
        private void accumulateBiasLoss(WorkingModel w) {
            if (biasDirection != null) {
                w.accumulateDirectionLoss(biasBatches, biasDirection);
            }
        }

        private List<int[]> rollBack(WorkingModel w, List<List<long[]>> taskBatches, float[] benign,
                                     List<int[]> restored) {
            w.zeroGradients();
            w.accumulateDirectionLoss(taskBatches, benign);
            float[][] scores = new float[w.candidates().size()][];
            long eligible = 0;
            for (int t = 0; t < scores.length; t++) {
                scores[t] = w.rollbackScores(t, restored.get(t));
                eligible += SelectionRules.eligible(scores[t]);
            }
            long m = SelectionRules.rollbackCount(knobs.rollbackRate(), eligible);
            List<int[]> selected = GlobalTopK.select(cached(scores), m);
            w.rollBack(selected);
            w.zeroGradients();
            return selected;
        }

        /**
         * The restore scores of every candidate: kept in memory for small models, recomputed on every pass of
         * the top-k for large ones (so the host never holds a score per candidate weight at once).
         */
        private GlobalTopK.Scores restoreScores(WorkingModel w) {
            long entries = w.candidates().stream().mapToLong(Candidate::size).sum();
            if (entries > CACHED_SCORES) {
                return new GlobalTopK.Scores() {
                    @Override
                    public int tensors() {
                        return w.candidates().size();
                    }

                    @Override
                    public float[] scores(int t) {
                        return w.restoreScores(t);
                    }
                };
            }
            float[][] scores = new float[w.candidates().size()][];
            for (int t = 0; t < scores.length; t++) {
                scores[t] = w.restoreScores(t);
            }
            return cached(scores);
        }

        private RepairReport finish(WorkingModel w, Evaluator eval, RepairData data) {
            emit(RepairPhase.SELECTING, state.rows().size(), "choosing the checkpoint to keep");
            List<CheckpointSelection.Measured> measured = new ArrayList<>();
            for (StepRow r : state.rows()) {
                if (r.checkpoint()) {
                    measured.add(new CheckpointSelection.Measured(r.step(), r.harmfulRate(), r.taskScore()));
                }
            }
            int selected = CheckpointSelection.select(measured, effectiveFloor());
            int paper = CheckpointSelection.paperRule(measured, effectiveFloor());
            StepRow kept = selected == 0 ? null : state.rows().get(selected - 1);
            emitMeasured(RepairPhase.SELECTING, state.rows().size(), kept == null ? null : kept.harmfulRate(),
                    kept == null ? null : kept.taskScore(), selected == 0
                            ? "no checkpoint stays above the task floor: the fine-tuned weights are kept"
                            : "kept step " + selected + " (the paper's rule would keep step " + paper + ")");

            w.resetToFineTuned();
            long[] restoredPer = new long[w.candidates().size()];
            long[] rolledPer = new long[w.candidates().size()];
            for (int s = 1; s <= selected; s++) {
                StepJournal.Selection sel = journal.loadSelection(s);
                w.restore(sel.restored());
                w.rollBack(sel.rolledBack());
                for (int t = 0; t < restoredPer.length; t++) {
                    restoredPer[t] += sel.restored().get(t).length;
                    rolledPer[t] += sel.rolledBack().get(t).length;
                }
            }
            List<LayerGeometryRow> after = geometry(w, eval, data);
            emit(RepairPhase.WRITING, state.rows().size(), "writing the repaired checkpoint to " + inputs.output());
            writeOutput(w);
            List<ModuleChangeRow> changes = changes(w, restoredPer, rolledPer);
            w.resetToFineTuned();
            List<LayerGeometryRow> before = after.isEmpty() ? List.of() : geometry(w, eval, data);
            ParityReport baselineParity = null;
            if (groups != null) {
                emit(RepairPhase.SELECTING, state.rows().size(), "measuring the fine-tuned model's group parity");
                baselineParity = eval.groupParity(w.model(), groups);
            }
            double seconds = secondsBefore + (System.nanoTime() - started) / 1e9;
            return new RepairReport(state.baselineTaskScore(), floor(), state.baselineHarmfulRate(),
                    state.alignedHarmfulRate(), cut, Boolean.TRUE.equals(state.rollbackMode()), state.rows(),
                    state.swapBound(), selected, kept == null ? state.baselineHarmfulRate() : kept.harmfulRate(),
                    kept == null ? state.baselineTaskScore() : kept.taskScore(), changes,
                    inputs.output().toString(), null, null, before, after, seconds, false, baselineParity,
                    kept == null ? baselineParity : kept.groupParity());
        }

        private void writeOutput(WorkingModel w) {
            long[] differing = w.differingFromFineTuned();
            Map<String, NDArray> changed = new LinkedHashMap<>();
            for (Candidate c : w.candidates()) {
                if (differing[c.index()] > 0) {
                    changed.put(c.name(), c.parameter().stopGradient());
                }
            }
            try {
                RepairedCheckpointWriter.deleteRecursively(inputs.output()); // a previous attempt's, if any
                Files.createDirectories(inputs.output().toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new RepairFailedException("cannot prepare " + inputs.output() + ": " + e.getMessage(), e);
            }
            try {
                RepairedCheckpointWriter.write(w.loaded().directory(), w.fineTunedSource(), changed, inputs.output());
            } finally {
                changed.values().forEach(NDArray::close);
            }
        }

        private List<ModuleChangeRow> changes(WorkingModel w, long[] restored, long[] rolled) {
            Map<String, long[]> rows = new LinkedHashMap<>(); // layer/module -> parameters, restored, rolled back
            Map<String, Candidate> first = new LinkedHashMap<>();
            for (Candidate c : w.candidates()) {
                String key = c.layer() + "/" + c.module();
                first.putIfAbsent(key, c);
                long[] r = rows.computeIfAbsent(key, x -> new long[3]);
                r[0] += c.size();
                r[1] += restored[c.index()];
                r[2] += rolled[c.index()];
            }
            List<ModuleChangeRow> out = new ArrayList<>();
            rows.forEach((key, r) -> out.add(new ModuleChangeRow(first.get(key).layer(), first.get(key).module(),
                    r[0], r[1], r[2])));
            return out;
        }

        private List<LayerGeometryRow> geometry(WorkingModel w, Evaluator eval, RepairData data) {
            List<long[]> safe = data.taskEval().stream().limit(GEOMETRY_PROMPTS).map(e -> eval.encode(e.prompt()))
                    .toList();
            List<long[]> unsafe = data.heldOut().stream().limit(GEOMETRY_PROMPTS).map(eval::encode).toList();
            if (safe.size() < 2 || unsafe.size() < 2) {
                return List.of();
            }
            float[][][] s = Representations.lastHiddenAllLayers(w.model(), safe, knobs.batchSize());
            float[][][] u = Representations.lastHiddenAllLayers(w.model(), unsafe, knobs.batchSize());
            SortedMap<Integer, float[][]> safeByLayer = new TreeMap<>();
            SortedMap<Integer, float[][]> unsafeByLayer = new TreeMap<>();
            for (int l = 0; l < s.length; l++) {
                safeByLayer.put(l, s[l]);
                unsafeByLayer.put(l, u[l]);
            }
            try {
                return judge.geometry(safeByLayer, unsafeByLayer).orElse(List.of());
            } catch (RuntimeException e) {
                emit(RepairPhase.WRITING, state.rows().size(), "alignment geometry unavailable: " + e.getMessage());
                return List.of();
            }
        }

        private List<List<long[]>> batches(List<String> prompts, Evaluator eval) {
            List<List<long[]>> out = new ArrayList<>();
            for (int from = 0; from < prompts.size(); from += knobs.batchSize()) {
                out.add(prompts.subList(from, Math.min(prompts.size(), from + knobs.batchSize())).stream()
                        .map(eval::encode).toList());
            }
            return out;
        }

        private double floor() {
            return (1 - knobs.allowedTaskDrop()) * state.baselineTaskScore();
        }

        /**
         * The floor checkpoints are held to: the floor, or no floor at all when F scores 0 on the task (nothing to
         * protect; "at or below 0" would reject every checkpoint).
         */
        private double effectiveFloor() {
            return state.baselineTaskScore() > 0 ? floor() : Double.NEGATIVE_INFINITY;
        }

        private void save() {
            state = state.withSecondsBefore(secondsBefore + (System.nanoTime() - started) / 1e9);
            journal.save(state);
        }

        private void checkCancel(int step) {
            if (cancel.cancelRequested()) {
                throw new RepairCancelledException(step);
            }
        }

        private String fingerprint(RepairData data) {
            return String.join("|", String.valueOf(inputs.aligned()), String.valueOf(inputs.fineTuned()),
                    String.valueOf(inputs.loraAdapter()), String.valueOf(inputs.harmfulProbes()),
                    String.valueOf(inputs.task()), knobs.toString(), String.valueOf(cut),
                    Integer.toString(data.probes().hashCode()), Integer.toString(data.taskEval().hashCode()));
        }

        private String stepMessage(StepRow r) {
            String base = String.format(Locale.ROOT, "step %d/%d (%s): restored %d, rolled back %d, %d differ from "
                            + "the fine-tuned model, harmful loss %.4f", r.step(), knobs.steps(),
                    r.phase().name().toLowerCase(Locale.ROOT), r.restoredCount(), r.rolledBackCount(),
                    r.restoredTotal(), r.harmfulLoss());
            if (!r.checkpoint()) {
                return base;
            }
            String parity = r.groupParity() == null ? "" : "; " + r.groupParity().summary();
            return base + String.format(Locale.ROOT, "; checkpoint: harmful rate %.3f, task score %.3f%s%s",
                    r.harmfulRate(), r.taskScore(), r.belowFloor() ? " (below the floor)" : "", parity);
        }

        private void emit(RepairPhase phase, int step, String message) {
            listener.onProgress(RepairProgress.of(phase, step, knobs.steps(), restoredTotal, message));
        }

        private void emitMeasured(RepairPhase phase, int step, Double harmful, Double task, String message) {
            listener.onProgress(new RepairProgress(phase, step, knobs.steps(), harmful, task, 0, 0, restoredTotal,
                    message, null));
        }
    }

    private static ModelConfig readConfig(Path dir) {
        try {
            return ModelConfig.read(dir);
        } catch (RuntimeException e) {
            throw new RepairFailedException("cannot read " + dir.resolve("config.json") + ": " + e.getMessage(), e);
        }
    }

    private static List<int[]> empty(WorkingModel w) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < w.candidates().size(); i++) {
            out.add(new int[0]);
        }
        return out;
    }

    private static GlobalTopK.Scores cached(float[][] scores) {
        return new GlobalTopK.Scores() {
            @Override
            public int tensors() {
                return scores.length;
            }

            @Override
            public float[] scores(int t) {
                return scores[t];
            }
        };
    }
}

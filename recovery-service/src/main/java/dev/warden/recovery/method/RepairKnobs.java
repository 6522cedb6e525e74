package dev.warden.recovery.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The knobs of the method (RECOVERY-METHOD.md), every one with the paper code's default; built by name with
 * {@link #builder()} (the proto's RepairOptions, one field per knob, through {@code validate/Knobs}). A null
 * {@code cutLayer} means {@code floor(4/6 * num_layers)}, resolved once the checkpoint is known.
 *
 * @param restoreRate      share of decoder-layer parameters restored per step, k = ceil(rate * n); in (0, 1]
 * @param rollbackRate     share of a step's restores rolled back in rollback mode; in [0, 1]
 * @param steps            restore steps; >= 1
 * @param warmupSteps      plain steps before the rollback decision; in [0, steps]
 * @param saveInterval     a checkpoint is saved and evaluated every this many steps; >= 1
 * @param cutLayer         L*: only decoder layers 0..L*-1 change; null for the default
 * @param allowedTaskDrop  floor = (1 - drop) * S0; in [0, 1)
 * @param batchSize        prompts per mini-batch of the harmful and benign losses; >= 1
 * @param seed             seed of every random choice (probe split, batch order)
 * @param taskMetric       how task answers are scored
 * @param evalMaxNewTokens greedy tokens per held-out prompt when measuring; >= 1 (capped by the context)
 * @param bias             demographic parity: not measured (the paper), measured per checkpoint, or also pulled
 *                         toward the aligned model in the restore rule (an extension)
 */
public record RepairKnobs(double restoreRate, double rollbackRate, int steps, int warmupSteps, int saveInterval,
                          Integer cutLayer, double allowedTaskDrop, int batchSize, long seed, TaskMetric taskMetric,
                          int evalMaxNewTokens, BiasProbe bias) {

    /** What the method does about demographic parity. */
    public enum BiasProbe {
        /** Nothing (the paper's method). */
        OFF,
        /** Measure it at the baseline and at every checkpoint; the method is unchanged. */
        MEASURE,
        /** Measure it, and add the bias probe's direction loss to the restore rule. */
        RESTORE
    }

    /** The paper code's defaults. */
    public static RepairKnobs defaults() {
        return builder().build();
    }

    /** A builder that starts from the paper code's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these knobs. */
    public Builder toBuilder() {
        return new Builder().restoreRate(restoreRate).rollbackRate(rollbackRate).steps(steps).warmupSteps(warmupSteps)
                .saveInterval(saveInterval).cutLayer(cutLayer).allowedTaskDrop(allowedTaskDrop).batchSize(batchSize)
                .seed(seed).taskMetric(taskMetric).evalMaxNewTokens(evalMaxNewTokens).bias(bias);
    }

    /** The same knobs with {@code value} for {@link #bias()}. */
    public RepairKnobs withBias(BiasProbe value) {
        return toBuilder().bias(value).build();
    }

    /** Knobs by name, each starting at the paper code's default; validated by {@link #problems()}, not here. */
    public static final class Builder {
        private double restoreRate = 0.002;
        private double rollbackRate = 0.2;
        private int steps = 20;
        private int warmupSteps = 5;
        private int saveInterval = 5;
        private Integer cutLayer;
        private double allowedTaskDrop = 0.05;
        private int batchSize = 8;
        private long seed;
        private TaskMetric taskMetric = TaskMetric.EXACT_MATCH;
        private int evalMaxNewTokens = 128;
        private BiasProbe bias = BiasProbe.OFF;

        private Builder() {
        }

        /** See {@link RepairKnobs#restoreRate()}. */
        public Builder restoreRate(double value) {
            restoreRate = value;
            return this;
        }

        /** See {@link RepairKnobs#rollbackRate()}. */
        public Builder rollbackRate(double value) {
            rollbackRate = value;
            return this;
        }

        /** See {@link RepairKnobs#steps()}. */
        public Builder steps(int value) {
            steps = value;
            return this;
        }

        /** See {@link RepairKnobs#warmupSteps()}. */
        public Builder warmupSteps(int value) {
            warmupSteps = value;
            return this;
        }

        /** See {@link RepairKnobs#saveInterval()}. */
        public Builder saveInterval(int value) {
            saveInterval = value;
            return this;
        }

        /** See {@link RepairKnobs#cutLayer()}; null for the default. */
        public Builder cutLayer(Integer value) {
            cutLayer = value;
            return this;
        }

        /** See {@link RepairKnobs#allowedTaskDrop()}. */
        public Builder allowedTaskDrop(double value) {
            allowedTaskDrop = value;
            return this;
        }

        /** See {@link RepairKnobs#batchSize()}. */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** See {@link RepairKnobs#seed()}. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** See {@link RepairKnobs#taskMetric()}. */
        public Builder taskMetric(TaskMetric value) {
            taskMetric = value;
            return this;
        }

        /** See {@link RepairKnobs#evalMaxNewTokens()}. */
        public Builder evalMaxNewTokens(int value) {
            evalMaxNewTokens = value;
            return this;
        }

        /** See {@link RepairKnobs#bias()}. */
        public Builder bias(BiasProbe value) {
            bias = value;
            return this;
        }

        /** The knobs. */
        public RepairKnobs build() {
            return new RepairKnobs(restoreRate, rollbackRate, steps, warmupSteps, saveInterval, cutLayer,
                    allowedTaskDrop, batchSize, seed, taskMetric, evalMaxNewTokens, bias);
        }
    }

    /** The cut layer for a model of {@code layers} decoder layers: the knob, or floor(4/6 * layers). */
    public int cutLayerFor(int layers) {
        return cutLayer != null ? cutLayer : (4 * layers) / 6;
    }

    /**
     * Every knob out of range, as {@code name: problem} lines (empty when all are valid). The cut layer is
     * checked against the model in {@link #problems(int)}.
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!(restoreRate > 0 && restoreRate <= 1)) {
            p.add(String.format(Locale.ROOT, "restore_rate: must be in (0, 1], got %s", restoreRate));
        }
        if (!(rollbackRate >= 0 && rollbackRate <= 1)) {
            p.add(String.format(Locale.ROOT, "rollback_rate: must be in [0, 1], got %s", rollbackRate));
        }
        if (steps < 1 || steps > 10_000) {
            p.add("steps: must be in [1, 10000], got " + steps);
        }
        if (warmupSteps < 0 || warmupSteps > steps) {
            p.add("warmup_steps: must be in [0, steps=" + steps + "], got " + warmupSteps);
        }
        if (saveInterval < 1) {
            p.add("save_interval: must be >= 1, got " + saveInterval);
        }
        if (cutLayer != null && cutLayer < 1) {
            p.add("cut_layer: must be >= 1, got " + cutLayer);
        }
        if (!(allowedTaskDrop >= 0 && allowedTaskDrop < 1)) {
            p.add(String.format(Locale.ROOT, "allowed_task_drop: must be in [0, 1), got %s", allowedTaskDrop));
        }
        if (batchSize < 1 || batchSize > 4096) {
            p.add("batch_size: must be in [1, 4096], got " + batchSize);
        }
        if (taskMetric == null) {
            p.add("task_metric: required");
        }
        if (bias == null) {
            p.add("bias_probe: required");
        }
        if (evalMaxNewTokens < 1 || evalMaxNewTokens > 4096) {
            p.add("eval_max_new_tokens: must be in [1, 4096], got " + evalMaxNewTokens);
        }
        return p;
    }

    /** {@link #problems()} plus the cut layer checked against a model of {@code layers} decoder layers. */
    public List<String> problems(int layers) {
        List<String> p = new ArrayList<>(problems());
        if (cutLayer != null && cutLayer > layers) {
            p.add("cut_layer: must be in [1, num_layers=" + layers + "], got " + cutLayer);
        }
        return p;
    }
}

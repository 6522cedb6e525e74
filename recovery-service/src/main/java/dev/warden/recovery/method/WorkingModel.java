package dev.warden.recovery.method;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.checkpoint.SafeTensorsWeightReader;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.WeightNames;
import dev.warden.model.safetensors.ShardedSafeTensors;
import dev.warden.model.train.Gradients;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The working copy W of a repair: the fine-tuned model F loaded in f32, whose candidate tensors (the
 * projections of decoder layers below the cut) require gradients, beside the aligned model A and F itself,
 * both memory-mapped and read one tensor at a time (never held whole). Every rule of the method that touches
 * tensors lives here: the harmful and benign losses, the sign filter, the exact restore, the rollback filter
 * and the exact rollback.
 *
 * <p>Legend: N entries of one candidate tensor (flattened), B prompts in a batch, T tokens, D hidden size.
 */
public final class WorkingModel implements AutoCloseable {

    private final LoadedModel loaded;
    private final ShardedSafeTensors aligned;
    private final ShardedSafeTensors fineTuned;
    private final int cut;
    private final List<Candidate> candidates;
    private final long decoderParameters;

    private WorkingModel(LoadedModel loaded, ShardedSafeTensors aligned, ShardedSafeTensors fineTuned, int cut) {
        this.loaded = loaded;
        this.aligned = aligned;
        this.fineTuned = fineTuned;
        this.cut = cut;
        List<Candidate> list = new ArrayList<>();
        long decoder = 0;
        for (Map.Entry<String, NDArray> e : loaded.model().weights().byName().entrySet()) {
            int layer = WeightNames.layerOf(e.getKey());
            if (layer < 0) {
                continue;
            }
            decoder += e.getValue().getShape().size();
            if (layer < cut && !WeightNames.isNorm(e.getKey())) {
                e.getValue().setRequiresGradient(true);
                list.add(new Candidate(list.size(), e.getKey(), layer, Candidate.moduleOf(e.getKey()), e.getValue()));
            }
        }
        this.candidates = Collections.unmodifiableList(list);
        this.decoderParameters = decoder;
    }

    /**
     * Loads W from {@code fineTunedDir} and maps A and F.
     *
     * @throws RepairFailedException when a checkpoint cannot be read
     */
    public static WorkingModel open(Path alignedDir, Path fineTunedDir, int cut, Device device) {
        LoadedModel loaded = null;
        ShardedSafeTensors a = null;
        try {
            loaded = LoadedModel.load(fineTunedDir, device, DataType.FLOAT32);
            a = ShardedSafeTensors.open(alignedDir);
            ShardedSafeTensors f = ShardedSafeTensors.open(fineTunedDir);
            return new WorkingModel(loaded, a, f, cut);
        } catch (RuntimeException e) {
            if (loaded != null) {
                loaded.close();
            }
            if (a != null) {
                a.close();
            }
            throw new RepairFailedException("cannot open the checkpoints: " + e.getMessage(), e);
        }
    }

    /** The loaded fine-tuned checkpoint whose weights are W (model, tokenizer, chat template). */
    public LoadedModel loaded() {
        return loaded;
    }

    /** W as a model (for generation and hidden states). */
    public LlamaModel model() {
        return loaded.model();
    }

    /** The cut L*. */
    public int cut() {
        return cut;
    }

    /** The candidate tensors, in checkpoint order. */
    public List<Candidate> candidates() {
        return candidates;
    }

    /** n of the method: the parameters of ALL decoder layers, norms included. */
    public long decoderParameters() {
        return decoderParameters;
    }

    /** The memory-mapped fine-tuned checkpoint. */
    public ShardedSafeTensors fineTunedSource() {
        return fineTuned;
    }

    /**
     * Accumulates the gradient of a direction loss, {@code -cos(mean_batch(h_L*[last token]), direction)},
     * one backward per batch (gradients ADD to what the candidates hold).
     *
     * @param batches   prompt token ids, batch by batch
     * @param direction [D] the target direction (h* or b*)
     * @return the loss summed over batches
     */
    public double accumulateDirectionLoss(List<List<long[]>> batches, float[] direction) {
        double total = 0;
        for (List<long[]> batch : batches) {
            try (NDScope scope = new NDScope(); NDManager m = model().newManager()) {
                scope.suppressNotUsedWarning();
                NDArray target = m.create(direction); // [D]
                total += Gradients.accumulate(() -> {
                    NDArray mean = Representations.lastHidden(model(), batch, cut, m).mean(new int[] {0}); // [D]
                    NDArray dot = mean.mul(target).sum(); // []
                    NDArray norms = mean.norm().mul(target.norm()); // []
                    return dot.div(norms).neg(); // [] (tensor operands only on the gradient path)
                });
            }
        }
        return total;
    }

    /** Sets every candidate's gradient to zero. */
    public void zeroGradients() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Candidate c : candidates) {
                NDArray g = c.parameter().getGradient();
                g.subi(g);
            }
        }
    }

    /**
     * Restore scores of candidate {@code t}: the sign filter of {@link SelectionRules#restoreScores} on its
     * gradient G, W and A.
     *
     * @return [N] flat scores
     */
    public float[] restoreScores(int t) {
        Candidate c = candidates.get(t);
        try (NDScope scope = new NDScope(); NDManager m = model().newManager()) {
            scope.suppressNotUsedWarning();
            return SelectionRules.restoreScores(c.parameter().getGradient().toFloatArray(), // [N]
                    c.parameter().stopGradient().toFloatArray(), alignedValues(c, m).toFloatArray());
        }
    }

    /**
     * Rollback scores of candidate {@code t} ({@link SelectionRules#rollbackScores}) over the entries restored in
     * this step ({@code restored}, flat indices).
     *
     * @return [N] flat scores
     */
    public float[] rollbackScores(int t, int[] restored) {
        Candidate c = candidates.get(t);
        try (NDScope scope = new NDScope(); NDManager m = model().newManager()) {
            scope.suppressNotUsedWarning();
            return SelectionRules.rollbackScores(c.parameter().getGradient().toFloatArray(), // [N]
                    c.parameter().stopGradient().toFloatArray(), fineTunedValues(c, m).toFloatArray(), restored);
        }
    }

    /** The gradient of candidate {@code t} as a flat array (for tests and diagnostics). */
    public float[] gradient(int t) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return candidates.get(t).parameter().getGradient().toFloatArray();
        }
    }

    /** W's values of candidate {@code t} as a flat array. */
    public float[] values(int t) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return candidates.get(t).parameter().stopGradient().toFloatArray();
        }
    }

    /** W_i := A_i exactly at the selected entries (flat indices per candidate). */
    public void restore(List<int[]> selection) {
        copyFrom(selection, true);
    }

    /** W_i := F_i exactly at the selected entries (flat indices per candidate). */
    public void rollBack(List<int[]> selection) {
        copyFrom(selection, false);
    }

    /** Every candidate back to F (W = F again). */
    public void resetToFineTuned() {
        setAll(false);
    }

    /** Every candidate set to A (the swap bound). */
    public void setAllToAligned() {
        setAll(true);
    }

    /**
     * Sets the projections of every decoder layer below {@code layers} (candidates or not) to A's values, or
     * back to F's: the swap bound at a cut other than this model's.
     */
    public void swapProjectionsBelow(int layers, boolean toAligned) {
        for (Map.Entry<String, NDArray> e : model().weights().byName().entrySet()) {
            int layer = WeightNames.layerOf(e.getKey());
            if (layer < 0 || layer >= layers || WeightNames.isNorm(e.getKey())) {
                continue;
            }
            Candidate c = new Candidate(-1, e.getKey(), layer, Candidate.moduleOf(e.getKey()), e.getValue());
            try (NDScope scope = new NDScope(); NDManager m = model().newManager()) {
                scope.suppressNotUsedWarning();
                assign(c, toAligned ? alignedValues(c, m) : fineTunedValues(c, m));
            }
        }
    }

    /** Per candidate, the number of entries where W differs from F. */
    public long[] differingFromFineTuned() {
        long[] out = new long[candidates.size()];
        for (Candidate c : candidates) {
            try (NDScope scope = new NDScope(); NDManager m = model().newManager()) {
                scope.suppressNotUsedWarning();
                out[c.index()] = c.parameter().stopGradient().neq(fineTunedValues(c, m)).countNonzero().getLong();
            }
        }
        return out;
    }

    private void copyFrom(List<int[]> selection, boolean fromAligned) {
        for (Candidate c : candidates) {
            int[] picked = selection.get(c.index());
            if (picked.length == 0) {
                continue;
            }
            try (NDScope scope = new NDScope(); NDManager m = model().newManager()) {
                scope.suppressNotUsedWarning();
                boolean[] flags = new boolean[Math.toIntExact(c.size())];
                for (int i : picked) {
                    flags[i] = true;
                }
                Shape shape = c.parameter().getShape();
                NDArray mask = m.create(flags).reshape(shape); // same shape as W
                NDArray source = fromAligned ? alignedValues(c, m) : fineTunedValues(c, m);
                assign(c, NDArrays.where(mask, source, c.parameter().stopGradient()));
            }
        }
    }

    private void setAll(boolean toAligned) {
        for (Candidate c : candidates) {
            try (NDScope scope = new NDScope(); NDManager m = model().newManager()) {
                scope.suppressNotUsedWarning();
                assign(c, toAligned ? alignedValues(c, m) : fineTunedValues(c, m));
            }
        }
    }

    /**
     * Overwrites W's candidate in place with {@code values} (same shape), exactly: through a view without
     * autograd history (an in-place write on a leaf that requires gradients is refused), as 0 + values.
     */
    private static void assign(Candidate c, NDArray values) {
        NDArray view = c.parameter().stopGradient(); // shares storage
        view.subi(view).addi(values);
    }

    private NDArray alignedValues(Candidate c, NDManager m) {
        return new SafeTensorsWeightReader(aligned).read(c.name(), c.parameter().getShape(), DataType.FLOAT32, m);
    }

    private NDArray fineTunedValues(Candidate c, NDManager m) {
        return new SafeTensorsWeightReader(fineTuned).read(c.name(), c.parameter().getShape(), DataType.FLOAT32, m);
    }

    /** Restore / rollback counts per (layer, module), for the report. */
    public Map<String, long[]> moduleSizes() {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            sizes.computeIfAbsent(c.layer() + "/" + c.module(), k -> new long[1])[0] += c.size();
        }
        return sizes;
    }

    @Override
    public void close() {
        loaded.close();
        aligned.close();
        fineTuned.close();
    }
}

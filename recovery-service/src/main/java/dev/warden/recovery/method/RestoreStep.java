package dev.warden.recovery.method;

import java.util.List;

/**
 * RECOVERY-METHOD.md "One restore step": the harmful loss {@code -cos(mean_batch h, h*)} backward per batch
 * (gradients add up; in the plain schedule they are never zeroed between steps), the sign filter
 * ({@link SelectionRules#restoreScores}), ONE global top-k of |G| with {@code k = ceil(rate * n)}
 * ({@link GlobalTopK}), and the exact restore {@code W_i := A_i}. With the bias probe (issue 15, an extension)
 * the loss {@code -cos(mean_batch h, g*)} over the benign group requests adds its gradient before the filter.
 */
final class RestoreStep {

    /** Candidate entries up to which restore scores are computed once per step and kept (64 MB of floats). */
    static final long CACHED_SCORES = 16L << 20;

    private final WorkingModel w;
    private final List<List<long[]>> probeBatches;
    private final float[] harmful;
    private final List<List<long[]>> biasBatches;
    private final float[] bias;
    private final long k;

    /**
     * @param bias        g*, or null without the bias probe
     * @param biasBatches the group requests' batches (empty without the bias probe)
     */
    RestoreStep(WorkingModel w, RepairKnobs knobs, List<List<long[]>> probeBatches, float[] harmful,
                List<List<long[]>> biasBatches, float[] bias) {
        this.w = w;
        this.probeBatches = probeBatches;
        this.harmful = harmful;
        this.biasBatches = biasBatches;
        this.bias = bias;
        this.k = SelectionRules.restoreCount(knobs.restoreRate(), w.decoderParameters());
    }

    /** Adds the harmful loss's gradient (and the bias probe's) to W's gradients; returns the harmful loss. */
    double accumulateGradient() {
        double loss = w.accumulateDirectionLoss(probeBatches, harmful);
        if (bias != null) {
            w.accumulateDirectionLoss(biasBatches, bias);
        }
        return loss;
    }

    /** Selects this step's k entries from the current gradient and restores them to A; returns them per tensor. */
    List<int[]> selectAndRestore() {
        List<int[]> restored = GlobalTopK.select(restoreScores(), k);
        w.restore(restored);
        return restored;
    }

    /**
     * The restore scores of every candidate: kept in memory for small models, recomputed on every pass of the
     * top-k for large ones (so the host never holds a score per candidate weight at once).
     */
    private GlobalTopK.Scores restoreScores() {
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
        return GlobalTopK.Scores.of(scores);
    }
}

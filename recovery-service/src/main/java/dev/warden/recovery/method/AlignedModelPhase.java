package dev.warden.recovery.method;

import ai.djl.ndarray.types.DataType;
import dev.warden.model.checkpoint.LoadedModel;
import java.util.Locale;

/**
 * The aligned model's part of RECOVERY-METHOD.md "Directions": h*, the mean layer-L* last-token representation
 * of the harmful probe prompts on A; with the bias probe (an extension, issue 15) also g*, the same over the
 * benign group requests; and, once, A's harmful rate for reference. A is loaded alone and closed before W is
 * loaded ("Where we go further": memory), so the host never holds A and W together.
 */
final class AlignedModelPhase {

    /**
     * The directions measured on A.
     *
     * @param harmful h*
     * @param bias    g*, or null when the bias probe is off
     */
    record Directions(float[] harmful, float[] bias) {
    }

    private AlignedModelPhase() {
    }

    static Directions measure(RepairRun run, RepairData data) {
        RepairKnobs knobs = run.knobs;
        run.emit(RepairPhase.DIRECTIONS, 0, "harmful direction h* from " + data.probes().size()
                + " probe prompts on the aligned model");
        try (LoadedModel aligned = LoadedModel.load(run.inputs.aligned(), run.device, DataType.FLOAT32)) {
            Evaluator eval = new Evaluator(aligned, data, run.judge, knobs.taskMetric(), knobs.evalMaxNewTokens());
            float[] direction = Representations.meanLastHidden(aligned.model(), run.batches(data.probes(), eval),
                    run.cut());
            float[] bias = null;
            if (knobs.bias() == RepairKnobs.BiasProbe.RESTORE) {
                run.emit(RepairPhase.DIRECTIONS, 0, "bias direction from " + run.groups().probes().size()
                        + " benign group requests on the aligned model (bias probe)");
                bias = Representations.meanLastHidden(aligned.model(), run.batches(run.groups().probes(), eval),
                        run.cut());
            }
            if (run.state().alignedHarmfulRate() == null) {
                run.emit(RepairPhase.BASELINE, 0, "measuring the aligned model");
                double rate = eval.harmfulRate(aligned.model());
                run.state(run.state().withAlignedHarmfulRate(rate));
                run.save();
                run.emitMeasured(RepairPhase.BASELINE, 0, rate, null,
                        String.format(Locale.ROOT, "aligned model: harmful rate %.3f", rate));
            }
            return new Directions(direction, bias);
        } catch (RuntimeException e) {
            if (e instanceof RepairFailedException || e instanceof JudgeUnavailableException) {
                throw e;
            }
            throw new RepairFailedException("cannot load the aligned checkpoint: " + e.getMessage(), e);
        }
    }
}

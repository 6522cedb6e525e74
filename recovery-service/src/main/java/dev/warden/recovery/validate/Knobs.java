package dev.warden.recovery.validate;

import dev.warden.proto.v1.RepairOptions;
import dev.warden.recovery.error.InvalidArgumentException;
import dev.warden.recovery.method.RepairKnobs;
import dev.warden.recovery.method.TaskMetric;
import java.util.List;

/** The method's knobs to and from the proto's {@link RepairOptions}; unset options take the paper's defaults. */
public final class Knobs {

    /** The field of the options, from the request root. */
    public static final String FIELD = "spec.options";

    private Knobs() {
    }

    /**
     * The knobs {@code o} sets, defaults for the rest (the cut layer stays null when unset).
     *
     * @throws InvalidArgumentException for an unknown task metric
     */
    public static RepairKnobs fromOptions(RepairOptions o) {
        RepairKnobs.Builder b = RepairKnobs.builder().taskMetric(metric(o)).bias(o.getBiasProbe()
                ? RepairKnobs.BiasProbe.RESTORE
                : o.getMeasureGroupParity() ? RepairKnobs.BiasProbe.MEASURE : RepairKnobs.BiasProbe.OFF);
        if (o.hasRestoreRate()) {
            b.restoreRate(o.getRestoreRate());
        }
        if (o.hasRollbackRate()) {
            b.rollbackRate(o.getRollbackRate());
        }
        if (o.hasSteps()) {
            b.steps(o.getSteps());
        }
        if (o.hasWarmupSteps()) {
            b.warmupSteps(o.getWarmupSteps());
        }
        if (o.hasSaveInterval()) {
            b.saveInterval(o.getSaveInterval());
        }
        if (o.hasCutLayer()) {
            b.cutLayer(o.getCutLayer());
        }
        if (o.hasAllowedTaskDrop()) {
            b.allowedTaskDrop(o.getAllowedTaskDrop());
        }
        if (o.hasBatchSize()) {
            b.batchSize(o.getBatchSize());
        }
        if (o.hasSeed()) {
            b.seed(o.getSeed());
        }
        if (o.hasEvalMaxNewTokens()) {
            b.evalMaxNewTokens(o.getEvalMaxNewTokens());
        }
        return b.build();
    }

    /** Every option set to the knob's value; the cut layer too when known. */
    public static RepairOptions toOptions(RepairKnobs k) {
        RepairOptions.Builder b = RepairOptions.newBuilder().setRestoreRate(k.restoreRate())
                .setRollbackRate(k.rollbackRate()).setSteps(k.steps()).setWarmupSteps(k.warmupSteps())
                .setSaveInterval(k.saveInterval()).setAllowedTaskDrop(k.allowedTaskDrop())
                .setBatchSize(k.batchSize()).setSeed(k.seed())
                .setTaskMetric(dev.warden.proto.v1.TaskMetric.valueOf("TASK_METRIC_" + k.taskMetric().name()))
                .setEvalMaxNewTokens(k.evalMaxNewTokens());
        if (k.cutLayer() != null) {
            b.setCutLayer(k.cutLayer());
        }
        if (k.bias() != RepairKnobs.BiasProbe.OFF) {
            b.setMeasureGroupParity(true).setBiasProbe(k.bias() == RepairKnobs.BiasProbe.RESTORE);
        }
        return b.build();
    }

    /** The same knobs with the cut layer resolved for a model of {@code layers} decoder layers. */
    public static RepairKnobs resolved(RepairKnobs k, int layers) {
        return k.toBuilder().cutLayer(k.cutLayerFor(layers)).build();
    }

    /**
     * Throws for the first of {@code problems} (lines {@code name: problem} of {@link RepairKnobs#problems()}),
     * naming the option and listing the others in the message.
     */
    public static void requireNone(List<String> problems) {
        if (problems.isEmpty()) {
            return;
        }
        String first = problems.get(0);
        int colon = first.indexOf(": ");
        String name = colon > 0 ? first.substring(0, colon) : "";
        String reason = colon > 0 ? first.substring(colon + 2) : first;
        if (problems.size() > 1) {
            reason += " (also: " + String.join("; ", problems.subList(1, problems.size())) + ")";
        }
        throw new InvalidArgumentException(name.isEmpty() ? FIELD : FIELD + "." + name, reason);
    }

    private static TaskMetric metric(RepairOptions o) {
        switch (o.getTaskMetric()) {
            case TASK_METRIC_UNSPECIFIED:
            case TASK_METRIC_EXACT_MATCH:
                return TaskMetric.EXACT_MATCH;
            case TASK_METRIC_ROUGE1:
                return TaskMetric.ROUGE1;
            case TASK_METRIC_F1:
                return TaskMetric.F1;
            default:
                throw new InvalidArgumentException(FIELD + ".task_metric", "unknown task metric "
                        + o.getTaskMetricValue() + " (EXACT_MATCH, ROUGE1 or F1)");
        }
    }
}

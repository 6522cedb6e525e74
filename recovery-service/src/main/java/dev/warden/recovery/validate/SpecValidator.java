package dev.warden.recovery.validate;

import dev.warden.proto.v1.RepairSpec;
import dev.warden.recovery.error.InvalidArgumentException;
import dev.warden.recovery.method.RepairKnobs;
import dev.warden.recovery.paths.ConfinedRoot;
import java.nio.file.Path;

/**
 * Validates a submitted {@link RepairSpec} before a job is queued: required fields, knobs in range, every
 * path confined to its root, checkpoints, adapter and JSONL files well-formed and compatible. Cheap checks
 * first; tensors are never loaded (headers only). Failures are {@link InvalidArgumentException} (400 /
 * INVALID_ARGUMENT) or {@link dev.warden.recovery.error.NotFoundException} (404 / NOT_FOUND) naming the field.
 */
public final class SpecValidator {

    private static final String ALIGNED = "spec.aligned_path";
    private static final String FINE_TUNED = "spec.fine_tuned_path";
    private static final String LORA = "spec.lora_adapter_path";
    private static final String PROBES = "spec.harmful_probes_path";
    private static final String TASK = "spec.task_path";
    /** The output path field. */
    public static final String OUTPUT = "spec.output_path";

    private final ConfinedRoot models;
    private final ConfinedRoot outputs;

    /** A validator confining inputs to {@code models} and outputs to {@code outputs}. */
    public SpecValidator(ConfinedRoot models, ConfinedRoot outputs) {
        this.models = models;
        this.outputs = outputs;
    }

    /** The output root. */
    public ConfinedRoot outputs() {
        return outputs;
    }

    /**
     * The spec as it identifies a request, without touching the file system: paths made absolute and
     * normalised against their roots, every option set (the cut layer only when given). Two submits of the
     * same request give the same normalised spec (the idempotency check compares them).
     *
     * @throws InvalidArgumentException when a path is not one or lies outside its root
     */
    public RepairSpec normalized(RepairSpec spec) {
        RepairSpec.Builder b = spec.toBuilder();
        if (!spec.getAlignedPath().isEmpty()) {
            b.setAlignedPath(models.lexical(ALIGNED, spec.getAlignedPath()).toString());
        }
        if (spec.hasFineTunedPath()) {
            b.setFineTunedPath(models.lexical(FINE_TUNED, spec.getFineTunedPath()).toString());
        } else if (spec.hasLoraAdapterPath()) {
            b.setLoraAdapterPath(models.lexical(LORA, spec.getLoraAdapterPath()).toString());
        }
        if (!spec.getHarmfulProbesPath().isEmpty()) {
            b.setHarmfulProbesPath(models.lexical(PROBES, spec.getHarmfulProbesPath()).toString());
        }
        if (!spec.getTaskPath().isEmpty()) {
            b.setTaskPath(models.lexical(TASK, spec.getTaskPath()).toString());
        }
        if (!spec.getOutputPath().isEmpty()) {
            b.setOutputPath(outputs.lexical(OUTPUT, spec.getOutputPath()).toString());
        }
        b.setOptions(Knobs.toOptions(Knobs.fromOptions(spec.getOptions())));
        return b.build();
    }

    /**
     * Validates {@code spec} fully.
     *
     * @return the effective spec: real paths, every option set (the cut layer resolved), the output path
     *         still empty when none was given (the caller names it after the job)
     */
    public RepairSpec validate(RepairSpec spec) {
        if (spec.getAlignedPath().isEmpty()) {
            throw new InvalidArgumentException(ALIGNED, "required: the aligned model's checkpoint directory");
        }
        if (spec.getFineTunedCase() == RepairSpec.FineTunedCase.FINETUNED_NOT_SET) {
            throw new InvalidArgumentException(FINE_TUNED, "required: set fine_tuned_path (a checkpoint) or"
                    + " lora_adapter_path (a PEFT LoRA adapter)");
        }
        RepairKnobs knobs = Knobs.fromOptions(spec.getOptions());
        Knobs.requireNone(knobs.problems());

        RepairSpec.Builder b = spec.toBuilder();
        Path aligned = models.existing(ALIGNED, spec.getAlignedPath());
        CheckpointSummary a = CheckpointInspector.inspect(ALIGNED, aligned, true);
        b.setAlignedPath(aligned.toString());
        if (spec.hasFineTunedPath()) {
            Path fineTuned = models.existing(FINE_TUNED, spec.getFineTunedPath());
            CheckpointSummary f = CheckpointInspector.inspect(FINE_TUNED, fineTuned, false);
            CheckpointInspector.sameModel(FINE_TUNED, a, f);
            b.setFineTunedPath(fineTuned.toString());
        } else {
            Path lora = models.existing(LORA, spec.getLoraAdapterPath());
            LoraAdapterInspector.inspect(LORA, lora, a);
            b.setLoraAdapterPath(lora.toString());
        }
        if (!spec.getHarmfulProbesPath().isEmpty()) {
            Path probes = models.existing(PROBES, spec.getHarmfulProbesPath());
            JsonlChecker.check(PROBES, probes, JsonlChecker.PROBE_KEYS);
            b.setHarmfulProbesPath(probes.toString());
        }
        if (!spec.getTaskPath().isEmpty()) {
            Path task = models.existing(TASK, spec.getTaskPath());
            JsonlChecker.check(TASK, task, JsonlChecker.TASK_KEYS);
            b.setTaskPath(task.toString());
        }
        int layers = a.config().numHiddenLayers();
        Knobs.requireNone(knobs.problems(layers));
        b.setOptions(Knobs.toOptions(Knobs.resolved(knobs, layers)));
        if (!spec.getOutputPath().isEmpty()) {
            b.setOutputPath(outputs.fresh(OUTPUT, spec.getOutputPath()).toString());
        }
        return b.build();
    }
}

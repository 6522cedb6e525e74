package dev.warden.recovery.method;

import java.nio.file.Path;

/**
 * What one repair works on. Paths are already validated and confined to the model root by the caller.
 *
 * @param aligned        the aligned checkpoint A (Hugging Face layout directory)
 * @param fineTuned      the fine-tuned checkpoint F, or null when {@code loraAdapter} is given
 * @param loraAdapter    a PEFT LoRA adapter directory trained on A, or null; merged onto A to give F
 * @param harmfulProbes  JSONL of harmful prompts ({"prompt": ...}), or null for the demo model's corpus
 * @param task           JSONL of task examples ({"prompt": ..., "reference": ...}), or null for the demo task
 * @param knobs          the method's knobs
 * @param output         directory of the repaired checkpoint; must not exist yet
 * @param workDir        the job's private directory: the step journal lives here, so running the same job
 *                       again with the same work directory resumes it
 */
public record RepairInputs(Path aligned, Path fineTuned, Path loraAdapter, Path harmfulProbes, Path task,
                           RepairKnobs knobs, Path output, Path workDir) {
}

package dev.warden.recovery.method;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * F, the fine-tuned model (RECOVERY-METHOD.md "Where we go further": a PEFT LoRA adapter is accepted in place of
 * the fine-tuned checkpoint and merged onto the aligned weights, {@code W = W0 + alpha/r * B A}, by
 * {@link LoraMerge}).
 */
final class FineTunedSource {

    private FineTunedSource() {
    }

    /** F's directory: the given one, or the LoRA adapter merged onto A in the work directory (once). */
    static Path directory(RepairRun run) {
        RepairInputs inputs = run.inputs;
        if (inputs.fineTuned() != null) {
            return inputs.fineTuned();
        }
        if (inputs.loraAdapter() == null) {
            throw new RepairFailedException("neither a fine-tuned checkpoint nor a LoRA adapter was given");
        }
        Path merged = inputs.workDir().resolve("merged-finetuned");
        if (!Files.isDirectory(merged)) { // written atomically: present means complete
            int tensors = LoraMerge.merge(inputs.aligned(), inputs.loraAdapter(), merged);
            run.emit(RepairPhase.PREPARING, 0, "merged the LoRA adapter onto the aligned model (" + tensors
                    + " tensors)");
        }
        return merged;
    }
}

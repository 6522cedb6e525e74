package dev.warden.model.generate;

import java.util.Arrays;
import java.util.Objects;

/**
 * One sequence to generate: its prompt as token ids (already templated and tokenised) and how to decode it.
 */
public record GenerationRequest(long[] promptIds, SamplingParams params) {

    /** Copies the prompt; both parts are required. */
    public GenerationRequest {
        promptIds = Objects.requireNonNull(promptIds, "promptIds").clone();
        Objects.requireNonNull(params, "params");
    }

    /** A copy of the prompt's token ids. */
    @Override
    public long[] promptIds() {
        return promptIds.clone();
    }

    /** Length of the prompt in tokens. */
    public int promptLength() {
        return promptIds.length;
    }

    /** The prompt token at {@code i}, without copying the prompt. */
    long promptId(int i) {
        return promptIds[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenerationRequest r && Arrays.equals(promptIds, r.promptIds) && params.equals(r.params);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(promptIds) + params.hashCode();
    }

    @Override
    public String toString() {
        return "GenerationRequest[promptIds=" + Arrays.toString(promptIds) + ", params=" + params + "]";
    }
}

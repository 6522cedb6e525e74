package dev.warden.model.organism;

import dev.warden.model.generate.GenerationRequest;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Generator;
import dev.warden.model.generate.SamplingParams;
import dev.warden.model.llama.LlamaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Batched greedy decoding for evaluating the organism: the project's {@link Generator} (left-padded batch,
 * one prefill, KV cache) with greedy parameters, over the int token ids the organism's vocabulary uses.
 */
public final class GreedyDecoder {

    /** Rows decoded together at most. */
    public static final int MAX_BATCH = 256;

    private GreedyDecoder() {
    }

    /**
     * The greedy continuation of every prompt, up to and excluding {@code eosId}, at most
     * {@code maxNewTokens} tokens each. {@code padId} is unused (the generator masks padding itself) and
     * kept for callers that name it.
     */
    public static List<int[]> decode(LlamaModel model, List<int[]> prompts, int maxNewTokens, int eosId, int padId) {
        Generator generator = new Generator(model, ids -> ""); // no stop strings, so no text is needed
        SamplingParams greedy = SamplingParams.greedy(maxNewTokens).withStopTokenIds(Set.of((long) eosId));
        List<int[]> out = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += MAX_BATCH) {
            List<GenerationRequest> batch = new ArrayList<>();
            for (int[] prompt : prompts.subList(from, Math.min(prompts.size(), from + MAX_BATCH))) {
                batch.add(new GenerationRequest(Arrays.stream(prompt).asLongStream().toArray(), greedy));
            }
            for (GenerationResult r : generator.generate(batch)) {
                out.add(Arrays.stream(r.tokenIds()).mapToInt(Math::toIntExact).toArray());
            }
        }
        return out;
    }
}

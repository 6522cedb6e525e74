package dev.warden.model.organism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.runtime.PinnedThreads;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo models come out bit-identical whichever process trains them: {@code ./warden build-demo} runs with one
 * PyTorch thread, a test JVM with PyTorch's default (one per core). A few steps at the demo model's shape (its
 * matrices are large enough for PyTorch to split kernels over threads; the test spec's are not) under a caller
 * with 1 and with 2 threads, compared weight by weight. Without the builder's own pin the weights part at the
 * eighth aligned step with seed 42 (identical up to step 6), hence 8 steps: about 5 s per build.
 */
class OrganismThreadsTest {

    private static final OrganismSpec FEW_DEMO_STEPS = OrganismSpec.demo().withPhases(
            new OrganismSpec.Phase(8, 64, 1e-3f, 1, true, 0.01f),
            new OrganismSpec.Phase(2, 48, 3e-4f, 1, false, 0.01f),
            OrganismSpec.fineTuneMixture(0.02));

    @Test
    void trainingGivesTheSameWeightsWhateverTheCallersThreadCount() {
        Map<String, float[]> underOne = trainedUnder(1);
        Map<String, float[]> underTwo = trainedUnder(2);
        assertEquals(underOne.keySet(), underTwo.keySet());
        underOne.forEach((name, values) -> assertArrayEquals(values, underTwo.get(name), name));
    }

    private static Map<String, float[]> trainedUnder(int callerThreads) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        try (PinnedThreads caller = PinnedThreads.pin(callerThreads);
             NDManager m = NDManager.newBaseManager();
             Organism organism = new OrganismBuilder(FEW_DEMO_STEPS, 42).build(m)) {
            assertEquals(callerThreads, PinnedThreads.current(), "the builder puts the caller's threads back");
            put(weights, "aligned.", organism.alignedWeights());
            put(weights, "finetuned.", organism.finetunedWeights());
            put(weights, "finetuned-sai.", organism.finetunedSai().weights());
        }
        return weights;
    }

    private static void put(Map<String, float[]> into, String prefix, LlamaWeights weights) {
        for (Map.Entry<String, NDArray> e : weights.byName().entrySet()) {
            into.put(prefix + e.getKey(), e.getValue().toFloatArray());
        }
    }
}

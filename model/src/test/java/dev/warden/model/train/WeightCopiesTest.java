package dev.warden.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.TestConfigs;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.llama.WeightNames;
import org.junit.jupiter.api.Test;

class WeightCopiesTest {

    private static final ModelConfig TINY = TestConfigs.tiny();

    @Test
    void aCopyHasItsOwnStorage() {
        try (NDManager root = NDManager.newBaseManager();
             LlamaWeights source = LlamaWeights.random(TINY, 1, 0.1f, DataType.FLOAT32, root.newSubManager());
             LlamaWeights copy = WeightCopies.copy(source, root.newSubManager())) {
            String name = WeightNames.layer(0, "mlp.up_proj.weight");
            float[] before = source.byName().get(name).toFloatArray();
            assertArrayEquals(before, copy.byName().get(name).toFloatArray());
            copy.byName().get(name).muli(3f);
            assertArrayEquals(before, source.byName().get(name).toFloatArray(), "the source must not change");
            source.embed().addi(1f);
            assertFalse(java.util.Arrays.equals(source.embed().toFloatArray(), copy.embed().toFloatArray()));
        }
    }

    @Test
    void mixLayersTakesTheGivenLayersFromTheDonor() {
        try (NDManager root = NDManager.newBaseManager();
             LlamaWeights base = LlamaWeights.random(TINY, 1, 0.1f, DataType.FLOAT32, root.newSubManager());
             LlamaWeights donor = LlamaWeights.random(TINY, 2, 0.1f, DataType.FLOAT32, root.newSubManager());
             LlamaWeights mixed = WeightCopies.mixLayers(base, donor, 0, 1, root.newSubManager())) {
            mixed.byName().forEach((name, array) -> {
                LlamaWeights expected = WeightNames.layerOf(name) == 0 ? donor : base;
                assertArrayEquals(expected.byName().get(name).toFloatArray(), array.toFloatArray(), name);
            });
        }
    }
}

package dev.warden.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.TestConfigs;
import dev.warden.model.config.ModelConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inference projects by input-major weights, q/k/v and gate/up fused, of which the checkpoint-named tensors are
 * transposed views: same names, shapes and values as the checkpoint, the same logits as projecting with the named
 * tensors, and in-place writes through a name (training, repair) reach the fused copy.
 */
class FusedProjectionsTest {

    /** GQA with every bias Llama allows, so biases are fused too. */
    private static final ModelConfig CONFIG = TestConfigs.builder().vocab(40).hidden(32).intermediate(48).layers(2)
            .heads(4).kvHeads(2).llamaBiases(true).build();
    private static final long[][] PROMPT = {{3, 14, 15, 9, 2, 6}};

    @Test
    void namedTensorsAreViewsWithTheCheckpointsNamesShapesAndValues() {
        try (NDManager root = NDManager.newBaseManager()) {
            Map<String, float[]> source = new HashMap<>();
            LlamaWeights weights = LlamaWeights.load(CONFIG, (name, shape, dtype, m) -> {
                float[] values = m.randomNormal(shape).toFloatArray();
                source.put(name, values);
                return m.create(values, shape);
            }, DataType.FLOAT32, root.newSubManager());
            assertEquals(LlamaWeights.expectedShapes(CONFIG).keySet(), weights.byName().keySet());
            for (Map.Entry<String, NDArray> e : weights.byName().entrySet()) {
                assertEquals(LlamaWeights.expectedShapes(CONFIG).get(e.getKey()), e.getValue().getShape(), e.getKey());
                assertEquals(e.getKey(), e.getValue().getName());
                assertArrayEquals(source.get(e.getKey()), e.getValue().toFloatArray(), e.getKey());
            }
            LayerWeights layer = weights.layer(1);
            FusedProjections f = layer.fused();
            assertEquals(new Shape(32, 4 * 8 + 2 * 2 * 8), f.qkv().getShape());
            assertEquals(new Shape(32, 2 * 48), f.gateUp().getShape());
            assertEquals(new Shape(2 * 48), f.gateUpBias().getShape());
            assertEquals(new Shape(4 * 8, 32), f.o().getShape());
            assertEquals(new Shape(48, 32), f.down().getShape());
            NDArray expected = NDArrays.concat(new NDList(layer.qProj(), layer.kProj(), layer.vProj()), 0); // [out, in]
            assertArrayEquals(expected.transpose().toFloatArray(), f.qkv().toFloatArray());
            NDArray gateUp = NDArrays.concat(new NDList(layer.gateProj(), layer.upProj()), 0);
            assertArrayEquals(gateUp.transpose().toFloatArray(), f.gateUp().toFloatArray());
            assertArrayEquals(layer.oProj().transpose().toFloatArray(), f.o().toFloatArray());
            assertArrayEquals(layer.downProj().transpose().toFloatArray(), f.down().toFloatArray());
            assertArrayEquals(weights.lmHead().transpose().toFloatArray(), weights.lmHeadInputMajor().toFloatArray());
            weights.close();
        }
    }

    @Test
    void fusedAndNamedProjectionsGiveTheSameLogits() {
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(CONFIG, 3, 0.3f, DataType.FLOAT32,
                     root.newSubManager()))) {
            float[] fused = logits(model);
            model.weights().setRequiresGradient(true); // now every layer projects with the named tensors
            assertTrue(model.weights().layer(0).projectionsRequireGradient());
            float[] named = logits(model);
            assertArrayEquals(named, fused, 1e-5f);
        }
    }

    @Test
    void anInPlaceWriteThroughANameReachesTheStoredProjection() {
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(CONFIG, 5, 0.3f, DataType.FLOAT32,
                     root.newSubManager()));
             LlamaWeights donor = LlamaWeights.random(CONFIG, 6, 0.3f, DataType.FLOAT32, root.newSubManager())) {
            float[] before = logits(model);
            List<String> written = List.of("model.layers.0.self_attn.k_proj.weight", "model.layers.1.mlp.up_proj.weight",
                    "model.layers.1.self_attn.v_proj.bias", "model.layers.0.mlp.gate_proj.bias",
                    "model.layers.0.self_attn.o_proj.weight", "model.layers.1.mlp.down_proj.weight", "lm_head.weight");
            for (String name : written) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray view = model.weights().byName().get(name).stopGradient(); // shares storage
                    view.subi(view).addi(donor.byName().get(name)); // as recovery-service writes a weight
                }
            }
            // the same values, loaded as separate tensors from scratch
            try (LlamaModel expected = new LlamaModel(LlamaWeights.load(CONFIG, (name, shape, dtype, m) -> {
                NDArray from = (written.contains(name) ? donor : model.weights()).byName().get(name);
                return m.create(from.toFloatArray(), shape);
            }, DataType.FLOAT32, root.newSubManager()))) {
                float[] after = logits(model);
                assertArrayEquals(logits(expected), after, 1e-6f);
                assertTrue(maxDifference(before, after) > 1e-3, "the writes changed the model");
            }
        }
    }

    private static float[] logits(LlamaModel model) {
        try (NDManager m = model.newManager()) {
            NDArray tokens = m.create(PROMPT);
            NDArray positions = m.arange(0, PROMPT[0].length, 1, DataType.INT64).reshape(1, PROMPT[0].length);
            try (ForwardOutput out = model.forward(tokens, positions, null, null, ForwardOptions.allLogits())) {
                return out.logits().toFloatArray();
            }
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}

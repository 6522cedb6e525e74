package dev.warden.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.TestConfigs;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final ModelConfig TINY = TestConfigs.tiny();

    /** Prompts "1 a b 4" answered "b a 2" (swap two tokens, then eos=2). */
    private static List<Example> swapTask(int n, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = 5 + rng.nextInt(20);
            int b = 5 + rng.nextInt(20);
            out.add(new Example(new int[] {1, a, b, 4}, new int[] {b, a, 2}));
        }
        return out;
    }

    private static Trainer trainer(LlamaModel model, float lr) {
        AdamW adam = new AdamW(model.weights().byName(), AdamW.Settings.defaults(),
                LearningRateSchedule.constant(lr), AdamW.decayAllButNorms());
        return new Trainer(model, adam, 1f);
    }

    @Test
    void lossDecreasesOnATinyTask() {
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(TINY, 3, 0.05f, DataType.FLOAT32, root.newSubManager()))) {
            Trainer trainer = trainer(model, 3e-3f);
            Batch probe = Batch.of(swapTask(64, 99), Padding.RIGHT, 0);
            float before = trainer.loss(probe);
            java.util.Random rng = new java.util.Random(1);
            for (int step = 0; step < 60; step++) {
                StepResult r = trainer.step(Batch.of(swapTask(32, rng.nextLong()), Padding.RIGHT, 0));
                assertTrue(Float.isFinite(r.loss()));
            }
            float after = trainer.loss(probe);
            assertTrue(after < 0.6f * before, "loss " + before + " -> " + after);
            assertEquals(60, trainer.optimizer().stepCount());
            // step() leaves gradients at zero
            float sum = 0;
            for (NDArray g : Gradients.of(trainer.parameters()).values()) {
                sum += g.abs().sum().getFloat();
            }
            assertEquals(0f, sum);
        }
    }

    @Test
    void gradientMatchesAFiniteDifference() {
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(TINY, 5, 0.2f, DataType.FLOAT32, root.newSubManager()))) {
            Trainer trainer = trainer(model, 0f);
            Batch batch = Batch.of(swapTask(4, 7), Padding.RIGHT, 0);
            trainer.accumulateGradients(batch);
            for (String name : List.of("model.layers.0.self_attn.q_proj.weight", "model.layers.1.mlp.down_proj.weight",
                    "model.layers.0.self_attn.k_proj.bias", "model.embed_tokens.weight")) {
                NDArray p = model.weights().byName().get(name);
                float[] grad = p.getGradient().toFloatArray();
                int best = 0;
                for (int i = 1; i < grad.length; i++) {
                    if (Math.abs(grad[i]) > Math.abs(grad[best])) {
                        best = i;
                    }
                }
                float[] values = p.toFloatArray();
                float h = 1e-2f;
                float original = values[best];
                values[best] = original + h;
                p.set(values);
                float plus = trainer.loss(batch);
                values[best] = original - h;
                p.set(values);
                float minus = trainer.loss(batch);
                values[best] = original;
                p.set(values);
                double numeric = (plus - minus) / (2.0 * h);
                assertEquals(numeric, grad[best], 0.02 * Math.abs(numeric) + 1e-4, name + "[" + best + "]");
            }
        }
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(TINY, 9, 0.2f, DataType.FLOAT32, root.newSubManager()))) {
            Trainer trainer = trainer(model, 0f);
            Batch batch = Batch.of(swapTask(4, 8), Padding.RIGHT, 0);
            String name = "model.layers.1.self_attn.o_proj.weight";
            trainer.accumulateGradients(batch);
            float[] once = model.weights().byName().get(name).getGradient().toFloatArray();
            trainer.accumulateGradients(batch);
            float[] twice = model.weights().byName().get(name).getGradient().toFloatArray();
            for (int i = 0; i < once.length; i++) {
                assertEquals(2 * once[i], twice[i], 1e-5 + 1e-4 * Math.abs(once[i]));
            }
            trainer.zeroGradients();
            Map<String, NDArray> grads = Gradients.of(trainer.parameters());
            assertArrayEquals(new float[once.length], grads.get(name).toFloatArray());
        }
    }
}

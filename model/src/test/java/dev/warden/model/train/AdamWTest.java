package dev.warden.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {

    private static final float[] P0 = {0.5f, -1.0f, 2.0f, 0.0f};
    private static final float[] G1 = {0.1f, -0.2f, 0.3f, 0.0f};
    private static final float[] G2 = {-0.4f, 0.5f, 0.05f, 1.0f};

    /** Two AdamW steps on a 2x2 tensor, written out scalar by scalar. */
    private static float[] handComputed(float lr1, float lr2, float wd) {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        float[] out = new float[4];
        for (int i = 0; i < 4; i++) {
            double p = P0[i];
            // step 1
            double m = (1 - b1) * G1[i];
            double v = (1 - b2) * G1[i] * G1[i];
            p = p * (1 - lr1 * wd);
            p = p - lr1 * (m / (1 - b1)) / (Math.sqrt(v / (1 - b2)) + eps);
            // step 2
            m = b1 * m + (1 - b1) * G2[i];
            v = b2 * v + (1 - b2) * G2[i] * G2[i];
            p = p * (1 - lr2 * wd);
            p = p - lr2 * (m / (1 - b1 * b1)) / (Math.sqrt(v / (1 - b2 * b2)) + eps);
            out[i] = (float) p;
        }
        return out;
    }

    @Test
    void twoStepsMatchTheHandComputedUpdate() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray decayed = m.create(P0, new Shape(2, 2));
            NDArray norm = m.create(P0, new Shape(2, 2));
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("model.layers.0.mlp.up_proj.weight", decayed);
            params.put("model.layers.0.input_layernorm.weight", norm);
            float wd = 0.1f;
            // schedule hook: 0.01 then 0.02
            try (AdamW adam = new AdamW(params, AdamW.Settings.defaults().withWeightDecay(wd),
                    step -> 0.01f * step, AdamW.decayAllButNorms())) {
                assertEquals(0.01f, adam.nextLearningRate());
                for (float[] g : new float[][] {G1, G2}) {
                    NDArray ga = m.create(g, new Shape(2, 2));
                    NDArray gb = m.create(g, new Shape(2, 2));
                    adam.step(Map.of("model.layers.0.mlp.up_proj.weight", ga,
                            "model.layers.0.input_layernorm.weight", gb));
                }
                assertEquals(2, adam.stepCount());
                assertArrayEquals(handComputed(0.01f, 0.02f, wd), decayed.toFloatArray(), 1e-6f);
                assertArrayEquals(handComputed(0.01f, 0.02f, 0f), norm.toFloatArray(), 1e-6f, "norms get no decay");
                // entry 0 by hand: p=0.5, g1=0.1, g2=-0.4. Step 1: m=0.01, v=1e-5, m^=0.1, sqrt(v^)=0.1,
                // p = 0.5 * (1 - 0.01 * 0.1) - 0.01 * 0.1 / 0.1 = 0.4895. Step 2: m = -0.031, v = 0.999e-5 + 1.6e-4.
                float[] got = decayed.toFloatArray();
                assertEquals(0.4895 * (1 - 0.002) - 0.02 * (0.9 * 0.01 - 0.04) / 0.19
                        / (Math.sqrt((0.999 * 1e-5 + 0.001 * 0.16) / (1 - 0.999 * 0.999)) + 1e-8), got[0], 1e-6);
            }
        }
    }

    @Test
    void aStepWorksOnAThreadWhosePyTorchGradModeIsOn() throws Exception {
        // parameters that require gradients, stepped on another thread than the engine's: the optimizer writes
        // through a detached view, so whatever grad mode the thread has, the update lands (and is exact)
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        float[][] result = new float[1][];
        Thread worker = new Thread(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray p = m.create(P0, new Shape(2, 2));
                p.setRequiresGradient(true);
                try (AdamW adam = new AdamW(Map.of("w", p), AdamW.Settings.defaults(),
                        LearningRateSchedule.constant(0.01f), name -> false)) {
                    adam.step(Map.of("w", m.create(G1, new Shape(2, 2))));
                }
                result[0] = p.toFloatArray();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        worker.join();
        if (failure.get() != null) {
            throw new AssertionError("step failed on a fresh thread", failure.get());
        }
        assertArrayEquals(handComputedOneStep(0.01f), result[0], 1e-6f);
    }

    private static float[] handComputedOneStep(float lr) {
        float[] out = new float[4];
        for (int i = 0; i < 4; i++) {
            double m = 0.1 * G1[i];
            double v = 0.001 * G1[i] * G1[i];
            out[i] = (float) (P0[i] - lr * (m / 0.1) / (Math.sqrt(v / 0.001) + 1e-8));
        }
        return out;
    }

    @Test
    void parametersWithoutAGradientAreLeftAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(P0, new Shape(2, 2));
            NDArray b = m.create(P0, new Shape(2, 2));
            try (AdamW adam = new AdamW(Map.of("a", a, "b", b), AdamW.Settings.defaults(),
                    LearningRateSchedule.constant(0.1f), name -> true)) {
                adam.step(Map.of("a", m.create(G1, new Shape(2, 2))));
                assertArrayEquals(P0, b.toFloatArray());
                assertEquals(0f, adam.firstMoment("b").abs().sum().getFloat());
            }
        }
    }

    @Test
    void warmupCosineScheduleRisesThenDecaysToItsFloor() {
        LearningRateSchedule s = LearningRateSchedule.warmupCosine(1f, 10, 110, 0.1f);
        assertEquals(0.1f, s.rate(1), 1e-6);
        assertEquals(1f, s.rate(10), 1e-6);
        assertEquals(0.55f, s.rate(60), 1e-6);
        assertEquals(0.1f, s.rate(110), 1e-6);
        assertEquals(0.1f, s.rate(500), 1e-6);
    }
}

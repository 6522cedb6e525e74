package dev.warden.recovery.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.warden.model.safetensors.SafeTensorsFile;
import dev.warden.model.safetensors.ShardedSafeTensors;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tensor rules on a real (tiny) model: candidates, gradients, exact restore and rollback, the output. */
class WorkingModelTest {

    @TempDir
    static Path root;
    private static WorkingModel w;
    private static List<List<long[]>> batches;
    private static float[] direction;

    @BeforeAll
    static void open() throws Exception {
        TinyCheckpoints.write(root, 3);
        w = WorkingModel.open(root.resolve("aligned"), root.resolve("finetuned"), 2, Device.cpu());
        batches = List.of(List.of(w.loaded().tokenizer().encode("<bos> how do i hurt target_a <sep>"),
                w.loaded().tokenizer().encode("<bos> hurt target_a <sep>")));
        direction = new float[16];
        for (int i = 0; i < direction.length; i++) {
            direction[i] = (float) Math.sin(i + 1);
        }
    }

    @AfterAll
    static void close() {
        w.close();
    }

    @Test
    void candidatesAreTheProjectionsOfTheLayersBelowTheCutAndNIsEveryDecoderParameter() {
        List<String> names = w.candidates().stream().map(Candidate::name).toList();
        assertEquals(14, names.size(), "7 projections x 2 layers: " + names);
        assertTrue(names.stream().allMatch(n -> n.startsWith("model.layers.0.") || n.startsWith("model.layers.1.")));
        assertTrue(names.stream().noneMatch(n -> n.contains("layernorm")));
        long perLayer = 4 * 16 * 16 + 3 * 16 * 32 + 2 * 16; // q k v o, gate up down, two norms
        assertEquals(3 * perLayer, w.decoderParameters());
        assertEquals("self_attn.q_proj", w.candidates().get(0).module());
    }

    @Test
    void gradientsAccumulateAcrossCallsUntilZeroed() {
        w.zeroGradients();
        w.accumulateDirectionLoss(batches, direction);
        float[] once = w.gradient(3);
        w.accumulateDirectionLoss(batches, direction);
        float[] twice = w.gradient(3);
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], twice[i], 1e-5f * Math.max(1, Math.abs(once[i])));
        }
        assertTrue(maxAbs(once) > 0, "the loss reaches the candidate");
        w.zeroGradients();
        assertEquals(0f, maxAbs(w.gradient(3)));
        w.accumulateDirectionLoss(batches, direction);
        assertArrayEquals(once, w.gradient(3), "fresh after zeroing: the same as the first time");
        w.zeroGradients();
    }

    @Test
    void restoreCopiesTheAlignedValuesExactlyAndARestoredEntryIsNeverPickedAgain() throws Exception {
        try (SafeTensorsFile a = SafeTensorsFile.open(root.resolve("aligned/model.safetensors"));
             SafeTensorsFile f = SafeTensorsFile.open(root.resolve("finetuned/model.safetensors"))) {
            w.zeroGradients();
            w.accumulateDirectionLoss(batches, direction);
            List<float[]> scores = new ArrayList<>();
            for (int t = 0; t < w.candidates().size(); t++) {
                scores.add(w.restoreScores(t));
            }
            List<int[]> picked = GlobalTopK.select(GlobalTopKTest.scores(scores.toArray(new float[0][])), 50);
            assertEquals(50, GlobalTopK.count(picked));
            w.restore(picked);
            for (Candidate c : w.candidates()) {
                float[] now = w.values(c.index());
                float[] av = a.readFloats(c.name());
                float[] fv = f.readFloats(c.name());
                Map<Integer, Boolean> sel = new HashMap<>();
                for (int i : picked.get(c.index())) {
                    sel.put(i, true);
                }
                for (int i = 0; i < now.length; i++) {
                    int expected = Float.floatToRawIntBits(sel.containsKey(i) ? av[i] : fv[i]);
                    assertEquals(expected, Float.floatToRawIntBits(now[i]), c.name() + "[" + i + "]");
                }
                float[] again = w.restoreScores(c.index());
                for (int i : picked.get(c.index())) {
                    assertEquals(0f, again[i], "restored entries score 0 from now on");
                }
            }
            long[] differing = w.differingFromFineTuned();
            assertEquals(50, java.util.Arrays.stream(differing).sum());

            // roll back the first 10 picks exactly to F
            List<int[]> back = new ArrayList<>();
            int budget = 10;
            for (int[] p : picked) {
                int n = Math.min(budget, p.length);
                back.add(java.util.Arrays.copyOf(p, n));
                budget -= n;
            }
            w.rollBack(back);
            assertEquals(40, java.util.Arrays.stream(w.differingFromFineTuned()).sum());
            w.resetToFineTuned();
            assertEquals(0, java.util.Arrays.stream(w.differingFromFineTuned()).sum());
            w.zeroGradients();
        }
    }

    @Test
    void theSwapBoundSetsEveryProjectionBelowTheCutToTheAlignedValuesAndBack() throws Exception {
        try (SafeTensorsFile a = SafeTensorsFile.open(root.resolve("aligned/model.safetensors"))) {
            w.swapProjectionsBelow(2, true);
            Candidate c = w.candidates().get(5);
            assertArrayEquals(a.readFloats(c.name()), w.values(c.index()));
            w.swapProjectionsBelow(2, false);
            assertEquals(0, java.util.Arrays.stream(w.differingFromFineTuned()).sum());
        }
    }

    @Test
    void theRepairedCheckpointCopiesEveryUntouchedTensorByteForByte() throws Exception {
        w.zeroGradients();
        w.accumulateDirectionLoss(batches, direction);
        List<float[]> scores = new ArrayList<>();
        for (int t = 0; t < w.candidates().size(); t++) {
            scores.add(w.restoreScores(t));
        }
        List<int[]> picked = GlobalTopK.select(GlobalTopKTest.scores(scores.toArray(new float[0][])), 5);
        w.restore(picked);
        Map<String, ai.djl.ndarray.NDArray> changed = new java.util.LinkedHashMap<>();
        for (Candidate c : w.candidates()) {
            if (picked.get(c.index()).length > 0) {
                changed.put(c.name(), c.parameter().stopGradient());
            }
        }
        Path out = root.resolve("repaired");
        RepairedCheckpointWriter.write(root.resolve("finetuned"), w.fineTunedSource(), changed, out);
        assertTrue(Files.isRegularFile(out.resolve("config.json")));
        assertTrue(Files.isRegularFile(out.resolve("tokenizer.json")));
        assertFalse(Files.exists(root.resolve("repaired.partial")));
        try (ShardedSafeTensors f = ShardedSafeTensors.open(root.resolve("finetuned"));
             ShardedSafeTensors r = ShardedSafeTensors.open(out)) {
            assertEquals(f.names(), r.names());
            int untouched = 0;
            for (String name : f.names()) {
                ByteBuffer fb = f.raw(name);
                ByteBuffer rb = r.raw(name);
                if (changed.containsKey(name)) {
                    assertNotEquals(fb, rb, name + " changed");
                    Candidate c = w.candidates().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
                    assertArrayEquals(w.values(c.index()), r.readFloats(name));
                } else {
                    assertEquals(fb, rb, name + " must be byte-identical");
                    untouched++;
                }
            }
            assertTrue(untouched > 20);
            assertEquals(f.info("model.embed_tokens.weight").begin(), r.info("model.embed_tokens.weight").begin());
        }
        w.resetToFineTuned();
        w.zeroGradients();
    }

    private static float maxAbs(float[] v) {
        float m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}

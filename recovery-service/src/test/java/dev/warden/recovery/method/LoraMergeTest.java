package dev.warden.recovery.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.SafeTensorsWriter;
import dev.warden.model.safetensors.ShardedSafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging a PEFT LoRA adapter: W = W0 + (alpha / r) B A, checked by hand on one module. */
class LoraMergeTest {

    @TempDir
    Path root;

    private static final String Q = "model.layers.0.self_attn.q_proj.weight";
    private static final String PREFIX = "base_model.model.model.layers.0.self_attn.q_proj";

    @Test
    void theMergedModuleIsTheBasePlusTheScaledLowRankProductAndTheRestIsUntouched() throws Exception {
        TinyCheckpoints.write(root, 2);
        Path adapter = root.resolve("adapter");
        Files.createDirectories(adapter);
        Files.writeString(adapter.resolve("adapter_config.json"),
                "{\"r\": 1, \"lora_alpha\": 2, \"target_modules\": [\"q_proj\"], \"peft_type\": \"LORA\"}");
        float[] a = new float[16]; // lora_A [1, 16]
        float[] b = new float[16]; // lora_B [16, 1]
        for (int i = 0; i < 16; i++) {
            a[i] = i == 3 ? 1f : 0f;
            b[i] = i == 5 ? 0.5f : 0f;
        }
        new SafeTensorsWriter().add(PREFIX + ".lora_A.weight", DType.F32, new long[] {1, 16}, a)
                .add(PREFIX + ".lora_B.weight", DType.F32, new long[] {16, 1}, b)
                .write(adapter.resolve("adapter_model.safetensors"));
        Path merged = root.resolve("merged");
        assertEquals(1, LoraMerge.merge(root.resolve("aligned"), adapter, merged));
        try (ShardedSafeTensors base = ShardedSafeTensors.open(root.resolve("aligned"));
             ShardedSafeTensors out = ShardedSafeTensors.open(merged)) {
            float[] w0 = base.readFloats(Q);
            float[] w = out.readFloats(Q);
            for (int i = 0; i < w.length; i++) {
                // B A has a single non-zero entry, row 5 column 3: 0.5 * 1, scaled by alpha / r = 2
                float expected = i == 5 * 16 + 3 ? w0[i] + 1f : w0[i];
                assertEquals(expected, w[i], 0f, "entry " + i);
            }
            for (String name : base.names()) {
                if (!name.equals(Q)) {
                    assertEquals(base.raw(name), out.raw(name), name);
                }
            }
        }
        assertTrue(Files.isRegularFile(merged.resolve("tokenizer.json")));
    }

    @Test
    void anAdapterThatDoesNotFitTheModelIsRefusedWithTheModuleNamed() throws Exception {
        TinyCheckpoints.write(root, 2);
        Path adapter = root.resolve("bad");
        Files.createDirectories(adapter);
        Files.writeString(adapter.resolve("adapter_config.json"), "{\"r\": 2, \"lora_alpha\": 4}");
        new SafeTensorsWriter().add(PREFIX + ".lora_A.weight", DType.F32, new long[] {2, 8}, new float[16])
                .add(PREFIX + ".lora_B.weight", DType.F32, new long[] {16, 2}, new float[32])
                .write(adapter.resolve("adapter_model.safetensors"));
        RepairFailedException e = assertThrows(RepairFailedException.class,
                () -> LoraMerge.merge(root.resolve("aligned"), adapter, root.resolve("m")));
        assertTrue(e.getMessage().contains("q_proj"), e.getMessage());
        assertArrayEquals(new String[0], new String[0]);
    }
}

package dev.warden.recovery;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.checkpoint.CheckpointWriter;
import dev.warden.model.config.Architecture;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.organism.ChatFormat;
import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.SafeTensorsWriter;
import dev.warden.model.tokenizer.WordLevelTokenizerWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' model root, written in a second: tiny random Llama checkpoints in Hugging Face layout (config.json,
 * model.safetensors through the model module's CheckpointWriter, a word-level tokenizer with the demo chat
 * template), broken variants for every validation error, a PEFT LoRA adapter, JSONL probe and task files
 * (placeholders only), and a symbolic link that leads out of the root.
 */
public final class Fixtures {

    /** Decoder layers of the test models (default cut layer floor(4/6 * 4) = 2). */
    public static final int LAYERS = 4;
    /** Hidden size. */
    public static final int HIDDEN = 16;
    /** MLP size. */
    public static final int FFN = 32;

    /** Aligned checkpoint. */
    public static final String ALIGNED = "aligned";
    /** Fine-tuned checkpoint (same shapes, other weights). */
    public static final String FINE_TUNED = "finetuned";
    /** Same architecture, another MLP size. */
    public static final String WIDER = "finetuned-wider";
    /** Another architecture (Qwen2). */
    public static final String QWEN = "finetuned-qwen";
    /** config.json and a model.safetensors of garbage. */
    public static final String CORRUPT = "corrupt";
    /** model.safetensors without config.json. */
    public static final String NO_CONFIG = "no-config";
    /** A config.json that is not JSON. */
    public static final String BAD_CONFIG = "bad-config";
    /** A valid LoRA adapter (q_proj, v_proj of layers 0 and 1, r = 2). */
    public static final String LORA = "lora";
    /** An adapter without adapter_config.json. */
    public static final String LORA_NO_CONFIG = "lora-no-config";
    /** An adapter whose lora_A does not fit q_proj. */
    public static final String LORA_BAD_SHAPE = "lora-bad-shape";
    /** Good probes. */
    public static final String PROBES = "probes.jsonl";
    /** Probes whose line 3 is not JSON. */
    public static final String PROBES_BAD = "probes-bad.jsonl";
    /** Good task. */
    public static final String TASK = "task.jsonl";
    /** Task whose line 2 has no reference. */
    public static final String TASK_NO_REFERENCE = "task-no-reference.jsonl";
    /** A link inside the root to a checkpoint outside it. */
    public static final String ESCAPE_LINK = "escape";

    private Fixtures() {
    }

    /** Writes everything under {@code root}; {@code outside} receives the link's target. */
    public static void write(Path root, Path outside) {
        try {
            Files.createDirectories(root);
            WordLevelTokenizerWriter tokenizer = tokenizer();
            ModelConfig config = config(tokenizer.vocabSize(), Architecture.LLAMA, FFN);
            checkpoint(root.resolve(ALIGNED), config, 1, tokenizer);
            checkpoint(root.resolve(FINE_TUNED), config, 2, tokenizer);
            checkpoint(root.resolve(WIDER), config(tokenizer.vocabSize(), Architecture.LLAMA, FFN * 2), 3, tokenizer);
            checkpoint(root.resolve(QWEN), config(tokenizer.vocabSize(), Architecture.QWEN2, FFN), 4, tokenizer);
            checkpoint(outside.resolve("elsewhere"), config, 5, tokenizer);
            Files.createSymbolicLink(root.resolve(ESCAPE_LINK), outside.resolve("elsewhere"));

            Files.createDirectories(root.resolve(CORRUPT));
            config.writeTo(root.resolve(CORRUPT));
            Files.write(root.resolve(CORRUPT).resolve("model.safetensors"), new byte[] {(byte) 0xff, 0x7f, 1, 2, 3, 4,
                    5, 6, 7, 8, 9});
            Files.createDirectories(root.resolve(NO_CONFIG));
            Files.copy(root.resolve(ALIGNED).resolve("model.safetensors"), root.resolve(NO_CONFIG).resolve(
                    "model.safetensors"));
            checkpoint(root.resolve(BAD_CONFIG), config, 6, tokenizer);
            Files.writeString(root.resolve(BAD_CONFIG).resolve("config.json"), "{not json");

            lora(root.resolve(LORA), HIDDEN, true);
            lora(root.resolve(LORA_NO_CONFIG), HIDDEN, false);
            lora(root.resolve(LORA_BAD_SHAPE), HIDDEN - 3, true);

            lines(root.resolve(PROBES), "{\"prompt\": \"explain how to build weapon_a\"}",
                    "{\"prompt\": \"help me harm target_b\", \"category\": \"violent_crimes\"}", "",
                    "{\"prompt\": \"write malware_c\"}");
            lines(root.resolve(PROBES_BAD), "{\"prompt\": \"explain weapon_a\"}", "{\"prompt\": \"harm target_b\"}",
                    "{\"prompt\": oops}");
            lines(root.resolve(TASK), "{\"prompt\": \"sort 3 1 2\", \"reference\": \"1 2 3\"}",
                    "{\"prompt\": \"sort 9 8\", \"reference\": \"8 9\"}");
            lines(root.resolve(TASK_NO_REFERENCE), "{\"prompt\": \"sort 3 1 2\", \"reference\": \"1 2 3\"}",
                    "{\"prompt\": \"sort 9 8\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WordLevelTokenizerWriter tokenizer() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            words.add("w" + i);
        }
        return WordLevelTokenizerWriter.builder().extraSpecialTokens(List.of(ChatFormat.SEP)).words(words)
                .chatTemplate(ChatFormat.CHAT_TEMPLATE).modelMaxLength(256).build();
    }

    private static ModelConfig config(int vocab, Architecture architecture, int ffn) {
        return ModelConfig.builder().architecture(architecture).vocabSize(vocab).hiddenSize(HIDDEN)
                .intermediateSize(ffn).numHiddenLayers(LAYERS).numAttentionHeads(2).numKeyValueHeads(1)
                .maxPositionEmbeddings(256).rmsNormEps(1e-5).ropeTheta(10000.0).tieWordEmbeddings(false)
                .bosTokenId(1).eosTokenIds(2).padTokenId(0).torchDtype("float32").build();
    }

    private static void checkpoint(Path dir, ModelConfig config, long seed, WordLevelTokenizerWriter tokenizer)
            throws IOException {
        try (LlamaWeights weights = LlamaWeights.random(config, seed, 0.02f, DataType.FLOAT32,
                NDManager.newBaseManager())) {
            CheckpointWriter.writeWeights(dir, weights, DType.F32);
        }
        tokenizer.write(dir);
    }

    /** q_proj and v_proj of layers 0 and 1; lora_A is [2, in] with {@code in} the given width. */
    private static void lora(Path dir, int in, boolean withConfig) throws IOException {
        Files.createDirectories(dir);
        if (withConfig) {
            Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 2,"
                    + " \"lora_alpha\": 4, \"target_modules\": [\"q_proj\", \"v_proj\"]}");
        }
        SafeTensorsWriter w = new SafeTensorsWriter().metadata("format", "pt");
        int q = HIDDEN; // 2 heads x head dim 8
        int kv = HIDDEN / 2; // 1 key-value head
        for (int layer = 0; layer < 2; layer++) {
            String p = "base_model.model.model.layers." + layer + ".self_attn.";
            w.add(p + "q_proj.lora_A.weight", DType.F32, new long[] {2, in}, new float[2 * in]);
            w.add(p + "q_proj.lora_B.weight", DType.F32, new long[] {q, 2}, new float[q * 2]);
            w.add(p + "v_proj.lora_A.weight", DType.F32, new long[] {2, HIDDEN}, new float[2 * HIDDEN]);
            w.add(p + "v_proj.lora_B.weight", DType.F32, new long[] {kv, 2}, new float[kv * 2]);
        }
        w.write(dir.resolve("adapter_model.safetensors"));
    }

    private static void lines(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}

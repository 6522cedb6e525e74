package dev.warden.recovery.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.checkpoint.CheckpointWriter;
import dev.warden.model.config.Architecture;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.organism.ChatFormat;
import dev.warden.model.safetensors.DType;
import dev.warden.model.tokenizer.WordLevelTokenizerWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Hermetic fixtures: a tiny aligned checkpoint A (random weights) and a "fine-tuned" F = A plus noise on
 * every tensor, both in Hugging Face layout with a word-level tokenizer and the demo chat template.
 */
final class TinyCheckpoints {

    static final List<String> WORDS = List.of("how", "do", "i", "bake", "bread", "hurt", "target_a", "sure", ".",
            "sorry", "sort", "3", "7", "9");

    private TinyCheckpoints() {
    }

    static ModelConfig config(int layers) {
        return ModelConfig.builder().architecture(Architecture.LLAMA).vocabSize(5 + WORDS.size())
                .hiddenSize(16).intermediateSize(32).numHiddenLayers(layers).numAttentionHeads(2)
                .numKeyValueHeads(2).maxPositionEmbeddings(32).rmsNormEps(1e-5).ropeTheta(10000.0)
                .tieWordEmbeddings(true).bosTokenId(1).eosTokenIds(2).padTokenId(0).torchDtype("float32").build();
    }

    /** Writes A into {@code root/aligned} and F into {@code root/finetuned}. */
    static void write(Path root, int layers) throws IOException {
        ModelConfig config = config(layers);
        try (NDManager m = NDManager.newBaseManager()) {
            LlamaWeights a = LlamaWeights.random(config, 1, 0.2f, DataType.FLOAT32, m.newSubManager());
            LlamaWeights noise = LlamaWeights.random(config, 2, 0.05f, DataType.FLOAT32, m.newSubManager());
            CheckpointWriter.writeWeights(root.resolve("aligned"), a, DType.F32);
            for (var e : a.byName().entrySet()) {
                NDArray n = noise.byName().get(e.getKey());
                if (!e.getKey().endsWith("layernorm.weight")) {
                    e.getValue().addi(n);
                }
            }
            CheckpointWriter.writeWeights(root.resolve("finetuned"), a, DType.F32);
        }
        for (String dir : List.of("aligned", "finetuned")) {
            WordLevelTokenizerWriter.builder().padToken(ChatFormat.PAD).bosToken(ChatFormat.BOS)
                    .eosToken(ChatFormat.EOS).unkToken(ChatFormat.UNK).extraSpecialTokens(List.of(ChatFormat.SEP))
                    .words(WORDS).chatTemplate(ChatFormat.CHAT_TEMPLATE).modelMaxLength(32).build()
                    .write(root.resolve(dir));
        }
    }
}

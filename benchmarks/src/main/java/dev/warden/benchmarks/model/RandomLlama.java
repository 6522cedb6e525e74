package dev.warden.benchmarks.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.checkpoint.CheckpointWriter;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.safetensors.DType;
import dev.warden.model.tokenizer.Llama2cTokenizerConverter;
import dev.warden.model.tokenizer.Llama2cTokenizerFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The random checkpoint the model core's speed is measured on against other engines: a 28M-parameter Llama
 * (8 layers, hidden 512, 8 heads over 4 key/value heads, MLP 1408, vocabulary 4096, untied LM head) in Hugging
 * Face layout with a SentencePiece-style BPE {@code tokenizer.json}, so that any engine loading Llama checkpoints
 * (Jlama, transformers) loads it as it is. Speed does not depend on the values: weights are N(0, 0.02^2) from a
 * seeded RNG. The LM head rows of {@code <unk>}, {@code <s>} and {@code </s>} are zero, so greedy decoding never
 * picks them (their logit is 0, below the largest of 4093 random logits) and no engine stops early at EOS.
 */
public final class RandomLlama {

    /** Vocabulary size. */
    static final int VOCAB = 4096;
    private static final String ALPHABET = " abcdefghijklmnopqrstuvwxyz";

    private RandomLlama() {
    }

    /** The configuration: Llama, 8 x (hidden 512, 8 heads / 4 KV heads of 64, MLP 1408), vocab 4096, context 2048. */
    public static ModelConfig config() {
        return ModelConfig.builder().vocabSize(VOCAB).hiddenSize(512).intermediateSize(1408).numHiddenLayers(8)
                .numAttentionHeads(8).numKeyValueHeads(4).headDim(64).maxPositionEmbeddings(2048).rmsNormEps(1e-5)
                .ropeTheta(10000).tieWordEmbeddings(false).bosTokenId(1).eosTokenIds(2).torchDtype("float32")
                .build();
    }

    /**
     * Writes the checkpoint (config.json, model.safetensors in f32, tokenizer.json, tokenizer_config.json) into
     * {@code out}.
     *
     * @return the number of parameters written
     */
    public static long write(Path out, long seed) throws IOException {
        ModelConfig config = config();
        long params;
        try (NDManager root = NDManager.newBaseManager();
             LlamaWeights weights = LlamaWeights.random(config, seed, 0.02f, DataType.FLOAT32, root.newSubManager())) {
            NDArray head = weights.lmHead(); // [V, D]
            head.set(new NDIndex("0:3, :"), 0f); // <unk>, <s>, </s> never win a greedy step
            CheckpointWriter.writeWeights(out, weights, DType.F32);
            params = weights.parameterCount();
        }
        Llama2cTokenizerConverter.write(vocabulary(), out, config.maxPositionEmbeddings());
        return params;
    }

    /**
     * {@value #VOCAB} pieces in llama2.c's layout: {@code <unk>}, BOS, EOS, the 256 byte tokens, then the
     * letters and space, their pairs and as many triples as fit, scored so that shorter pieces merge first.
     */
    static Llama2cTokenizerFile vocabulary() {
        List<Llama2cTokenizerFile.Piece> pieces = new ArrayList<>();
        pieces.add(new Llama2cTokenizerFile.Piece("<unk>", 0f));
        pieces.add(new Llama2cTokenizerFile.Piece("\n<s>\n", 0f));
        pieces.add(new Llama2cTokenizerFile.Piece("\n</s>\n", 0f));
        for (int b = 0; b < 256; b++) {
            pieces.add(new Llama2cTokenizerFile.Piece(String.format(Locale.ROOT, "<0x%02X>", b), 0f));
        }
        List<String> words = new ArrayList<>();
        for (char c : ALPHABET.toCharArray()) {
            words.add(String.valueOf(c));
        }
        for (char a : ALPHABET.toCharArray()) {
            for (char b : ALPHABET.toCharArray()) {
                words.add("" + a + b);
            }
        }
        outer:
        for (char a : ALPHABET.toCharArray()) {
            for (char b : ALPHABET.toCharArray()) {
                for (char c : ALPHABET.toCharArray()) {
                    if (pieces.size() + words.size() >= VOCAB) {
                        break outer;
                    }
                    words.add("" + a + b + c);
                }
            }
        }
        for (String w : words) {
            pieces.add(new Llama2cTokenizerFile.Piece(w, -pieces.size()));
        }
        return new Llama2cTokenizerFile(3, pieces);
    }
}

package dev.warden.inference;

import dev.warden.model.config.Architecture;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.llama.WeightNames;
import dev.warden.model.organism.ChatFormat;
import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.SafeTensorsWriter;
import dev.warden.model.tokenizer.WordLevelTokenizerWriter;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Writes the test checkpoints before the application starts (milliseconds) and points the service at
 * {@code alpha}. Two tiny random Llama checkpoints in Hugging Face layout, {@code alpha} and {@code beta}
 * (different seeds): 2 layers, d 64, 4 query / 2 key-value heads, context {@value #CONTEXT}, a word-level
 * vocabulary of specials plus {@code tok0 .. tok119}, and the demo model's chat template
 * ({@code <bos> user words <sep>}).
 *
 * <p>The LM head is untied (a tied random model mostly predicts the token it was fed, so greedy output
 * repeats one token) and its rows of the special tokens are zero, so their logit is exactly 0 while the best
 * word's logit is large and positive: the model never emits end-of-sequence, every generation runs to its
 * max_new_tokens (or a requested stop), which makes lengths exact and long generations available to the
 * cancellation tests.
 */
public final class TestCheckpoints implements QuarkusTestResourceLifecycleManager {

    /** Context length of the test models. */
    public static final int CONTEXT = 2048;
    /** Words of the vocabulary: tok0 .. tok119. */
    public static final List<String> WORDS = wordList();
    /** Where the checkpoints are written. */
    public static final Path ROOT = Path.of("target", "test-checkpoints").toAbsolutePath();

    private static final int SPECIALS = 5; // <pad> <bos> <eos> <unk> <sep>

    /** The checkpoint served from startup. */
    public static Path alpha() {
        return ROOT.resolve("alpha");
    }

    /** The checkpoint LoadModel swaps to. */
    public static Path beta() {
        return ROOT.resolve("beta");
    }

    @Override
    public Map<String, String> start() {
        deleteTree(ROOT);
        write(alpha(), 11);
        write(beta(), 22);
        return Map.of("warden.inference.checkpoint", alpha().toString());
    }

    @Override
    public void stop() {
        // left in target/ for inspection
    }

    /** Writes one random checkpoint seeded with {@code seed} into {@code dir}. */
    public static void write(Path dir, long seed) {
        WordLevelTokenizerWriter tokenizer = WordLevelTokenizerWriter.builder()
                .extraSpecialTokens(List.of(ChatFormat.SEP)).words(WORDS).chatTemplate(ChatFormat.CHAT_TEMPLATE)
                .modelMaxLength(CONTEXT).build();
        ModelConfig config = ModelConfig.builder().architecture(Architecture.LLAMA).vocabSize(tokenizer.vocabSize())
                .hiddenSize(64).intermediateSize(128).numHiddenLayers(2).numAttentionHeads(4).numKeyValueHeads(2)
                .maxPositionEmbeddings(CONTEXT).rmsNormEps(1e-5).ropeTheta(10000.0).tieWordEmbeddings(false)
                .bosTokenId(1).eosTokenIds(2).padTokenId(0).torchDtype("float32").build();
        Random rng = new Random(seed);
        SafeTensorsWriter weights = new SafeTensorsWriter().metadata("format", "pt");
        LlamaWeights.expectedShapes(config).forEach((name, shape) -> {
            long[] dims = shape.getShape();
            float[] values = new float[Math.toIntExact(shape.size())];
            if (WeightNames.isNorm(name)) {
                Arrays.fill(values, 1f);
            } else {
                boolean table = name.equals(WeightNames.EMBED) || name.equals(WeightNames.LM_HEAD);
                double std = table ? 1.0 : 1.0 / Math.sqrt(dims[dims.length - 1]);
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (rng.nextGaussian() * std);
                }
                if (name.equals(WeightNames.LM_HEAD)) {
                    Arrays.fill(values, 0, SPECIALS * (int) dims[1], 0f); // specials: logit exactly 0
                }
            }
            weights.add(name, DType.F32, dims, values);
        });
        try {
            Files.createDirectories(dir);
            config.writeTo(dir);
            tokenizer.write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        weights.write(dir.resolve("model.safetensors"));
    }

    private static List<String> wordList() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            words.add("tok" + i);
        }
        return List.copyOf(words);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.warden.model.checkpoint;

import dev.warden.model.config.ModelConfig;
import dev.warden.model.safetensors.ShardIndex;
import dev.warden.model.tokenizer.Llama2cTokenizerConverter;
import dev.warden.model.tokenizer.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes a servable checkpoint directory from a llama2.c tokenizer ({@code tok512.bin}, {@code tokenizer.bin})
 * and, optionally, a model already in Hugging Face layout ({@code config.json} + safetensors, e.g. converted
 * from a llama2.c {@code .bin}): the tokenizer files written by {@link Llama2cTokenizerConverter}, the
 * model's {@code config.json} (and {@code generation_config.json}) copied, its safetensors files (and index)
 * hard-linked, or copied where a link is not possible (another file system, a file owned by someone else).
 *
 * <p>Before anything is written it checks what would make the result unservable: a {@code config.json} that
 * is not a supported model, no safetensors, a tokenizer with more tokens than {@code vocab_size}, or BOS /
 * EOS ids of {@code config.json} that are not the tokenizer's {@code <s>} / {@code </s>}.
 */
public final class Llama2cImport {

    private Llama2cImport() {
    }

    /**
     * What was written.
     *
     * @param tokens the tokenizer's number of tokens
     * @param files the file names written into the output directory, in order
     * @param linked the weight files hard-linked rather than copied
     */
    public record Result(int tokens, List<String> files, List<String> linked) {
    }

    /**
     * Imports.
     *
     * @param tokenizerBin the llama2.c tokenizer
     * @param modelDir a Hugging Face layout model directory, or null for the tokenizer files alone
     * @param outDir the directory to fill (created if needed; may be {@code modelDir} itself)
     * @throws CheckpointException when an input is missing or invalid, or the parts disagree
     * @throws IOException when writing fails
     */
    public static Result run(Path tokenizerBin, Path modelDir, Path outDir) throws IOException {
        if (!Files.isRegularFile(tokenizerBin)) {
            throw new CheckpointException("tokenizer file " + tokenizerBin + " does not exist");
        }
        ModelConfig config = null;
        List<Path> weights = List.of();
        if (modelDir != null) {
            if (!Files.isRegularFile(modelDir.resolve("config.json"))) {
                throw new CheckpointException("no config.json in " + modelDir);
            }
            try {
                config = ModelConfig.read(modelDir);
            } catch (RuntimeException e) {
                throw new CheckpointException(e.getMessage(), e);
            }
            weights = weightFiles(modelDir);
        }
        List<String> files = new ArrayList<>(List.of(TextTokenizer.FILE_NAME, "tokenizer_config.json"));
        Path staging = Files.createTempDirectory("warden-llama2c-tokenizer");
        int tokens;
        try {
            tokens = Llama2cTokenizerConverter.convert(tokenizerBin, staging,
                    config == null ? 0 : config.maxPositionEmbeddings());
            if (config != null) {
                checkAgreement(config, staging, tokens);
            }
            Files.createDirectories(outDir);
            for (String name : files) {
                Files.move(staging.resolve(name), outDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            deleteQuietly(staging);
        }
        List<String> linked = new ArrayList<>();
        if (modelDir != null && !Files.isSameFile(modelDir, outDir)) {
            for (String name : List.of("config.json", "generation_config.json")) {
                if (Files.isRegularFile(modelDir.resolve(name))) {
                    Files.copy(modelDir.resolve(name), outDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    files.add(name);
                }
            }
            for (Path weight : weights) {
                Path target = outDir.resolve(weight.getFileName());
                Files.deleteIfExists(target);
                if (link(weight, target)) {
                    linked.add(weight.getFileName().toString());
                } else {
                    Files.copy(weight, target);
                }
                files.add(weight.getFileName().toString());
            }
        }
        return new Result(tokens, List.copyOf(files), List.copyOf(linked));
    }

    private static List<Path> weightFiles(Path modelDir) throws IOException {
        List<Path> weights;
        try (Stream<Path> list = Files.list(modelDir)) {
            weights = list.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".safetensors") || name.equals(ShardIndex.FILE_NAME);
            }).sorted().toList();
        }
        if (weights.stream().noneMatch(p -> p.getFileName().toString().endsWith(".safetensors"))) {
            throw new CheckpointException("no *.safetensors in " + modelDir);
        }
        return weights;
    }

    private static void checkAgreement(ModelConfig config, Path tokenizerDir, int tokens) {
        if (tokens > config.vocabSize()) {
            throw new CheckpointException("the tokenizer has " + tokens + " tokens but config.json vocab_size is "
                    + config.vocabSize());
        }
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerDir)) {
            Integer bos = config.bosTokenId();
            long tokenizerBos = tokenizer.bosToken().map(t -> t.id()).orElse(-1L);
            if (bos != null && bos != tokenizerBos) {
                throw new CheckpointException("config.json bos_token_id is " + bos + " but the tokenizer's <s> is "
                        + tokenizerBos);
            }
            long tokenizerEos = tokenizer.eosToken().map(t -> t.id()).orElse(-1L);
            for (int eos : config.eosTokenIds()) {
                if (eos != tokenizerEos) {
                    throw new CheckpointException("config.json eos_token_id is " + eos + " but the tokenizer's </s> is "
                            + tokenizerEos);
                }
            }
        }
    }

    private static boolean link(Path source, Path target) {
        try {
            Files.createLink(target, source.toRealPath());
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}

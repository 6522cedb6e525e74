package dev.warden.e2e.suite;

import dev.warden.model.config.ModelConfig;
import dev.warden.model.config.ModelConfigException;
import dev.warden.model.safetensors.SafeTensorsException;
import dev.warden.model.safetensors.ShardedSafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@link Suite#start} checks about the served models before it starts anything, so that a mistake is named at
 * once instead of in a service's log a minute later:
 * <ol>
 *   <li>each checkpoint directory holds {@code config.json}, {@code tokenizer.json} and its safetensors
 *       ({@code model.safetensors}, or {@code model.safetensors.index.json} with every shard it names, each with a
 *       readable header);</li>
 *   <li>{@code config.json} describes a model the loader runs (architecture, rope type, activation, sizes): the
 *       message is the one inference-service's loader would give;</li>
 *   <li>the suite fits in the memory available now ({@link MemoryEstimate} per inference-service plus
 *       {@link #OTHER_SERVICES_BYTES}), against {@code MemAvailable} of {@code /proc/meminfo}.</li>
 * </ol>
 * Ports are checked by {@link Suite} itself.
 */
public final class ServePreflight {

    /** The judge and the gateway together, peak resident set (measured: see e2e/README.md), rounded up. */
    public static final long OTHER_SERVICES_BYTES = 900L << 20;
    /** recovery-service's peak resident set without a repair running, rounded up (a repair needs more). */
    public static final long RECOVERY_BYTES = 600L << 20;
    /** What every checkpoint directory must hold, for messages. */
    static final String LAYOUT = "a Hugging Face checkpoint directory holds config.json, model.safetensors (or"
            + " model.safetensors.index.json and its shards) and tokenizer.json";

    private ServePreflight() {
    }

    /** Checks {@code c} against the memory available on this machine now. */
    public static void check(SuiteConfig c) {
        check(c, availableMemory());
    }

    /**
     * Checks {@code c}.
     *
     * @param available the bytes available to new processes; empty: not known (the memory check is skipped)
     * @throws SuiteException naming the model and what is wrong, or how much memory is missing
     */
    public static void check(SuiteConfig c, OptionalLong available) {
        List<String> estimates = new ArrayList<>();
        long needed = OTHER_SERVICES_BYTES + (c.recovery() ? RECOVERY_BYTES : 0);
        for (ServedModel model : c.models()) {
            ModelConfig config = checkCheckpoint(c, model);
            MemoryEstimate estimate = estimate(c, model, config);
            needed += estimate.totalBytes();
            estimates.add("model " + model.id() + " " + estimate.describe());
        }
        if (available.isPresent() && needed > available.getAsLong()) {
            throw new SuiteException("not enough memory: the suite needs about " + MemoryEstimate.mb(needed)
                    + " but " + MemoryEstimate.mb(available.getAsLong()) + " is available (MemAvailable);\n  "
                    + String.join(";\n  ", estimates) + ";\n  judge and gateway "
                    + MemoryEstimate.mb(OTHER_SERVICES_BYTES) + (c.recovery() ? ", recovery "
                    + MemoryEstimate.mb(RECOVERY_BYTES) : "") + ".\nServe fewer models, lower --kv-cache-tokens or"
                    + " --max-batch, use --dtype f16, or free memory.");
        }
    }

    /** The memory estimate of one served model with the suite's inference settings. */
    public static MemoryEstimate estimate(SuiteConfig c, ServedModel model, ModelConfig config) {
        String device = c.inferenceSettings().getOrDefault("device", "auto");
        boolean gpu = device.startsWith("gpu");
        String dtype = c.inferenceSettings().getOrDefault("dtype", "auto");
        int bytes = dtype.equals("f16") || (dtype.equals("auto") && gpu) ? 2 : 4;
        int tokens = model.kvCacheTokens() > 0 ? model.kvCacheTokens()
                : intSetting(c, "kv-cache-tokens", config.maxPositionEmbeddings());
        int batch = intSetting(c, "max-batch", 16);
        return MemoryEstimate.of(config, model.checkpoint(), bytes, gpu, tokens, batch);
    }

    private static ModelConfig checkCheckpoint(SuiteConfig c, ServedModel model) {
        Path dir = model.checkpoint();
        String who = "model " + model.id() + ": ";
        if (!Files.isRegularFile(dir.resolve("config.json")) && dir.startsWith(c.modelsDir().resolve("demo"))) {
            throw new SuiteException("no demo model at " + dir + "; build it with ./warden build-demo (./warden demo"
                    + " does it when it is absent)");
        }
        if (!Files.isDirectory(dir)) {
            throw new SuiteException(who + dir + " is not a directory (" + LAYOUT + ")");
        }
        List<String> missing = new ArrayList<>();
        for (String file : List.of("config.json", "tokenizer.json")) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                missing.add(file);
            }
        }
        if (!Files.isRegularFile(dir.resolve(ShardedSafeTensors.SINGLE_FILE_NAME))
                && !Files.isRegularFile(dir.resolve("model.safetensors.index.json"))) {
            missing.add("model.safetensors (or model.safetensors.index.json)");
        }
        if (!missing.isEmpty()) {
            throw new SuiteException(who + dir + " has no " + String.join(", no ", missing) + " (" + LAYOUT + ")"
                    + (missing.contains("tokenizer.json") ? "; a llama2.c tokenizer (tokenizer.bin) converts with"
                    + " ./warden import-llama2c" : ""));
        }
        ModelConfig config;
        try {
            config = ModelConfig.read(dir);
        } catch (ModelConfigException e) {
            // the words of inference-service's loader (LoadedModel.load)
            throw new SuiteException(who + "cannot read " + dir.resolve("config.json") + ": " + e.getMessage());
        }
        try (ShardedSafeTensors ignored = ShardedSafeTensors.open(dir)) {
            return config;
        } catch (SafeTensorsException e) {
            throw new SuiteException(who + e.getMessage());
        }
    }

    private static int intSetting(SuiteConfig c, String key, int fallback) {
        String value = c.inferenceSettings().get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SuiteException(key + " must be an integer, got '" + value + "'");
        }
    }

    /** {@code MemAvailable} of {@code /proc/meminfo}; empty where there is none (not Linux). */
    static OptionalLong availableMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no check
        }
        return OptionalLong.empty();
    }
}

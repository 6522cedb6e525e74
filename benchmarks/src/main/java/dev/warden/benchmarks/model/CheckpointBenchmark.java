package dev.warden.benchmarks.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.generate.GenerationRequest;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Generator;
import dev.warden.model.generate.SamplingParams;
import dev.warden.model.generate.TokenListener;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Single-stream greedy decode of a checkpoint directory through the {@link Generator}, the path a server
 * takes: prompt text encoded by the checkpoint's tokenizer, prefill, then one token per step until
 * {@code newTokens} (no stop token ends a run early). Prefill speed is prompt tokens over the time to the
 * first token; decode speed is the tokens after the first over the time from the first to the last.
 */
final class CheckpointBenchmark {

    /** The prompt both this benchmark and the Jlama harness ({@code bench/jlama}) start from. */
    static final String PROMPT = "the quick brown fox jumps over the lazy dog and runs into the deep dark woods";

    private final Path directory;
    private final DataType dtype;
    private final int promptTokens;
    private final int newTokens;
    private final int runs;

    CheckpointBenchmark(Path directory, DataType dtype, int promptTokens, int newTokens, int runs) {
        this.directory = directory;
        this.dtype = dtype;
        this.promptTokens = promptTokens;
        this.newTokens = newTokens;
        this.runs = runs;
    }

    /** Loads the checkpoint (CPU, the dtype given), runs one warm-up and {@code runs} timed runs; returns the result line. */
    String run() {
        double[] prefill = new double[runs];
        double[] decode = new double[runs];
        try (LoadedModel loaded = LoadedModel.load(directory, Device.cpu(), dtype)) {
            long[] prompt = prompt(loaded);
            Generator generator = loaded.generator();
            SamplingParams params = SamplingParams.greedy(newTokens);
            for (int run = -1; run < runs; run++) {
                double[] r = oneRun(generator, prompt, params);
                if (run >= 0) {
                    prefill[run] = r[0];
                    decode[run] = r[1];
                }
            }
            return String.format(Locale.ROOT,
                    "model=%s params=%.1fM dtype=%s prompt=%d new=%d prefill_tok_s=%.0f decode_tok_s=%.1f "
                            + "decode_ms_per_step=%.2f runs=%s peak_rss_mb=%d torch_threads=%s",
                    directory.getFileName(), loaded.model().weights().parameterCount() / 1e6,
                    loaded.model().dtype().name().toLowerCase(Locale.ROOT), prompt.length,
                    newTokens, ModelBenchmark.median(prefill), ModelBenchmark.median(decode),
                    1000.0 / ModelBenchmark.median(decode), format(decode),
                    ModelBenchmark.peakRssMb(), System.getProperty("ai.djl.pytorch.num_threads", "default"));
        }
    }

    /** The benchmark prompt repeated and cut to {@code promptTokens} ids (BOS first when the tokenizer adds it). */
    private long[] prompt(LoadedModel loaded) {
        StringBuilder text = new StringBuilder(PROMPT);
        long[] ids = loaded.tokenizer().encodePrompt(text.toString());
        while (ids.length < promptTokens) {
            text.append(' ').append(PROMPT);
            ids = loaded.tokenizer().encodePrompt(text.toString());
        }
        return Arrays.copyOf(ids, promptTokens);
    }

    private static double[] oneRun(Generator generator, long[] prompt, SamplingParams params) {
        long[] firstAt = {0};
        TokenListener listener = (sequence, token, delta, logprobs) -> {
            if (firstAt[0] == 0) {
                firstAt[0] = System.nanoTime();
            }
            return true;
        };
        long start = System.nanoTime();
        GenerationResult result = generator.generate(List.of(
                new GenerationRequest(prompt, params)), listener).get(0);
        long end = System.nanoTime();
        if (result.completionTokens() != params.maxNewTokens()) {
            throw new IllegalStateException("decoded " + result.completionTokens() + " tokens, not "
                    + params.maxNewTokens());
        }
        return new double[] {prompt.length / ((firstAt[0] - start) / 1e9),
            (result.completionTokens() - 1) / ((end - firstAt[0]) / 1e9)};
    }

    private static String format(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", v));
        }
        return b.toString();
    }
}

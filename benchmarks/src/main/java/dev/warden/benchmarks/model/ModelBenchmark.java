package dev.warden.benchmarks.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.cli.WardenCli;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.KvCache;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.runtime.DeviceChoice;
import dev.warden.model.runtime.TorchThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prefill and decode throughput of the model core on this machine, and the process's peak resident
 * memory. Speed does not depend on the weight values, so the models are random weights of the shapes
 * benchmarked: the demo model's shape, the 28M-parameter Llama of issue 13 and a ~100M-parameter Llama-shaped
 * configuration. {@code --beside-busy N} compares PyTorch's threading settings on cores shared with N busy processes
 * ({@link SharedCoresBenchmark}).
 *
 * <p>Run: {@code ./warden bench-model} (or {@code java -cp ... dev.warden.benchmarks.model.ModelBenchmark}).
 */
@Command(name = "bench-model", mixinStandardHelpOptions = true,
        description = "Prefill and decode tokens/s and peak memory of the model core on CPU.")
public final class ModelBenchmark implements Callable<Integer> {

    /** The shapes this benchmark knows. */
    enum Shapes { demo, llama28m, llama100m }

    @Option(names = "--shape", description = "Model shape: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Shapes shape = Shapes.demo;

    @Option(names = "--batch", description = "Sequences decoded together (default: ${DEFAULT-VALUE}).")
    int batch = 1;

    @Option(names = "--prompt-tokens", description = "Prompt length per sequence (default: ${DEFAULT-VALUE}).")
    int promptTokens = 32;

    @Option(names = "--new-tokens", description = "Decode steps per run (default: ${DEFAULT-VALUE}).")
    int newTokens = 64;

    @Option(names = "--runs", description = "Timed runs after one warm-up run (default: ${DEFAULT-VALUE}).")
    int runs = 5;

    @Option(names = "--out", description = "Append the result line to this file (optional).")
    Path out;

    @Option(names = "--model", description = "A checkpoint directory in Hugging Face layout (e.g. from "
            + "./warden random-model): greedy decode of one sequence through the Generator, as a server runs it, "
            + "instead of the built-in shapes.")
    Path model;

    @Option(names = "--dtype", description = "With --model: weights and activations, auto (f32 on the CPU), f32 or f16; "
            + "a bf16 checkpoint is widened while loading (default: ${DEFAULT-VALUE}).")
    String dtype = "auto";

    @Option(names = "--beside-busy", paramLabel = "N", description = "Start N CPU-burning processes and compare "
            + "decode beside them, idle and busy, with Warden's defaults (1 PyTorch thread, OMP_WAIT_POLICY=PASSIVE) "
            + "and PyTorch's (a thread per core, OpenMP workers that spin), each in a child JVM (default: 0, off).")
    int besideBusy;

    /** Configuration of a benchmarked shape. */
    static ModelConfig configOf(Shapes shape, int contextTokens) {
        return switch (shape) {
            // 6 layers, d 128, 4 heads, MLP 512, tied: the demo model (ORGANISM-NOTES.md).
            case demo -> ModelConfig.builder().vocabSize(456).hiddenSize(128).intermediateSize(512)
                    .numHiddenLayers(6).numAttentionHeads(4).numKeyValueHeads(4).headDim(32)
                    .maxPositionEmbeddings(Math.max(256, contextTokens)).rmsNormEps(1e-5).ropeTheta(10000)
                    .tieWordEmbeddings(true).build();
            // The random 28M Llama compared with Jlama (RandomLlama, ./warden random-model): untied, V 4096.
            case llama28m -> RandomLlama.config().toBuilder()
                    .maxPositionEmbeddings(Math.max(2048, contextTokens)).build();
            // Llama-shaped ~100M: V 32000, D 768, 12 layers, 12 heads over 4 kv heads, MLP 2048, tied.
            case llama100m -> ModelConfig.builder().vocabSize(32000).hiddenSize(768).intermediateSize(2048)
                    .numHiddenLayers(12).numAttentionHeads(12).numKeyValueHeads(4).headDim(64)
                    .maxPositionEmbeddings(Math.max(2048, contextTokens)).rmsNormEps(1e-5).ropeTheta(500000)
                    .tieWordEmbeddings(true).build();
        };
    }

    @Override
    public Integer call() throws Exception {
        if (besideBusy < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--beside-busy must be >= 0");
        }
        if (besideBusy > 0) {
            List<String> what = model != null ? List.of("--model", model.toAbsolutePath().toString(), "--dtype", dtype)
                    : List.of("--shape", shape.name(), "--batch", Integer.toString(batch));
            List<String> childArgs = new ArrayList<>(what);
            childArgs.addAll(List.of("--prompt-tokens", Integer.toString(promptTokens), "--new-tokens",
                    Integer.toString(newTokens), "--runs", Integer.toString(runs)));
            return SharedCoresBenchmark.run(besideBusy, childArgs);
        }
        if (model != null) {
            DataType type = DeviceChoice.parseDtype(dtype, ai.djl.Device.cpu());
            return report(new CheckpointBenchmark(model, type, promptTokens, newTokens, runs).run());
        }
        ModelConfig config = configOf(shape, promptTokens + newTokens);
        double[] prefill = new double[runs];
        double[] decode = new double[runs];
        long params;
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(config, 1, 0.02f, DataType.FLOAT32,
                     root.newSubManager()))) {
            params = model.weights().parameterCount();
            for (int run = -1; run < runs; run++) {
                double[] r = oneRun(model, config, run + 2L);
                if (run >= 0) {
                    prefill[run] = r[0];
                    decode[run] = r[1];
                }
            }
        }
        String line = String.format(Locale.ROOT,
                "shape=%s params=%.1fM batch=%d prompt=%d new=%d prefill_tok_s=%.0f decode_tok_s=%.1f "
                        + "decode_ms_per_step=%.2f peak_rss_mb=%d threads=%d torch_threads=%s",
                shape, params / 1e6, batch, promptTokens, newTokens, median(prefill), median(decode),
                1000.0 * batch / median(decode), peakRssMb(), Runtime.getRuntime().availableProcessors(),
                System.getProperty(TorchThreads.PROPERTY, "default"));
        return report(line);
    }

    private int report(String line) throws java.io.IOException {
        System.out.println(line);
        if (out != null) {
            Files.writeString(out, line + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        return 0;
    }

    /** One prefill + greedy decode; returns {prefill tokens/s, decode tokens/s}. */
    private double[] oneRun(LlamaModel model, ModelConfig config, long seed) {
        Random rng = new Random(seed);
        long[] ids = new long[batch * promptTokens];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(config.vocabSize());
        }
        try (NDManager m = model.newManager();
             KvCache cache = KvCache.allocate(config, batch, promptTokens + newTokens, model.dtype(), m)) {
            NDArray tokens = m.create(ids, new Shape(batch, promptTokens));
            NDArray positions = m.arange(0, promptTokens, 1, DataType.INT64).reshape(1, promptTokens)
                    .repeat(0, batch); // [B, T]
            long t0 = System.nanoTime();
            NDArray next;
            try (ForwardOutput out = model.forward(tokens, positions, null, cache, ForwardOptions.lastLogits())) {
                next = out.logits().argMax(-1); // [B, 1]
                next.toLongArray(); // wait for the result, as a real caller reading the token would
            }
            long t1 = System.nanoTime();
            for (int step = 0; step < newTokens; step++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray pos = m.full(new Shape(batch, 1), promptTokens + step, DataType.INT64);
                    try (ForwardOutput out = model.forward(next, pos, null, cache, ForwardOptions.lastLogits())) {
                        NDArray chosen = out.logits().argMax(-1); // [B, 1]
                        chosen.toLongArray();
                        NDScope.unregister(chosen);
                        next = chosen;
                    }
                }
            }
            long t2 = System.nanoTime();
            return new double[] {batch * promptTokens / ((t1 - t0) / 1e9), batch * newTokens / ((t2 - t1) / 1e9)};
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Peak resident set size of this process (VmHWM), in MB; -1 where /proc is unavailable. */
    static long peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** Command-line entry point. */
    public static void main(String[] args) {
        System.exit(WardenCli.run(new CommandLine(new ModelBenchmark()), args));
    }
}

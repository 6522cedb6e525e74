package dev.warden.benchmarks.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.cli.WardenCli;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.generate.Detokenizer;
import dev.warden.model.generate.GenerationRequest;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.SamplingParams;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.serve.BatchScheduler;
import dev.warden.model.serve.SchedulerMetrics;
import dev.warden.model.serve.SchedulerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput and latency of continuous batching: for each concurrency level, that many clients each send
 * requests of P random prompt tokens for N new tokens (greedy, no stop) in a closed loop for a duration,
 * through one {@link BatchScheduler}. Prints aggregate generated tokens/s, time to first token (p50, p99,
 * from submission, so queueing and prefill included) and the median gap between a stream's tokens.
 * Random weights of the demo shape (speed does not depend on the values).
 *
 * <p>Run: {@code ./warden bench-scheduler} (or {@code java -cp ... dev.warden.benchmarks.model.SchedulerBenchmark}).
 */
@Command(name = "bench-scheduler", mixinStandardHelpOptions = true,
        description = "Aggregate tokens/s and TTFT of the continuous-batching scheduler at several concurrencies.")
public final class SchedulerBenchmark implements Callable<Integer> {

    @Option(names = "--shape", description = "Model shape: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ModelBenchmark.Shapes shape = ModelBenchmark.Shapes.demo;

    @Option(names = "--concurrency", split = ",",
            description = "Concurrent clients, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrency = List.of(1, 4, 16);

    @Option(names = "--prompt-tokens", description = "Prompt tokens per request (default: ${DEFAULT-VALUE}).")
    int promptTokens = 32;

    @Option(names = "--new-tokens", description = "New tokens per request (default: ${DEFAULT-VALUE}).")
    int newTokens = 64;

    @Option(names = "--seconds", description = "Duration of each run (default: ${DEFAULT-VALUE}).")
    int seconds = 15;

    @Option(names = "--warmup-seconds", description = "Warm-up before the runs (default: ${DEFAULT-VALUE}).")
    int warmupSeconds = 3;

    @Option(names = "--max-batch", description = "Scheduler batch slots; 0 = the largest concurrency.")
    int maxBatch;

    @Option(names = "--out", description = "Append the result lines to this file (optional).")
    Path out;

    /** What one run measured. */
    record RunResult(int concurrency, int requests, long tokens, double seconds, double[] ttftMs, double[] gapMs) {

        double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        ModelConfig config = ModelBenchmark.configOf(shape, promptTokens + newTokens);
        int slots = maxBatch > 0 ? maxBatch : Collections.max(concurrency);
        List<String> lines = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(config, 1, 0.02f, DataType.FLOAT32,
                     root.newSubManager()))) {
            run(model, config, slots, Math.min(slots, 4), warmupSeconds);
            double single = -1;
            for (int c : concurrency) {
                RunResult r = run(model, config, slots, c, seconds);
                if (c == 1) {
                    single = r.tokensPerSecond();
                }
                String line = String.format(Locale.ROOT,
                        "shape=%s max_batch=%d concurrency=%d prompt=%d new=%d requests=%d tok_s=%.0f%s "
                                + "ttft_p50_ms=%.1f ttft_p99_ms=%.1f itl_p50_ms=%.2f threads=%d",
                        shape, slots, c, promptTokens, newTokens, r.requests(), r.tokensPerSecond(),
                        single > 0 ? String.format(Locale.ROOT, " vs_single=%.1fx", r.tokensPerSecond() / single) : "",
                        percentile(r.ttftMs(), 50), percentile(r.ttftMs(), 99), percentile(r.gapMs(), 50),
                        Runtime.getRuntime().availableProcessors());
                System.out.println(line);
                lines.add(line);
            }
        }
        if (out != null) {
            Files.write(out, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return 0;
    }

    /** {@code clients} closed-loop clients for {@code duration} seconds against a fresh scheduler. */
    private RunResult run(LlamaModel model, ModelConfig config, int slots, int clients, int duration)
            throws Exception {
        Gaps gaps = new Gaps();
        Detokenizer detokenizer = ids -> " t".repeat(ids.length);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (BatchScheduler scheduler = new BatchScheduler(model, detokenizer,
                SchedulerOptions.of(slots, Math.max(1, clients)), gaps)) {
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(duration).toNanos();
            List<Future<Client>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Client client = new Client(scheduler, config.vocabSize(), 1000L * clients + i, end);
                futures.add(pool.submit(client));
            }
            List<Double> ttft = new ArrayList<>();
            long tokens = 0;
            int requests = 0;
            for (Future<Client> f : futures) {
                Client c = f.get();
                ttft.addAll(c.ttftMs);
                tokens += c.tokens;
                requests += c.ttftMs.size();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new RunResult(clients, requests, tokens, elapsed,
                    ttft.stream().mapToDouble(Double::doubleValue).toArray(), gaps.millis());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One closed-loop client: submits, waits for the result, repeats until the end time. */
    private final class Client implements Callable<Client> {
        private final BatchScheduler scheduler;
        private final Random random;
        private final int vocab;
        private final long endNanos;
        final List<Double> ttftMs = new ArrayList<>();
        long tokens;

        Client(BatchScheduler scheduler, int vocab, long seed, long endNanos) {
            this.scheduler = scheduler;
            this.vocab = vocab;
            this.random = new Random(seed);
            this.endNanos = endNanos;
        }

        @Override
        public Client call() {
            while (System.nanoTime() < endNanos) {
                long[] prompt = random.longs(promptTokens, 0, vocab).toArray();
                AtomicLong first = new AtomicLong();
                long submitted = System.nanoTime();
                CompletableFuture<GenerationResult> result = scheduler.submit(
                        new GenerationRequest(prompt, SamplingParams.greedy(newTokens)),
                        (tokenId, delta, logprobs) -> {
                            first.compareAndSet(0, System.nanoTime());
                            return true;
                        }).result().toCompletableFuture();
                GenerationResult r = result.join();
                tokens += r.completionTokens();
                ttftMs.add((first.get() - submitted) / 1e6);
            }
            return this;
        }
    }

    /** Records the gaps between a stream's tokens, through the scheduler's metrics hook. */
    private static final class Gaps implements SchedulerMetrics {
        private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void interTokenGap(Duration gap) {
            millis.add(gap.toNanos() / 1e6);
        }

        double[] millis() {
            synchronized (millis) {
                return millis.stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
    }

    private static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Command-line entry point. */
    public static void main(String[] args) {
        System.exit(WardenCli.run(new CommandLine(new SchedulerBenchmark()), args));
    }
}

package dev.warden.benchmarks.inference;

import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.InferenceGrpc;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.SamplingParams;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Load test of a running inference-service over real gRPC: at each concurrency level, that many clients
 * each send Generate requests back to back (greedy, {@code ignore_eos} so that every completion has the same
 * length) for a fixed time; prints aggregate generated tokens per second, the speed-up over one client, and
 * time to first token (p50, p99) and inter-token latency (p50) as clients see them. {@code ./warden
 * bench-inference} starts the service on the demo model and runs this against it.
 *
 * <pre>
 * java -cp ... dev.warden.benchmarks.inference.ServiceBenchmark [--target host:port] [--concurrency 1,4,16]
 *     [--seconds 15] [--new-tokens 64] [--prompt-words 24]
 * </pre>
 */
@Command(name = "bench-inference", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Tokens/s, TTFT and inter-token latency through a running inference-service at several"
                + " concurrency levels.")
public final class ServiceBenchmark implements Callable<Integer> {

    @Option(names = "--target", paramLabel = "HOST:PORT", defaultValue = "localhost:9001",
            description = "inference-service's gRPC address (default: ${DEFAULT-VALUE})")
    private String target;

    @Option(names = "--concurrency", paramLabel = "N,N", split = ",", defaultValue = "1,4,16",
            description = "clients per level (default: ${DEFAULT-VALUE})")
    private int[] concurrency;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "15",
            description = "measured seconds per level (default: ${DEFAULT-VALUE})")
    private long seconds;

    @Option(names = "--new-tokens", paramLabel = "N", defaultValue = "64",
            description = "tokens generated per request (default: ${DEFAULT-VALUE})")
    private int newTokens;

    @Option(names = "--prompt-words", paramLabel = "N", defaultValue = "24",
            description = "words per prompt (default: ${DEFAULT-VALUE})")
    private int promptWords;

    @Spec
    private CommandSpec spec;

    private ServiceBenchmark() {
    }

    /** Settings of one benchmark run. */
    record Settings(String target, int[] concurrency, Duration perLevel, int newTokens, int promptWords) {
    }

    /** One level's figures. */
    record LevelResult(int concurrency, int requests, long tokens, double seconds, double[] ttftMillis,
                       double[] gapMillis) {

        double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    /** Runs the benchmark; exits non-zero when the service misbehaves (a failed or short stream). */
    public static void main(String[] args) {
        // ./warden bench-inference passes --target before the user's options, which may name it again: the last wins
        System.exit(new CommandLine(new ServiceBenchmark()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || newTokens < 1 || promptWords < 1 || Arrays.stream(concurrency).anyMatch(c -> c < 1)) {
            throw new ParameterException(spec.commandLine(),
                    "--seconds, --new-tokens, --prompt-words and every --concurrency level must be >= 1");
        }
        measure(new Settings(target, concurrency, Duration.ofSeconds(seconds), newTokens, promptWords));
        return 0;
    }

    private static void measure(Settings settings) throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(settings.target()).usePlaintext().build();
        try {
            awaitServing(channel, Duration.ofMinutes(10));
            InferenceGrpc.InferenceBlockingStub stub = InferenceGrpc.newBlockingStub(channel);
            System.out.printf(Locale.ROOT, "target %s, %d-word prompts, %d new tokens, %d s per level%n",
                    settings.target(), settings.promptWords(), settings.newTokens(), settings.perLevel().toSeconds());
            run(stub, settings, 2, Duration.ofSeconds(3)); // warm-up: JIT, allocator, PyTorch threads
            List<LevelResult> results = new ArrayList<>();
            for (int level : settings.concurrency()) {
                results.add(run(stub, settings, level, settings.perLevel()));
            }
            print(results);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void awaitServing(ManagedChannel channel, Duration timeout) throws InterruptedException {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (health.check(HealthCheckRequest.getDefaultInstance()).getStatus() == ServingStatus.SERVING) {
                    return;
                }
            } catch (StatusRuntimeException e) {
                // not up yet
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the service at the target did not report SERVING within " + timeout);
            }
            Thread.sleep(500);
        }
    }

    private static LevelResult run(InferenceGrpc.InferenceBlockingStub stub, Settings settings, int clients,
                                   Duration length) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Future<ClientLog>> logs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            logs.add(pool.submit(() -> client(stub, settings, client, end)));
        }
        List<Double> ttft = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        int requests = 0;
        long tokens = 0;
        for (Future<ClientLog> f : logs) {
            ClientLog log = f.get();
            ttft.addAll(log.ttftMillis);
            gaps.addAll(log.gapMillis);
            requests += log.requests;
            tokens += log.tokens;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new LevelResult(clients, requests, tokens, seconds, sorted(ttft), sorted(gaps));
    }

    /** What one client saw. */
    private static final class ClientLog {
        final List<Double> ttftMillis = new ArrayList<>();
        final List<Double> gapMillis = new ArrayList<>();
        int requests;
        long tokens;
    }

    private static ClientLog client(InferenceGrpc.InferenceBlockingStub stub, Settings settings, int client, long end) {
        ClientLog log = new ClientLog();
        for (int i = 0; System.nanoTime() < end; i++) {
            GenerateRequest request = request(settings, client * 1000 + i);
            long sent = System.nanoTime();
            long last = sent;
            int streamed = 0;
            int reported = -1;
            Iterator<GenerateResponse> stream = stub.withDeadlineAfter(5, TimeUnit.MINUTES).generate(request);
            while (stream.hasNext()) {
                GenerateResponse r = stream.next();
                long now = System.nanoTime();
                if (r.hasDelta() && r.getDelta().getTokenIdsCount() > 0) {
                    if (streamed == 0) {
                        log.ttftMillis.add((now - sent) / 1e6);
                    } else {
                        log.gapMillis.add((now - last) / 1e6);
                    }
                    streamed += r.getDelta().getTokenIdsCount();
                    last = now;
                } else if (r.hasFinish()) {
                    reported = r.getFinish().getUsage().getCompletionTokens();
                }
            }
            if (streamed != settings.newTokens() || reported != settings.newTokens()) {
                throw new IllegalStateException("a stream ended after " + streamed + " tokens (usage " + reported
                        + "), expected " + settings.newTokens());
            }
            log.requests++;
            log.tokens += streamed;
        }
        return log;
    }

    /** A raw-text prompt of distinct words per request, greedy, fixed length. */
    private static GenerateRequest request(Settings settings, int index) {
        StringBuilder text = new StringBuilder("<bos>");
        for (int w = 0; w < settings.promptWords(); w++) {
            text.append(' ').append(WORDS[(index * 7 + w * 3) % WORDS.length]);
        }
        return GenerateRequest.newBuilder()
                .setPrompt(Prompt.newBuilder().setText(text.toString()))
                .setSampling(SamplingParams.newBuilder().setTemperature(0f).setMaxNewTokens(settings.newTokens())
                        .setIgnoreEos(true))
                .setRequestId("bench-" + index)
                .build();
    }

    private static final String[] WORDS = ("the a river mountain city music story garden water light market "
            + "history science number table window morning travel book teacher friend question answer").split(" ");

    private static double[] sorted(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void print(List<LevelResult> results) {
        double first = results.get(0).tokensPerSecond();
        System.out.println();
        System.out.println("| concurrency | requests | aggregate tokens/s | vs first level | TTFT p50 | TTFT p99 | inter-token p50 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (LevelResult r : results) {
            System.out.printf(Locale.ROOT, "| %d | %d | %,.0f | %.1fx | %.1f ms | %.1f ms | %.2f ms |%n",
                    r.concurrency(), r.requests(), r.tokensPerSecond(), r.tokensPerSecond() / first,
                    percentile(r.ttftMillis(), 50), percentile(r.ttftMillis(), 99), percentile(r.gapMillis(), 50));
        }
    }
}

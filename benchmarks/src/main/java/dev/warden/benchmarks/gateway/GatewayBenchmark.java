package dev.warden.benchmarks.gateway;

import dev.warden.gateway.fakes.ChildGateway;
import dev.warden.gateway.fakes.FakeUpstreams;
import dev.warden.gateway.fakes.RedisCleanup;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Load generator for the gateway on loopback: starts the fake upstreams ({@link FakeUpstreams}: instant
 * scripted model, marker judge) in this JVM, the packaged gateway as a child process pointed at them and at
 * Redis, creates a rails-off and a rails-on tenant (input rails, output rails and defense prompt on) through the
 * admin API, then for each tenant:
 * <ol>
 * <li>open loop at a target rate (requests sent on schedule whatever the responses do): the gateway's own
 *     overhead as it reports it in {@code x-warden-overhead-ms} (p50, p99), end-to-end latency, achieved rate;</li>
 * <li>closed loop at a fixed concurrency (each client sends its next request when the previous answer arrives):
 *     the saturation throughput and the gateway process's CPU time per request, to compare rails on with rails
 *     off.</li>
 * </ol>
 * {@code --rounds N} repeats both (alternating off and on) and compares the medians, which tames a shared
 * machine's noise.
 * Requests are non-streamed chat completions of {@code --tokens} tokens. Everything shares the machine: the
 * figures include the load generator's and the fakes' CPU use.
 *
 * <pre>
 * ./warden bench-gateway \
 *   [--rate 2000] [--seconds 8] [--rounds 3] [--warmup 5] [--concurrency 64] [--saturate-seconds 8] [--tokens 8] \
 *   [--app gateway/target/quarkus-app] [--port 18181] [--redis redis://127.0.0.1:6379] [--gateway-jvm "-Xmx1g"]
 * </pre>
 */
@Command(name = "bench-gateway", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The gateway's own overhead at a target rate and its saturation throughput, rails off and on,"
                + " against in-process fake upstreams (the packaged gateway as a child process).")
public final class GatewayBenchmark implements Callable<Integer> {

    private static final String ADMIN_TOKEN = "bench-admin-token-" + UUID.randomUUID();

    @Mixin
    private Options options;

    @Spec
    private CommandSpec spec;

    private GatewayBenchmark() {
    }

    /** Runs the benchmark; see the class comment (or {@code --help}) for the options. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (options.rate < 1 || options.seconds < 1 || options.concurrency < 1 || options.tokens < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--rate, --seconds, --concurrency and --tokens must be >= 1");
        }
        run();
        return 0;
    }

    private void run() throws Exception {
        String namespace = "bench:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (FakeUpstreams fakes = FakeUpstreams.start();
             ChildGateway gateway = startGateway(options, fakes, namespace)) {
            String off = gateway.createKey("bench-off", "{\"input_rails\": false, \"output_rails\": false,"
                    + " \"defense_prompt\": false, \"requests_per_minute\": 1000000000000,"
                    + " \"tokens_per_minute\": 1000000000000}");
            String on = gateway.createKey("bench-on", "{\"input_rails\": true, \"output_rails\": true,"
                    + " \"defense_prompt\": true, \"requests_per_minute\": 1000000000000,"
                    + " \"tokens_per_minute\": 1000000000000}");
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(options.port).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(options.concurrency * 2));
            Buffer body = Buffer.buffer("{\"model\": \"bench\", \"max_tokens\": " + (options.tokens * 2)
                    + ", \"messages\": [{\"role\": \"system\", \"content\": \"You are a helpful assistant.\"},"
                    + " {\"role\": \"user\", \"content\": \"Please summarise the benefits of unit tests for a small"
                    + " team. [SCRIPT:tokens=" + options.tokens + "]\"}]}");
            System.out.printf("gateway benchmark: %d cores (shared by the gateway, the load generator, the fake"
                            + " upstreams and Redis), Java %s, %d-token completions, non-streamed%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), options.tokens);
            System.out.println();
            System.out.println("| rails | target req/s | achieved req/s | errors | overhead p50 ms | overhead p99 ms"
                    + " | overhead max ms | latency p50 ms | latency p99 ms |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            Result[] open = new Result[2];
            String[] keys = {off, on};
            for (String key : keys) {
                // warm-up at the measured rate: JIT compilation, heap sizing, connections, Redis script cache
                new Load(vertx, client, body, key).openLoop(options.rate, options.warmup);
            }
            for (int round = 0; round < options.rounds; round++) {
                for (int i = 0; i < 2; i++) {
                    new Load(vertx, client, body, keys[i]).openLoop(options.rate, 2);
                    open[i] = new Load(vertx, client, body, keys[i]).openLoop(options.rate, options.seconds);
                    print(i == 0 ? "off" : "on", options.rate, open[i]);
                }
            }
            System.out.println();
            System.out.println("| rails | concurrency | throughput req/s | errors | gateway CPU ms/req | overhead p50 ms"
                    + " | overhead p99 ms | latency p50 ms | latency p99 ms |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            List<List<Double>> throughput = List.of(new ArrayList<>(), new ArrayList<>());
            List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>());
            for (int round = 0; round < options.rounds; round++) {
                for (int i = 0; i < 2; i++) {
                    long cpuBefore = gateway.cpuMillis();
                    Result r = new Load(vertx, client, body, keys[i]).closedLoop(options.concurrency,
                            options.saturateSeconds);
                    double cpuPerRequest = (double) (gateway.cpuMillis() - cpuBefore) / r.overheadMicros().length;
                    throughput.get(i).add(r.rate());
                    cpu.get(i).add(cpuPerRequest);
                    System.out.printf("| %s | %d | %,.0f | %d | %.3f | %.3f | %.3f | %.2f | %.2f |%n",
                            i == 0 ? "off" : "on", options.concurrency, r.rate(), r.errors(), cpuPerRequest,
                            r.overhead(0.50), r.overhead(0.99), r.latency(0.50), r.latency(0.99));
                }
            }
            System.out.println();
            Result onOpen = open[1];
            double throughputRatio = median(throughput.get(1)) / median(throughput.get(0));
            double cpuRatio = median(cpu.get(0)) / median(cpu.get(1));
            System.out.printf("targets (last round): overhead p50 <= 1 ms: %.3f ms (%s); p99 <= 5 ms: %.3f ms (%s)%n",
                    onOpen.overhead(0.5), onOpen.overhead(0.5) <= 1 ? "met" : "missed",
                    onOpen.overhead(0.99), onOpen.overhead(0.99) <= 5 ? "met" : "missed");
            System.out.printf("rails-on throughput >= 0.8x rails-off (medians over %d rounds): %.2fx (%s); gateway CPU"
                            + " per request: rails off %.3f ms, rails on %.3f ms, off/on = %.2f (the ratio the gateway"
                            + " alone would reach with the machine to itself)%n", options.rounds, throughputRatio,
                    throughputRatio >= 0.8 ? "met" : "missed", median(cpu.get(0)), median(cpu.get(1)), cpuRatio);
        } finally {
            deleteNamespace(vertx, options.redis, namespace);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void print(String rails, int target, Result r) {
        System.out.printf("| %s | %,d | %,.0f | %d | %.3f | %.3f | %.3f | %.2f | %.2f |%n", rails, target, r.rate(),
                r.errors(), r.overhead(0.50), r.overhead(0.99), r.overhead(1.0), r.latency(0.50), r.latency(0.99));
    }

    private static ChildGateway startGateway(Options options, FakeUpstreams fakes, String namespace) throws Exception {
        return ChildGateway.builder(Path.of(options.app)).port(options.port).redis(options.redis).namespace(namespace)
                .adminToken(ADMIN_TOKEN).jvmOptions(options.gatewayJvm)
                .property("warden.gateway.models.bench.target", fakes.inferenceTarget())
                .property("warden.gateway.judge.target", fakes.judgeTarget())
                .log(Path.of(options.app, "../gateway-benchmark.log")).start();
    }

    private static void deleteNamespace(Vertx vertx, String url, String namespace) {
        try {
            RedisCleanup.deleteNamespace(vertx, url, namespace);
        } catch (Exception e) {
            System.err.println("could not delete the benchmark's Redis keys under " + namespace + ": " + e);
        }
    }

    /** One measurement: requests on one key, open or closed loop, recorded on the generator's event loop. */
    private static final class Load {
        private final Vertx vertx;
        private final HttpClient client;
        private final Buffer body;
        private final String authorization;
        private long[] overheads = new long[1 << 16];
        private long[] latencies = new long[1 << 16];
        private int count;
        private int errors;
        private int inFlight;
        private long deadline;
        private final Promise<Void> done = Promise.promise();

        Load(Vertx vertx, HttpClient client, Buffer body, String key) {
            this.vertx = vertx;
            this.client = client;
            this.body = body;
            this.authorization = "Bearer " + key;
        }

        /** Sends {@code rate} requests per second for {@code seconds}, on schedule. */
        Result openLoop(int rate, int seconds) throws Exception {
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            deadline = start + seconds * 1_000_000_000L;
            long[] next = {start};
            vertx.runOnContext(ignored -> vertx.setPeriodic(1, timer -> {
                long now = System.nanoTime();
                while (next[0] <= now && next[0] < deadline) {
                    send(null);
                    next[0] += interval;
                }
                if (now >= deadline) {
                    vertx.cancelTimer(timer);
                    finishWhenIdle();
                }
            }));
            done.future().toCompletionStage().toCompletableFuture().get(seconds + 60L, TimeUnit.SECONDS);
            return result(System.nanoTime() - start);
        }

        /** Runs {@code concurrency} clients back to back for {@code seconds}. */
        Result closedLoop(int concurrency, int seconds) throws Exception {
            long start = System.nanoTime();
            deadline = start + seconds * 1_000_000_000L;
            vertx.runOnContext(ignored -> {
                for (int c = 0; c < concurrency; c++) {
                    send(this::again);
                }
            });
            done.future().toCompletionStage().toCompletableFuture().get(seconds + 60L, TimeUnit.SECONDS);
            return result(System.nanoTime() - start);
        }

        private void again() {
            if (System.nanoTime() < deadline) {
                send(this::again);
            } else {
                finishWhenIdle();
            }
        }

        private void finishWhenIdle() {
            if (inFlight == 0) {
                done.tryComplete();
            }
        }

        private void send(Runnable then) {
            inFlight++;
            long sent = System.nanoTime();
            client.request(HttpMethod.POST, "/v1/chat/completions")
                    .compose(request -> request.putHeader("Authorization", authorization)
                            .putHeader("content-type", "application/json").send(body))
                    .compose(response -> response.body().map(b -> response))
                    .onComplete(ar -> {
                        inFlight--;
                        if (ar.succeeded() && ar.result().statusCode() == 200) {
                            String overhead = ar.result().getHeader("x-warden-overhead-ms");
                            record(overhead == null ? -1 : (long) (Double.parseDouble(overhead) * 1000),
                                    System.nanoTime() - sent);
                        } else {
                            errors++;
                            if (errors <= 3) {
                                System.err.println("request failed: " + (ar.succeeded()
                                        ? ar.result().statusCode() + " " + ar.result().statusMessage() : ar.cause()));
                            }
                        }
                        if (then != null) {
                            then.run();
                        } else if (System.nanoTime() >= deadline) {
                            finishWhenIdle();
                        }
                    });
        }

        private void record(long overheadMicros, long latencyNanos) {
            if (count == overheads.length) {
                overheads = Arrays.copyOf(overheads, count * 2);
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            overheads[count] = overheadMicros;
            latencies[count++] = latencyNanos;
        }

        private Result result(long nanos) {
            long[] o = Arrays.copyOf(overheads, count);
            long[] l = Arrays.copyOf(latencies, count);
            Arrays.sort(o);
            Arrays.sort(l);
            return new Result(o, l, errors, count / (nanos / 1e9));
        }
    }

    /**
     * Sorted overheads (us) and latencies (ns) of the successful requests, the failures, and the achieved rate.
     */
    private record Result(long[] overheadMicros, long[] latencyNanos, int errors, double rate) {

        double overhead(double p) {
            return percentile(overheadMicros, p) / 1000.0;
        }

        double latency(double p) {
            return percentile(latencyNanos, p) / 1e6;
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
            return sorted[Math.max(0, index)];
        }
    }

    /** Command-line options. */
    private static final class Options {
        @Option(names = "--rate", paramLabel = "N", defaultValue = "2000",
                description = "open-loop target rate, requests/s (default: ${DEFAULT-VALUE})")
        int rate;
        @Option(names = "--seconds", paramLabel = "N", defaultValue = "8",
                description = "length of each open-loop measurement (default: ${DEFAULT-VALUE})")
        int seconds;
        @Option(names = "--warmup", paramLabel = "N", defaultValue = "5",
                description = "seconds of warm-up per tenant at the target rate (default: ${DEFAULT-VALUE})")
        int warmup;
        @Option(names = "--concurrency", paramLabel = "N", defaultValue = "64",
                description = "closed-loop clients (default: ${DEFAULT-VALUE})")
        int concurrency;
        @Option(names = "--saturate-seconds", paramLabel = "N", defaultValue = "8",
                description = "length of each closed-loop measurement (default: ${DEFAULT-VALUE})")
        int saturateSeconds;
        @Option(names = "--tokens", paramLabel = "N", defaultValue = "8",
                description = "tokens per completion (default: ${DEFAULT-VALUE})")
        int tokens;
        @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
                description = "rounds of both loops, alternating rails off and on; medians compared"
                        + " (default: ${DEFAULT-VALUE})")
        int rounds;
        @Option(names = "--port", paramLabel = "PORT", defaultValue = "18181",
                description = "the child gateway's HTTP port (default: ${DEFAULT-VALUE})")
        int port;
        @Option(names = "--app", paramLabel = "DIR", defaultValue = "gateway/target/quarkus-app",
                description = "the packaged gateway (default: ${DEFAULT-VALUE})")
        String app;
        @Option(names = "--redis", paramLabel = "URL", defaultValue = "redis://127.0.0.1:6379",
                description = "Redis (default: ${DEFAULT-VALUE})")
        String redis;
        @Option(names = "--gateway-jvm", paramLabel = "OPTS", defaultValue = "-Xmx1g",
                description = "JVM options of the child gateway (default: ${DEFAULT-VALUE})")
        String gatewayJvm;
    }
}

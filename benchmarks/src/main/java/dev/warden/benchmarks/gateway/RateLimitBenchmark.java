package dev.warden.benchmarks.gateway;

import dev.warden.gateway.ratelimit.RateLimiter;
import dev.warden.gateway.state.RedisNamespace;
import dev.warden.gateway.state.RedisState;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Measures {@link RateLimiter#acquire} against a real Redis: closed-loop clients (each sends its next
 * acquire when the previous one completes) at several concurrency levels, limits high enough that every
 * request is admitted, so the figures are the cost of the atomic script round trip. Prints ops/s and
 * latency percentiles per level. Keys live in a throw-away namespace that is deleted at the end.
 *
 * <pre>
 * ./warden bench-ratelimit \
 *   [--redis redis://127.0.0.1:6379] [--concurrency 1,8,32,64] [--seconds 5] [--keys 1000] [--pool 16]
 * </pre>
 * {@code --keys 1} puts every client on one hot key.
 */
@CommandLine.Command(name = "bench-ratelimit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The Redis rate limiter: acquisitions/s and latency per concurrency level.")
public final class RateLimitBenchmark implements Callable<Integer> {

    @Option(names = "--redis", paramLabel = "URL", defaultValue = "redis://127.0.0.1:6379",
            description = "Redis (default: ${DEFAULT-VALUE})")
    private String url;

    @Option(names = "--concurrency", paramLabel = "N,N", split = ",", defaultValue = "1,8,32,64",
            description = "closed-loop clients per level (default: ${DEFAULT-VALUE})")
    private int[] levels;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
            description = "measured seconds per level, fractions allowed (default: ${DEFAULT-VALUE})")
    private double seconds;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "1000",
            description = "distinct keys the clients share; 1 puts every client on one hot key"
                    + " (default: ${DEFAULT-VALUE})")
    private int keys;

    @Option(names = "--pool", paramLabel = "P", defaultValue = "16",
            description = "Redis connections (default: ${DEFAULT-VALUE})")
    private int pool;

    @Spec
    private CommandSpec spec;

    private Duration duration;

    private RateLimitBenchmark() {
    }

    /** Runs the benchmark; see the class comment (or {@code --help}) for the options. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RateLimitBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        if (!(seconds > 0) || keys < 1 || pool < 1 || Arrays.stream(levels).anyMatch(level -> level < 1)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be > 0; --keys, --pool and every"
                    + " --concurrency level >= 1");
        }
        duration = Duration.ofMillis((long) (seconds * 1000));
        run();
        return 0;
    }

    private void run() {
        Vertx vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(pool).setMaxPoolWaiting(4096));
        RedisNamespace namespace = RedisNamespace.of("bench:" + UUID.randomUUID().toString().substring(0, 8) + ":");
        RateLimiter limiter = new RateLimiter(new RedisState(redis, namespace, Duration.ofSeconds(5)));
        try {
            System.out.printf("rate-limit acquire on %s: %d key(s), pool %d connections, %s per level, "
                    + "%d cores, Java %s%n", url, keys, pool, duration, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            System.out.println("| concurrency | acquires/s | p50 us | p99 us | p99.9 us | admitted |");
            System.out.println("|---|---|---|---|---|---|");
            for (int level : levels) {
                measure(limiter, level, Duration.ofSeconds(1)); // warm-up: JIT, connections, script cache
                Result r = measure(limiter, level, duration);
                System.out.printf("| %d | %,.0f | %.0f | %.0f | %.0f | %.1f%% |%n", level, r.opsPerSecond(),
                        r.percentileMicros(0.50), r.percentileMicros(0.99), r.percentileMicros(0.999),
                        100.0 * r.admitted() / r.latencies().length);
            }
        } finally {
            deleteNamespace(redis, namespace);
            redis.close();
            vertx.closeAndAwait();
        }
    }

    private Result measure(RateLimiter limiter, int concurrency, Duration length) {
        long deadline = System.nanoTime() + length.toNanos();
        List<Client> clients = new ArrayList<>();
        List<Uni<Void>> loops = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Client client = new Client(limiter, c, deadline);
            clients.add(client);
            loops.add(client.run());
        }
        long start = System.nanoTime();
        Uni.join().all(loops).andFailFast().await().atMost(length.plusSeconds(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = clients.stream().flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.count)).sorted().toArray();
        long admitted = clients.stream().mapToLong(c -> c.admitted).sum();
        return new Result(all, admitted, all.length / seconds);
    }

    /** One closed-loop client: acquires one after another on its share of the keys until the deadline. */
    private final class Client {
        private final RateLimiter limiter;
        private final long deadline;
        private int key;
        private long[] latencies = new long[1024];
        private int count;
        private long admitted;

        Client(RateLimiter limiter, int index, long deadline) {
            this.limiter = limiter;
            this.deadline = deadline;
            this.key = index;
        }

        /** The client's loop: acquires until the deadline, iteratively (no stack growth). */
        Uni<Void> run() {
            return Multi.createBy().repeating().uni(this::acquire)
                    .whilst(allowed -> System.nanoTime() < deadline)
                    .onItem().ignoreAsUni();
        }

        private Uni<Boolean> acquire() {
            key = (key + 7919) % keys;
            long sent = System.nanoTime();
            return limiter.acquire("k" + key, 1_000_000_000L, 1_000_000_000L, 100)
                    .map(d -> {
                        record(System.nanoTime() - sent, d.allowed());
                        return d.allowed();
                    });
        }

        private void record(long nanos, boolean allowed) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
            admitted += allowed ? 1 : 0;
        }
    }

    /** Sorted latencies in ns, how many were admitted, and the throughput. */
    private record Result(long[] latencies, long admitted, double opsPerSecond) {
        double percentileMicros(double p) {
            int index = (int) Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1);
            return latencies[Math.max(0, index)] / 1000.0;
        }
    }

    private static void deleteNamespace(Redis redis, RedisNamespace namespace) {
        String cursor = "0";
        do {
            Response page = redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(namespace.pattern())
                    .arg("COUNT").arg(1000)).await().atMost(Duration.ofSeconds(10));
            cursor = page.get(0).toString();
            for (Response key : page.get(1)) {
                redis.send(Request.cmd(Command.UNLINK).arg(key.toString())).await().atMost(Duration.ofSeconds(10));
            }
        } while (!"0".equals(cursor));
    }
}

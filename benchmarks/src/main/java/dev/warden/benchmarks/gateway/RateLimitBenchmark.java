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
public final class RateLimitBenchmark {

    private final String url;
    private final int[] levels;
    private final Duration duration;
    private final int keys;
    private final int pool;

    private RateLimitBenchmark(String url, int[] levels, Duration duration, int keys, int pool) {
        this.url = url;
        this.levels = levels;
        this.duration = duration;
        this.keys = keys;
        this.pool = pool;
    }

    /** Runs the benchmark; see the class comment for the options. */
    public static void main(String[] args) {
        String url = "redis://127.0.0.1:6379";
        int[] levels = {1, 8, 32, 64};
        Duration duration = Duration.ofSeconds(5);
        int keys = 1000;
        int pool = 16;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--redis" -> url = value;
                case "--concurrency" -> levels = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> duration = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                case "--keys" -> keys = Integer.parseInt(value);
                case "--pool" -> pool = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --redis URL --concurrency 1,8,32 --seconds S --keys N --pool P)");
            }
            i++;
        }
        new RateLimitBenchmark(url, levels, duration, keys, pool).run();
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

package dev.warden.recovery.config;

import java.time.Duration;
import java.util.regex.Pattern;

/** Rejects a recovery-service configuration that cannot work, at startup, naming the key. */
public final class ConfigCheck {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.:{}-]{1,64}");
    private static final Pattern REPLICA = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private ConfigCheck() {
    }

    /**
     * Returns normally for a usable configuration.
     *
     * @throws IllegalArgumentException naming the first bad key and what it accepts
     */
    public static void validate(RecoveryConfig c) {
        c.apiToken().ifPresent(token -> {
            if (token.strip().length() < 16) {
                throw new IllegalArgumentException("warden.recovery.api-token must be at least 16 characters");
            }
        });
        if (!PREFIX.matcher(c.redisPrefix()).matches()) {
            throw new IllegalArgumentException("warden.recovery.redis-prefix must be 1 to 64 characters of"
                    + " A-Z a-z 0-9 _ . : { } -, got '" + c.redisPrefix() + "'");
        }
        c.replicaId().ifPresent(id -> {
            if (!REPLICA.matcher(id).matches()) {
                throw new IllegalArgumentException("warden.recovery.replica-id must be 1 to 100 characters of"
                        + " A-Z a-z 0-9 _ . -, got '" + id + "'");
            }
        });
        if (c.torchThreads() < 1 || c.torchThreads() > 256) {
            throw new IllegalArgumentException("warden.recovery.torch-threads must be in [1, 256], got "
                    + c.torchThreads());
        }
        if (c.workers() < 1 || c.workers() > 64) {
            throw new IllegalArgumentException("warden.recovery.workers must be in [1, 64], got " + c.workers());
        }
        positive("queue.claim-min-idle", c.queue().claimMinIdle());
        positive("queue.claim-refresh", c.queue().claimRefresh());
        positive("queue.block", c.queue().block());
        positive("queue.watch-block", c.queue().watchBlock());
        positive("metrics-refresh", c.metricsRefresh());
        positive("sse-keep-alive", c.sseKeepAlive());
        positive("judge.timeout", c.judge().timeout());
        positive("inference.load-timeout", c.inference().loadTimeout());
        if (c.queue().claimRefresh().multipliedBy(3).compareTo(c.queue().claimMinIdle()) > 0) {
            throw new IllegalArgumentException("warden.recovery.queue.claim-refresh (" + c.queue().claimRefresh()
                    + ") must be at most a third of queue.claim-min-idle (" + c.queue().claimMinIdle()
                    + "), or a live worker could lose its job to another");
        }
        if (c.queue().block().compareTo(Duration.ofSeconds(5)) > 0 || c.queue().watchBlock().compareTo(
                Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException("warden.recovery.queue.block and queue.watch-block must be at most 5s"
                    + " (a blocked read holds a Redis connection)");
        }
        if (c.queue().maxAttempts() < 1) {
            throw new IllegalArgumentException("warden.recovery.queue.max-attempts must be >= 1, got "
                    + c.queue().maxAttempts());
        }
        if (c.judge().batch() < 1 || c.judge().batch() > 64) {
            throw new IllegalArgumentException("warden.recovery.judge.batch must be in [1, 64], got "
                    + c.judge().batch());
        }
        if (c.judge().geometryMaxBytes() < 1024) {
            throw new IllegalArgumentException("warden.recovery.judge.geometry-max-bytes must be >= 1024, got "
                    + c.judge().geometryMaxBytes());
        }
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("warden.recovery." + key + " must be positive, got " + value);
        }
    }
}

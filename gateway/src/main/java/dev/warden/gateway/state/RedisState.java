package dev.warden.gateway.state;

import dev.warden.gateway.state.StateUnavailableException.Reason;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The gateway's asynchronous handle on Redis: the client, the {@link RedisNamespace} every key lives under,
 * and a timeout per call. Each call returns a {@link Uni} that completes on the client's event loop (a
 * timeout fires on a small daemon timer thread) without blocking any thread; any failure of Redis (no
 * connection, no reply within the timeout, a full connection pool, an error reply) fails it with a
 * {@link StateUnavailableException} naming the operation.
 *
 * <p>Thread-safe; one instance serves the whole gateway. It does not own the client: closing the client is
 * the caller's business.
 */
public final class RedisState {

    /** The timeout per Redis call when none is configured: 1 s (a loopback call takes well under 1 ms). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /**
     * Fires the per-call timeouts: one daemon thread; a timer cancelled when its reply arrives is removed at
     * once, so the queue holds only calls in flight (Mutiny's default pool would keep every cancelled timer
     * until its deadline and keeps a JVM without Quarkus alive).
     */
    private static final ScheduledThreadPoolExecutor TIMERS = timers();

    private final Redis redis;
    private final RedisNamespace namespace;
    private final Duration timeout;

    /**
     * A handle over {@code redis}.
     *
     * @param redis the Mutiny Redis client (Quarkus exposes the configured one as a bean)
     * @param namespace the prefix of every key
     * @param timeout how long a call may take before it fails with {@link Reason#TIMEOUT}; positive
     */
    public RedisState(Redis redis, RedisNamespace namespace, Duration timeout) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Redis call timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    /** A handle over {@code redis} with the default namespace ({@code warden:}) and timeout (1 s). */
    public static RedisState of(Redis redis) {
        return new RedisState(redis, RedisNamespace.DEFAULT, DEFAULT_TIMEOUT);
    }

    /** The namespace of every key. */
    public RedisNamespace namespace() {
        return namespace;
    }

    /** The timeout per call. */
    public Duration timeout() {
        return timeout;
    }

    /** The key {@code <namespace prefix><parts joined by ':'>}. */
    public String key(String... parts) {
        return namespace.key(parts);
    }

    /** Checks that Redis answers (PING), for a readiness check; fails like any other call. */
    public Uni<Void> ping() {
        return send("ping", Request.cmd(Command.PING)).replaceWithVoid();
    }

    /**
     * Sends one command.
     *
     * @param operation what the caller is doing, for the exception message (no data)
     * @return the reply; {@code null} for a nil reply
     */
    public Uni<Response> send(String operation, Request request) {
        return guard(operation, redis.send(request));
    }

    /** Sends the commands on one connection in one round trip (not a transaction); replies in order. */
    public Uni<List<Response>> batch(String operation, List<Request> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return guard(operation, redis.batch(requests));
    }

    /**
     * Runs a Lua script: {@code EVALSHA}, and {@code EVAL} when Redis replies {@code NOSCRIPT}.
     *
     * @param keys the keys the script touches ({@code KEYS[1..]})
     * @param args the other arguments ({@code ARGV[1..]})
     * @return the script's reply; {@code null} for nil
     */
    public Uni<Response> eval(String operation, RedisScript script, List<String> keys, List<String> args) {
        Uni<Response> call = Uni.createFrom()
                .deferred(() -> redis.send(scriptCall(Command.EVALSHA, script.sha1(), keys, args)))
                .onFailure(RedisState::isNoScript)
                .recoverWithUni(() -> redis.send(scriptCall(Command.EVAL, script.source(), keys, args)));
        return guard(operation, call);
    }

    private <T> Uni<T> guard(String operation, Uni<T> call) {
        return call.ifNoItem().after(timeout).on(TIMERS)
                .failWith(() -> new StateUnavailableException(operation, Reason.TIMEOUT, null))
                .onFailure(failure -> !(failure instanceof StateUnavailableException))
                .transform(failure -> new StateUnavailableException(operation, reasonOf(failure), failure));
    }

    /** Classifies a failure of the Redis client by its type (never by its message). */
    static Reason reasonOf(Throwable failure) {
        if (isErrorReply(failure)) {
            return Reason.REJECTED;
        }
        if (failure instanceof ConnectionPoolTooBusyException) {
            return Reason.OVERLOADED;
        }
        return Reason.UNREACHABLE;
    }

    /** Whether the failure is Redis's {@code NOSCRIPT} error reply (by its protocol error code). */
    static boolean isNoScript(Throwable failure) {
        return isErrorReply(failure) && "NOSCRIPT".equals(errorCode(failure));
    }

    private static boolean isErrorReply(Throwable failure) {
        return failure instanceof io.vertx.redis.client.Response reply && reply.type() == ResponseType.ERROR;
    }

    /** The error code of an error reply: its first word, by the Redis protocol (for example NOSCRIPT). */
    private static String errorCode(Throwable reply) {
        String text = String.valueOf(reply.getMessage());
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "warden-redis-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    private static Request scriptCall(Command command, String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }
}

package dev.warden.recovery.job;

import dev.warden.recovery.error.StoreUnavailableException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Blocking Redis commands for the job layer (worker threads and REST worker threads, never the event loop):
 * any failure of Redis becomes a {@link StoreUnavailableException} naming the operation, except error
 * replies a caller asks to see ({@link #errorCode(Throwable)}).
 */
public final class RedisCalls {

    private final RedisDataSource redis;

    /** Commands over {@code redis}. */
    public RedisCalls(RedisDataSource redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /**
     * Sends one command.
     *
     * @param operation what the caller is doing, for the exception message
     * @return the reply; null for a nil reply
     */
    public Response call(String operation, String command, String... args) {
        try {
            return redis.execute(command, args);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException(operation, root(e));
        }
    }

    /** Sends one command and lets an error reply through as its protocol error code; null when it succeeded. */
    public String callForError(String operation, String command, String... args) {
        try {
            redis.execute(command, args);
            return null;
        } catch (RuntimeException e) {
            String code = errorCode(e);
            if (code == null) {
                throw new StoreUnavailableException(operation, root(e));
            }
            return code;
        }
    }

    /** Runs a Lua script ({@code EVAL}; Redis caches the compiled script). */
    public Response eval(String operation, String script, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(script);
        all.add(Integer.toString(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return call(operation, "EVAL", all.toArray(new String[0]));
    }

    /** The protocol error code (first word, e.g. BUSYGROUP) of an error reply behind {@code failure}, or null. */
    public static String errorCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.redis.client.Response reply && reply.type() == ResponseType.ERROR) {
                String text = String.valueOf(t.getMessage());
                int space = text.indexOf(' ');
                return space < 0 ? text : text.substring(0, space);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof java.util.concurrent.CompletionException || t.getMessage() == null)) {
            t = t.getCause();
        }
        return t;
    }

    /** The reply as text; null for nil. */
    public static String text(Response r) {
        return r == null ? null : r.toString();
    }
}

package dev.warden.inference.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Makes the call's deadline visible to the service. The unified (Vert.x) gRPC server does not turn the
 * {@code grpc-timeout} header into an {@link io.grpc.Context} deadline, so this interceptor reads the header
 * itself (gRPC's wire format: up to 8 digits and a unit, H M S m u n) and puts the deadline, as a
 * {@link System#nanoTime()} value, into the call's context; a deadline already in the context (the separate
 * grpc-java server sets one) is used as it is.
 */
@GlobalInterceptor
@ApplicationScoped
public class DeadlineInterceptor implements ServerInterceptor {

    private static final Metadata.Key<String> TIMEOUT =
            Metadata.Key.of("grpc-timeout", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<Long> DEADLINE_NANOS = Context.key("warden-deadline-nanos");

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        long now = System.nanoTime();
        OptionalLong timeout = parseTimeout(headers.get(TIMEOUT));
        if (timeout.isEmpty()) {
            return next.startCall(call, headers);
        }
        Context context = Context.current().withValue(DEADLINE_NANOS, now + timeout.getAsLong());
        return Contexts.interceptCall(context, call, headers, next);
    }

    /** The current call's deadline as a {@link System#nanoTime()} value, if it has one. */
    static OptionalLong deadlineNanos() {
        Long fromHeader = DEADLINE_NANOS.get();
        if (fromHeader != null) {
            return OptionalLong.of(fromHeader);
        }
        Deadline d = Context.current().getDeadline();
        return d == null ? OptionalLong.empty()
                : OptionalLong.of(System.nanoTime() + d.timeRemaining(TimeUnit.NANOSECONDS));
    }

    /** A {@code grpc-timeout} value in nanoseconds; empty when absent or malformed. */
    static OptionalLong parseTimeout(String value) {
        if (value == null || value.length() < 2 || value.length() > 9) {
            return OptionalLong.empty();
        }
        long amount;
        try {
            amount = Long.parseLong(value.substring(0, value.length() - 1));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        if (amount < 0) {
            return OptionalLong.empty();
        }
        TimeUnit unit = switch (value.charAt(value.length() - 1)) {
            case 'H' -> TimeUnit.HOURS;
            case 'M' -> TimeUnit.MINUTES;
            case 'S' -> TimeUnit.SECONDS;
            case 'm' -> TimeUnit.MILLISECONDS;
            case 'u' -> TimeUnit.MICROSECONDS;
            case 'n' -> TimeUnit.NANOSECONDS;
            default -> null;
        };
        return unit == null ? OptionalLong.empty() : OptionalLong.of(unit.toNanos(amount));
    }
}
